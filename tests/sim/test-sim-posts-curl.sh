#!/usr/bin/env bash
# Every kind of post against tern-xsim, with curl: replies, quotes, polls,
# who can reply, subtitles on a video; X's refusals of each (field by field,
# as the spec types them); reading posts back (GET /2/tweets/:id with its
# expansions, a user's recent posts); and the sandbox's HTML page of each
# post, which is where "View" leads.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/sim-lib.sh"

REDIRECT=http://127.0.0.1:8723/callback
cat > "$SIM_DIR/config.json" <<JSON
{
  "clients": [{"client_id": "tern-test", "redirect_uris": ["$REDIRECT"]}],
  "auto_approve": true,
  "processing": {"check_after_secs": 0, "polls": 1, "seconds": 0}
}
JSON
start_xsim --config "$SIM_DIR/config.json"

sign_in tern-test "$REDIRECT" "tweet.read tweet.write users.read media.write offline.access"
check_ne "signed in" "$ACCESS" "<missing>"
AUTH="Authorization: Bearer $ACCESS"
JSON_TYPE="Content-Type: application/json"
USER_ID=1000000000000000001

post() { # BODY: sets STATUS; the new post's id in POST_ID
  http POST "$BASE/2/tweets" -H "$AUTH" -H "$JSON_TYPE" -d "$1"
  POST_ID=$(json data.id)
}
# refused DESCRIPTION BODY STATUS MESSAGE-REGEX
refused() {
  post "$2"
  if [ "$STATUS" = "$3" ] && printf '%s' "$(json errors.0.message)$(json detail)" | grep -Eq -- "$4"; then
    ok "$1"
  else
    not_ok "$1" "expected $3 matching: $4" "got: $STATUS $(head -c 400 "$SIM_DIR/body")"
  fi
}
page() { # ID: fetches the sandbox page of a post into $SIM_DIR/page.html
  curl -s -o "$SIM_DIR/page.html" -D "$SIM_DIR/page.headers" -w '%{http_code}' "$BASE/sandbox/status/$1"
}
on_page() { # DESCRIPTION TEXT: the last page holds TEXT
  if grep -qF -- "$2" "$SIM_DIR/page.html"; then ok "$1"; else not_ok "$1" "not on the page: $2" "$(head -c 600 "$SIM_DIR/page.html")"; fi
}

# --- the post replied to and quoted ----------------------------------------------
post '{"text": "The first post: <b>bold</b> & more"}'
check "a first post is created" "$STATUS" 201
FIRST=$POST_ID
check "its text comes back as X answers it: entities escaped" "$(json data.text)" \
  "The first post: &lt;b&gt;bold&lt;/b&gt; &amp; more"

# --- replies ----------------------------------------------------------------------------
post "{\"text\": \"A reply\", \"reply\": {\"in_reply_to_tweet_id\": \"$FIRST\"}, \"reply_settings\": \"mentionedUsers\"}"
check "a reply to an existing post is created" "$STATUS" 201
REPLY=$POST_ID
refused "a reply to a post that does not exist is refused" \
  '{"text": "To nobody", "reply": {"in_reply_to_tweet_id": "1234567"}}' 403 "deleted or not visible"
refused "a reply without in_reply_to_tweet_id is refused, naming it" \
  '{"text": "To what?", "reply": {}}' 400 'reply\.in_reply_to_tweet_id: is missing'
refused "a reply to an id that is no number is refused" \
  '{"text": "To what?", "reply": {"in_reply_to_tweet_id": "abc"}}' 400 'regex pattern'

# --- quotes -------------------------------------------------------------------------------
post "{\"text\": \"A quote\", \"quote_tweet_id\": \"$FIRST\"}"
check "a quote of an existing post is created" "$STATUS" 201
QUOTE=$POST_ID
refused "a quote of a post that does not exist is refused" \
  '{"text": "Quoting nothing", "quote_tweet_id": "7654321"}' 403 "deleted or not visible"

# --- polls --------------------------------------------------------------------------------
post '{"text": "Which one?", "poll": {"options": ["Heron", "Egret", "Stork"], "duration_minutes": 1440}, "reply_settings": "following"}'
check "a poll is created" "$STATUS" 201
POLL=$POST_ID
refused "a poll of one option is refused" \
  '{"text": "Poll", "poll": {"options": ["Only"], "duration_minutes": 60}}' 400 "minimum of 2 items"
refused "a poll of five options is refused" \
  '{"text": "Poll", "poll": {"options": ["a","b","c","d","e"], "duration_minutes": 60}}' 400 "maximum of 4 items"
refused "an empty poll option is refused" \
  '{"text": "Poll", "poll": {"options": ["a", ""], "duration_minutes": 60}}' 400 'options\[1\]: must be at least 1 characters'
refused "a poll option of 26 characters is refused" \
  '{"text": "Poll", "poll": {"options": ["a", "abcdefghijklmnopqrstuvwxyz"], "duration_minutes": 60}}' 400 "may only be 25 characters"
post '{"text": "Poll of 25", "poll": {"options": ["a", "abcdefghijklmnopqrstuvwxy"], "duration_minutes": 5}}'
check "a poll option of 25 characters and 5 minutes is accepted" "$STATUS" 201
refused "a poll of 4 minutes is refused" \
  '{"text": "Poll", "poll": {"options": ["a", "b"], "duration_minutes": 4}}' 400 "minimum value of 5"
refused "a poll of 10081 minutes is refused" \
  '{"text": "Poll", "poll": {"options": ["a", "b"], "duration_minutes": 10081}}' 400 "maximum value of 10080"
refused "a poll without a duration is refused" \
  '{"text": "Poll", "poll": {"options": ["a", "b"]}}' 400 "duration_minutes: is missing"
refused "a poll with a quote is refused" \
  "{\"text\": \"Poll\", \"quote_tweet_id\": \"$FIRST\", \"poll\": {\"options\": [\"a\", \"b\"], \"duration_minutes\": 60}}" 400 "poll"

# --- who can reply, and fields X does not know -----------------------------------------------
for who in following mentionedUsers subscribers verified; do
  post "{\"text\": \"Replies: $who\", \"reply_settings\": \"$who\"}"
  check "reply_settings $who is accepted" "$STATUS" 201
done
refused "reply_settings everyone is not one of X's values" \
  '{"text": "Everyone", "reply_settings": "everyone"}' 400 "does not have a value in the enumeration"
refused "a field X does not know is refused, naming it" \
  '{"text": "Hello", "colour": "red"}' 400 '^\$\.colour: is not defined in the schema'
check "the refusal names the field among its parameters" "$(json errors.0.parameters | grep -o colour)" colour
refused "a field X does not know inside reply is refused, naming it" \
  "{\"text\": \"Hello\", \"reply\": {\"in_reply_to_tweet_id\": \"$FIRST\", \"to\": 1}}" 400 'reply\.to: is not defined'
refused "a text that is a number is refused" '{"text": 42}' 400 'text: integer found, string expected'
refused "a post without text is refused (X's backend needs it, even empty)" '{"reply_settings": "following"}' 400 'text: is missing'

# --- media with alt text, and a video with subtitles --------------------------------------------
make_png "$SIM_DIR/pic.png" 30 20
http POST "$BASE/2/media/upload" -H "$AUTH" -F "media=@$SIM_DIR/pic.png" -F media_category=tweet_image
IMAGE=$(json data.id)
http POST "$BASE/2/media/metadata" -H "$AUTH" -H "$JSON_TYPE" \
  -d "{\"id\": \"$IMAGE\", \"metadata\": {\"alt_text\": {\"text\": \"A grey <rectangle>\"}}}"
check "alt text is set" "$STATUS" 200
refused "a poll with media is refused" \
  "{\"text\": \"Poll\", \"media\": {\"media_ids\": [\"$IMAGE\"]}, \"poll\": {\"options\": [\"a\", \"b\"], \"duration_minutes\": 60}}" 400 "media and poll"
post "{\"text\": \"\", \"media\": {\"media_ids\": [\"$IMAGE\"]}}"
check "a media-only post with empty text is created" "$STATUS" 201
IMAGE_POST=$POST_ID
check_match "its text is only the t.co link of its media" "$(json data.text)" '^https://t\.co/[A-Za-z0-9]{10}$'

make_bytes "$SIM_DIR/video.mp4" 50000 3
http POST "$BASE/2/media/upload/initialize" -H "$AUTH" -H "$JSON_TYPE" \
  -d '{"media_type": "video/mp4", "total_bytes": 50000, "media_category": "tweet_video"}'
VIDEO=$(json data.id)
http POST "$BASE/2/media/upload/$VIDEO/append" -H "$AUTH" -F segment_index=0 -F "media=@$SIM_DIR/video.mp4"
http POST "$BASE/2/media/upload/$VIDEO/finalize" -H "$AUTH"
check "the video's FINALIZE carries video.video_type" "$(json data.video.video_type)" video/mp4
http GET "$BASE/2/media/upload?media_id=$VIDEO" -H "$AUTH"
check "STATUS without command answers" "$STATUS" 200
check "the video is processed" "$(json data.processing_info.state)" succeeded

printf '1\n00:00:00,000 --> 00:00:01,500\nA heron lands\n' > "$SIM_DIR/en.srt"
SRT_SIZE=$(stat -c %s "$SIM_DIR/en.srt")
http POST "$BASE/2/media/upload/initialize" -H "$AUTH" -H "$JSON_TYPE" \
  -d "{\"media_type\": \"text/srt\", \"total_bytes\": $SRT_SIZE, \"media_category\": \"subtitles\"}"
SUBS=$(json data.id)
http POST "$BASE/2/media/upload/$SUBS/append" -H "$AUTH" -F segment_index=0 -F "media=@$SIM_DIR/en.srt"
http POST "$BASE/2/media/upload/$SUBS/finalize" -H "$AUTH"
check "subtitles upload without processing" "$(json data.processing_info)" "<missing>"

http POST "$BASE/2/media/subtitles" -H "$AUTH" -H "$JSON_TYPE" \
  -d "{\"id\": \"$VIDEO\", \"media_category\": \"TweetVideo\", \"subtitles\": {\"id\": \"$SUBS\", \"language_code\": \"en\", \"display_name\": \"English\"}}"
check "subtitles are associated with the video" "$STATUS" 200
check "the answer lists them by language" "$(json data.associated_subtitles.en.display_name)" English
http POST "$BASE/2/media/subtitles" -H "$AUTH" -H "$JSON_TYPE" \
  -d "{\"id\": \"$VIDEO\", \"media_category\": \"TweetVideo\", \"subtitles\": {\"id\": \"$SUBS\", \"language_code\": \"fr\", \"display_name\": \"Français\"}}"
check "a second language is associated" "$STATUS" 200
http POST "$BASE/2/media/subtitles" -H "$AUTH" -H "$JSON_TYPE" \
  -d "{\"id\": \"$VIDEO\", \"media_category\": \"TweetVideo\", \"subtitles\": {\"id\": \"$IMAGE\", \"language_code\": \"de\"}}"
check "an image is not a subtitles track" "$STATUS" 400
http POST "$BASE/2/media/subtitles" -H "$AUTH" -H "$JSON_TYPE" \
  -d "{\"id\": \"$IMAGE\", \"media_category\": \"TweetVideo\", \"subtitles\": {\"id\": \"$SUBS\", \"language_code\": \"en\"}}"
check "subtitles go on a video only" "$STATUS" 400
http POST "$BASE/2/media/subtitles" -H "$AUTH" -H "$JSON_TYPE" \
  -d "{\"id\": \"$VIDEO\", \"media_category\": \"TweetVideo\", \"subtitles\": {\"id\": \"$SUBS\", \"language_code\": \"english!\"}}"
check "a language code that is no BCP 47 code is refused" "$STATUS" 400
http DELETE "$BASE/2/media/subtitles" -H "$AUTH" -H "$JSON_TYPE" \
  -d "{\"id\": \"$VIDEO\", \"language_code\": \"fr\", \"media_category\": \"TweetVideo\"}"
check "a language's subtitles are removed" "$(json data.deleted)" true
http DELETE "$BASE/2/media/subtitles" -H "$AUTH" -H "$JSON_TYPE" \
  -d "{\"id\": \"$VIDEO\", \"language_code\": \"fr\", \"media_category\": \"TweetVideo\"}"
check "removing them twice deletes nothing" "$(json data.deleted)" false

post "{\"text\": \"A clip with subtitles\", \"media\": {\"media_ids\": [\"$VIDEO\"]}}"
check "the video is posted" "$STATUS" 201
VIDEO_POST=$POST_ID

# --- reading posts back ---------------------------------------------------------------------------
http GET "$BASE/2/tweets/$REPLY?expansions=author_id,referenced_tweets.id&user.fields=profile_image_url&tweet.fields=author_id,referenced_tweets,reply_settings,in_reply_to_user_id" -H "$AUTH"
check "a post is looked up" "$STATUS" 200
check "with its text" "$(json data.text)" "A reply"
check "with its author id" "$(json data.author_id)" "$USER_ID"
check "with what it replies to" "$(json data.referenced_tweets.0.type) $(json data.referenced_tweets.0.id)" "replied_to $FIRST"
check "with who can reply" "$(json data.reply_settings)" mentionedUsers
check "with whom it replies to" "$(json data.in_reply_to_user_id)" "$USER_ID"
check "the author is expanded" "$(json includes.users.0.username)" sandbox
check "the author's picture is the simulator's" "$(json includes.users.0.profile_image_url)" "$BASE/sim/avatar/$USER_ID.png"
check "the post replied to is expanded" "$(json includes.tweets.0.id)" "$FIRST"

http GET "$BASE/2/tweets/$IMAGE_POST?tweet.fields=attachments&expansions=attachments.media_keys" -H "$AUTH"
check_match "attachments carry the media key" "$(json data.attachments.media_keys.0)" "^3_$IMAGE\$"
check "the media is expanded as a photo" "$(json includes.media.0.type)" photo
http GET "$BASE/2/tweets/$POLL?post.fields=attachments&expansions=attachments.poll_ids" -H "$AUTH"
check "post.fields (the SDK's name) works as tweet.fields" "$(json data.attachments.poll_ids.0 | grep -c '^[0-9]')" 1
check "the poll's options are expanded" "$(json includes.polls.0.options.2.label)" Stork
check "the poll is open" "$(json includes.polls.0.voting_status)" open
http GET "$BASE/2/tweets/$QUOTE?tweet.fields=referenced_tweets" -H "$AUTH"
check "a quote says what it quotes" "$(json data.referenced_tweets.0.type) $(json data.referenced_tweets.0.id)" "quoted $FIRST"

http GET "$BASE/2/tweets/1234567" -H "$AUTH"
check "an unknown post answers 200" "$STATUS" 200
check "with X's not-found problem" "$(json errors.0.type)" https://api.x.com/2/problems/resource-not-found
check "naming the id" "$(json errors.0.resource_id)" 1234567
check "and no data" "$(json data)" "<missing>"
http GET "$BASE/2/tweets/abc" -H "$AUTH"
check "an id that is no number is refused" "$STATUS" 400
http GET "$BASE/2/tweets/$FIRST?expansions=everything" -H "$AUTH"
check "an unknown expansion is refused" "$STATUS" 400
http GET "$BASE/2/tweets/$FIRST"
check "looking up needs a token" "$STATUS" 401

http GET "$BASE/2/users/$USER_ID/tweets?max_results=100&tweet.fields=attachments,referenced_tweets" -H "$AUTH"
check "the user's recent posts answer" "$STATUS" 200
check "newest first" "$(json data.0.id)" "$VIDEO_POST"
check "with media keys" "$(json data.0.attachments.media_keys.0)" "7_$VIDEO"
python3 - "$SIM_DIR/body" "$REPLY" "$FIRST" > "$SIM_DIR/refs" <<'PY'
import json, sys
posts = json.load(open(sys.argv[1]))["data"]
reply = [p for p in posts if p["id"] == sys.argv[2]][0]
print(reply["referenced_tweets"] == [{"type": "replied_to", "id": sys.argv[3]}])
PY
check "with referenced posts" "$(cat "$SIM_DIR/refs")" True

# --- the sandbox's pages ---------------------------------------------------------------------------
check "the page of a post answers" "$(page "$FIRST")" 200
check_match "as HTML" "$(grep -i '^content-type:' "$SIM_DIR/page.headers" | tr -d '\r')" 'text/html'
on_page "it shows the text, escaped for HTML" "The first post: &lt;b&gt;bold&lt;/b&gt; &amp; more"
on_page "it says it is the sandbox, not X" "Nothing here is on X"
on_page "it shows the author" "@sandbox"
on_page "its picture is the simulator's" "$BASE/sim/avatar/$USER_ID.png"
if grep -Eq 'src="https?://' "$SIM_DIR/page.html" && grep -E 'src="https?://' "$SIM_DIR/page.html" | grep -vqF "$BASE"; then
  not_ok "the page loads nothing from elsewhere" "$(grep -Eo 'src="[^"]*"' "$SIM_DIR/page.html")"
else ok "the page loads nothing from elsewhere"; fi

page "$REPLY" > /dev/null
on_page "a reply's page shows what it replies to" "Replying to"
on_page "with a link to that post" "/sandbox/status/$FIRST"
on_page "and who can reply" "Only accounts mentioned in the post can reply"
page "$QUOTE" > /dev/null
on_page "a quote's page shows the quoted post" 'class="quote"'
on_page "with the quoted text" "The first post: &lt;b&gt;bold&lt;/b&gt;"
page "$POLL" > /dev/null
on_page "a poll's page shows its options" "Egret"
on_page "and its length" "Poll of 1440 minutes"
page "$IMAGE_POST" > /dev/null
on_page "an image's page shows its alt text" "Alt text: A grey &lt;rectangle&gt;"
on_page "and what the image is" "image/png · 30×20"
page "$VIDEO_POST" > /dev/null
on_page "a video's page shows its subtitles' languages" "Subtitles: English (en)"
if grep -qF "Français" "$SIM_DIR/page.html"; then not_ok "removed subtitles are not shown"; else ok "removed subtitles are not shown"; fi
check "an unknown post's page answers 404" "$(page 1234567)" 404
on_page "saying so in words" "This post doesn’t exist"

# --- deleting ---------------------------------------------------------------------------------------
http DELETE "$BASE/2/tweets/$QUOTE" -H "$AUTH"
check "a post is deleted" "$(json data.deleted)" true
http GET "$BASE/2/tweets/$QUOTE" -H "$AUTH"
check "a deleted post is not found" "$(json errors.0.title)" "Not Found Error"
check "its page is gone" "$(page "$QUOTE")" 404
refused "a deleted post cannot be quoted" "{\"text\": \"Again\", \"quote_tweet_id\": \"$QUOTE\"}" 403 "deleted or not visible"

finish
