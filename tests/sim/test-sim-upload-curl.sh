#!/usr/bin/env bash
# A chunked upload and a post with media against tern-xsim, with curl,
# following the steps of X's documentation: INIT, APPEND, FINALIZE, STATUS,
# alt text, POST /2/tweets; then the one-shot image upload and X's refusals.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/sim-lib.sh"

REDIRECT=http://127.0.0.1:8723/callback
cat > "$SIM_DIR/config.json" <<JSON
{
  "clients": [{"client_id": "tern-test", "redirect_uris": ["$REDIRECT"]}],
  "auto_approve": true,
  "processing": {"check_after_secs": 30, "polls": 2, "seconds": 0}
}
JSON
start_xsim --config "$SIM_DIR/config.json"

sign_in tern-test "$REDIRECT" "tweet.read tweet.write users.read media.write offline.access"
check_ne "signed in" "$ACCESS" "<missing>"
AUTH="Authorization: Bearer $ACCESS"

# --- chunked upload ----------------------------------------------------------
VIDEO=$SIM_DIR/video.mp4
make_bytes "$VIDEO" $((9 * 1024 * 1024 + 12345)) 7
TOTAL=$(stat -c %s "$VIDEO")
(cd "$SIM_DIR" && split -b 4M -d -a 1 video.mp4 chunk-)

http POST "$BASE/2/media/upload/initialize" -H "$AUTH" -H "Content-Type: application/json" \
  -d "{\"media_type\": \"video/mp4\", \"total_bytes\": $TOTAL, \"media_category\": \"tweet_video\"}"
check "INIT answers 200" "$STATUS" 200
MEDIA=$(json data.id)
check_match "INIT gives a numeric id string" "$MEDIA" '^[0-9]{19}$'
check "INIT gives a video media_key" "$(json data.media_key)" "7_$MEDIA"
check "INIT says when the id expires" "$(json data.expires_after_secs)" 86400

# X does not document an order; the simulator assembles by index.
for i in 2 0 1; do
  http POST "$BASE/2/media/upload/$MEDIA/append" -H "$AUTH" -F "segment_index=$i" -F "media=@$SIM_DIR/chunk-$i"
  check "APPEND segment $i answers 2xx" "$(printf %s "$STATUS" | cut -c1)" 2
done
# a repeated segment replaces the earlier one
printf 'not the right bytes' > "$SIM_DIR/wrong"
http POST "$BASE/2/media/upload/$MEDIA/append" -H "$AUTH" -F "segment_index=1" -F "media=@$SIM_DIR/wrong"
http POST "$BASE/2/media/upload/$MEDIA/append" -H "$AUTH" -F "segment_index=1" -F "media=@$SIM_DIR/chunk-1"
check "a repeated APPEND answers 2xx" "$(printf %s "$STATUS" | cut -c1)" 2

http POST "$BASE/2/media/upload/$MEDIA/append" -H "$AUTH" -F "segment_index=1000" -F "media=@$SIM_DIR/wrong"
check "segment_index 1000 is refused" "$STATUS" 400
check "the refusal is X's invalid-request problem" "$(json type)" "https://api.x.com/2/problems/invalid-request"

http POST "$BASE/2/media/upload/$MEDIA/finalize" -H "$AUTH"
check "FINALIZE answers 200" "$STATUS" 200
check "FINALIZE gives the size" "$(json data.size)" "$TOTAL"
check "video is pending processing" "$(json data.processing_info.state)" pending
check "FINALIZE says when to check" "$(json data.processing_info.check_after_secs)" 30

http POST "$BASE/2/tweets" -H "$AUTH" -H "Content-Type: application/json" \
  -d "{\"text\": \"too soon\", \"media\": {\"media_ids\": [\"$MEDIA\"]}}"
check "media still processing cannot be posted" "$STATUS" 400
check "X's words for unusable media" "$(json errors.0.message)" "Your media IDs are invalid."
check "naming the media ids" "$(json errors.0.parameters)" "{\"media.media_ids\":[\"$MEDIA\"]}"

http GET "$BASE/2/media/upload?command=STATUS&media_id=$MEDIA" -H "$AUTH"
check "a STATUS before check_after_secs still answers" "$STATUS" 200
check "an early poll does not move processing" "$(json data.processing_info.state)" pending
http GET "$BASE/sim/requests"
check "the early poll is in the request log" \
  "$(python3 -c 'import json,sys; print(sum(1 for r in json.load(open(sys.argv[1]))["requests"] if r.get("early_poll")))' "$SIM_DIR/body")" 1

http POST "$BASE/sim/clock?advance=30"
http GET "$BASE/2/media/upload?command=STATUS&media_id=$MEDIA" -H "$AUTH"
check "processing moves on" "$(json data.processing_info.state)" in_progress
check "progress is reported" "$(json data.processing_info.progress_percent)" 50
http POST "$BASE/sim/clock?advance=30"
# the spec makes command optional
http GET "$BASE/2/media/upload?media_id=$MEDIA" -H "$AUTH"
check "STATUS without command answers" "$STATUS" 200
check "processing succeeds" "$(json data.processing_info.state)" succeeded
check "a video's STATUS carries video.video_type" "$(json data.video.video_type)" video/mp4
check "progress reaches 100" "$(json data.processing_info.progress_percent)" 100
check "STATUS has rate-limit headers" "$(header x-rate-limit-limit)" 1000

http GET "$BASE/sim/media/$MEDIA"
check "the assembled bytes are the file's bytes" "$(json sha256)" "$(sha256_of "$VIDEO")"

ALT=$(python3 -c 'print("a" * 1000)')
http POST "$BASE/2/media/metadata" -H "$AUTH" -H "Content-Type: application/json" \
  -d "{\"id\": \"$MEDIA\", \"metadata\": {\"alt_text\": {\"text\": \"$ALT\"}}}"
check "alt text of 1000 characters is accepted" "$STATUS" 200
check "metadata answers the id" "$(json data.id)" "$MEDIA"
http POST "$BASE/2/media/metadata" -H "$AUTH" -H "Content-Type: application/json" \
  -d "{\"id\": \"$MEDIA\", \"metadata\": {\"alt_text\": {\"text\": \"${ALT}b\"}}}"
check "alt text of 1001 characters is refused" "$STATUS" 400

# --- the post -----------------------------------------------------------------
http POST "$BASE/2/tweets" -H "$AUTH" -H "Content-Type: application/json" \
  -d "{\"text\": \"Hello from the simulator\", \"media\": {\"media_ids\": [\"$MEDIA\"]}}"
check "a post with processed media is created" "$STATUS" 201
POST=$(json data.id)
# X answers the text with a t.co link to the media appended
check_match "the post answers its text and a link to its media" "$(json data.text)" \
  '^Hello from the simulator https://t\.co/[A-Za-z0-9]{10}$'
check "the post has its edit history" "$(json data.edit_history_tweet_ids)" "[\"$POST\"]"
check "posting sends the rate limit" "$(header x-rate-limit-limit)" 100
check_ne "posting sends the 24-hour user limit" "$(header x-user-limit-24hour-remaining)" ""
check_ne "posting sends the 24-hour app limit" "$(header x-app-limit-24hour-remaining)" ""

http POST "$BASE/2/tweets" -H "$AUTH" -H "Content-Type: application/json" -d '{"text": "Hello from the simulator"}'
check "duplicate text answers 403" "$STATUS" 403
check "duplicate text says X's words" "$(json detail)" "You are not allowed to create a Tweet with duplicate content."

http POST "$BASE/2/tweets" -H "$AUTH" -H "Content-Type: application/json" \
  -d "{\"text\": \"and a reply\", \"reply\": {\"in_reply_to_tweet_id\": \"$POST\"}}"
check "a reply to an existing post is created" "$STATUS" 201
REPLY=$(json data.id)
http POST "$BASE/2/tweets" -H "$AUTH" -H "Content-Type: application/json" \
  -d '{"text": "into the void", "reply": {"in_reply_to_tweet_id": "1234567890123456789"}}'
check "a reply to a missing post answers 403" "$STATUS" 403

http GET "$BASE/2/users/1000000000000000001/tweets?max_results=5&tweet.fields=created_at,attachments,referenced_tweets" -H "$AUTH"
check "the user's latest posts" "$(json meta.result_count)" 2
check "newest first" "$(json data.0.id)" "$REPLY"
check "the reply references its parent" "$(json data.0.referenced_tweets.0.id)" "$POST"
check "attachments give the media key" "$(json data.1.attachments.media_keys.0)" "7_$MEDIA"

# --- totals that do not add up -------------------------------------------------
http POST "$BASE/2/media/upload/initialize" -H "$AUTH" -H "Content-Type: application/json" \
  -d "{\"media_type\": \"video/mp4\", \"total_bytes\": 5000, \"media_category\": \"tweet_video\"}"
SHORT=$(json data.id)
head -c 4999 "$VIDEO" > "$SIM_DIR/short"
http POST "$BASE/2/media/upload/$SHORT/append" -H "$AUTH" -F "segment_index=0" -F "media=@$SIM_DIR/short"
http POST "$BASE/2/media/upload/$SHORT/finalize" -H "$AUTH"
check "FINALIZE with missing bytes answers 400" "$STATUS" 400
check "with X's message" "$(json errors.0.message)" "Segments do not add up to provided total file size."

http POST "$BASE/2/media/upload/initialize" -H "$AUTH" -H "Content-Type: application/json" \
  -d '{"media_type": "video/mp4", "total_bytes": 536870913, "media_category": "tweet_video"}'
check "a video over 512 MB is refused at INIT" "$STATUS" 400
check "saying the limit" "$(json errors.0.message)" "File size exceeds 536870912 bytes."

# --- one-shot images ---------------------------------------------------------------
make_png "$SIM_DIR/pic.png" 64 48
http POST "$BASE/2/media/upload" -H "$AUTH" -F "media=@$SIM_DIR/pic.png" -F media_category=tweet_image
check "a one-shot image upload answers 200" "$STATUS" 200
IMAGE=$(json data.id)
check "the image type is sniffed from the bytes" "$(json data.image.image_type)" image/png
check "the image size is read" "$(json data.image.w)x$(json data.image.h)" 64x48
check "an image has no processing" "$(json data.processing_info)" "<missing>"
check "an image media_key" "$(json data.media_key)" "3_$IMAGE"
http GET "$BASE/2/media/upload?command=STATUS&media_id=$IMAGE" -H "$AUTH"
check "STATUS on media without processing answers 400" "$STATUS" 400
http GET "$BASE/sim/media/$IMAGE"
check "the one-shot bytes are kept by hash" "$(json sha256)" "$(sha256_of "$SIM_DIR/pic.png")"

make_bytes "$SIM_DIR/big.png" $((5 * 1024 * 1024 + 1)) 3
printf '\x89PNG\r\n\x1a\n' | dd of="$SIM_DIR/big.png" conv=notrunc status=none
http POST "$BASE/2/media/upload" -H "$AUTH" -F "media=@$SIM_DIR/big.png" -F media_category=tweet_image
check "an image over 5 MB is refused" "$STATUS" 400
check "saying the limit" "$(json errors.0.message)" "File size exceeds 5242880 bytes."

# The spec's other forms: JSON with base64 media, INIT without media_type or
# total_bytes, STATUS without command.
python3 - "$SIM_DIR/pic.png" > "$SIM_DIR/oneshot.json" <<'PY'
import base64, json, sys
print(json.dumps({"media": base64.b64encode(open(sys.argv[1], "rb").read()).decode(), "media_category": "tweet_image"}))
PY
http POST "$BASE/2/media/upload" -H "$AUTH" -H "Content-Type: application/json" --data-binary "@$SIM_DIR/oneshot.json"
check "a one-shot upload as JSON (base64 media) answers 200" "$STATUS" 200
check "and reads the image the same" "$(json data.image.image_type) $(json data.image.w)x$(json data.image.h)" "image/png 64x48"
http POST "$BASE/2/media/upload" -H "$AUTH" -F "media=@$SIM_DIR/pic.png"
check "a one-shot upload without media_category is refused (the spec requires it)" "$STATUS" 400
printf 'GIF89a\x02\x00\x02\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff,\x00\x00\x00\x00\x02\x00\x02\x00\x00\x02\x02D\x01\x00;' > "$SIM_DIR/still.gif"
http POST "$BASE/2/media/upload" -H "$AUTH" -F "media=@$SIM_DIR/still.gif" -F media_category=tweet_image -F media_type=image/gif
check "GIF is no one-shot media_type in the spec" "$STATUS" 400
check_match "the refusal names media_type" "$(json errors.0.message)" '^\$\.media_type: does not have a value'

http POST "$BASE/2/media/upload/initialize" -H "$AUTH" -H "Content-Type: application/json" \
  -d '{"media_category": "tweet_image"}'
check "INIT without media_type or total_bytes answers 200" "$STATUS" 200
BARE=$(json data.id)
http POST "$BASE/2/media/upload/$BARE/append" -H "$AUTH" -F segment_index=0 -F "media=@$SIM_DIR/pic.png"
http POST "$BASE/2/media/upload/$BARE/finalize" -H "$AUTH"
check "its FINALIZE takes the total from the segments" "$(json data.size)" "$(stat -c %s "$SIM_DIR/pic.png")"
check "a chunked image's FINALIZE carries image_type, w and h" \
  "$(json data.image.image_type) $(json data.image.w)x$(json data.image.h)" "image/png 64x48"
http POST "$BASE/2/media/upload/initialize" -H "$AUTH" -H "Content-Type: application/json" \
  -d '{"media_type": "image/pjpeg", "total_bytes": 100}'
check "INIT with image/pjpeg answers 200" "$STATUS" 200
http POST "$BASE/2/media/upload/initialize" -H "$AUTH" -H "Content-Type: application/json" \
  -d '{"media_type": "image/x-unknown", "total_bytes": 100}'
check "INIT with a type outside the spec's list is refused" "$STATUS" 400

printf 'just some text, not an image' > "$SIM_DIR/fake.png"
http POST "$BASE/2/media/upload" -H "$AUTH" -F "media=@$SIM_DIR/fake.png" -F media_category=tweet_image
check "bytes that are no image are refused whatever their name" "$STATUS" 400

IDS=""
for i in 1 2 3 4 5; do
  make_png "$SIM_DIR/p$i.png" $((8 + i)) 8
  http POST "$BASE/2/media/upload" -H "$AUTH" -F "media=@$SIM_DIR/p$i.png" -F media_category=tweet_image
  IDS="$IDS${IDS:+,}\"$(json data.id)\""
done
http POST "$BASE/2/tweets" -H "$AUTH" -H "Content-Type: application/json" \
  -d "{\"text\": \"five pictures\", \"media\": {\"media_ids\": [$IDS]}}"
check "five images are refused" "$STATUS" 400
FOUR=$(printf %s "$IDS" | cut -d, -f1-4)
http POST "$BASE/2/tweets" -H "$AUTH" -H "Content-Type: application/json" \
  -d "{\"text\": \"four pictures\", \"media\": {\"media_ids\": [$FOUR]}}"
check "four images are posted" "$STATUS" 201
http POST "$BASE/2/tweets" -H "$AUTH" -H "Content-Type: application/json" \
  -d "{\"text\": \"video and picture\", \"media\": {\"media_ids\": [\"$MEDIA\", \"$IMAGE\"]}}"
check "a video with an image is refused" "$STATUS" 400
http POST "$BASE/2/tweets" -H "$AUTH" -H "Content-Type: application/json" \
  -d "{\"text\": \"picture poll\", \"media\": {\"media_ids\": [\"$IMAGE\"]}, \"poll\": {\"options\": [\"a\", \"b\"], \"duration_minutes\": 60}}"
check "media with a poll is refused" "$STATUS" 400
http POST "$BASE/2/tweets" -H "$AUTH" -H "Content-Type: application/json" \
  -d "{\"text\": \"picture quote\", \"media\": {\"media_ids\": [\"$IMAGE\"]}, \"quote_tweet_id\": \"$POST\"}"
check "media with a quote is refused" "$STATUS" 400

# --- APPENDs in flight at once ------------------------------------------------------
# Real X answers APPENDs on parallel servers: segments sent at once are all
# held at once, each waiting out its own processing time, stored in the
# order they come and assembled by index; a segment sent again with the same
# bytes changes nothing.
BIG=$SIM_DIR/big.mp4
make_bytes "$BIG" $((3 * 4 * 1024 * 1024 + 999)) 11
BIG_TOTAL=$(stat -c %s "$BIG")
(cd "$SIM_DIR" && split -b 4M -d -a 1 big.mp4 big-)
http POST "$BASE/2/media/upload/initialize" -H "$AUTH" -H "Content-Type: application/json" \
  -d "{\"media_type\": \"video/mp4\", \"total_bytes\": $BIG_TOTAL, \"media_category\": \"tweet_video\"}"
BIG_MEDIA=$(json data.id)
# long next to starting four curls, so all four arrive before any answer
http POST "$BASE/sim/fault-plan" -H "Content-Type: application/json" -d '{"append_processing_ms": 3000}'
check "the processing time is set" "$STATUS" 200
pids=()
for i in 3 2 1 0; do
  curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/2/media/upload/$BIG_MEDIA/append" -H "$AUTH" \
       -F "segment_index=$i" -F "media=@$SIM_DIR/big-$i" > "$SIM_DIR/append-status-$i" &
  pids+=($!)
done
wait "${pids[@]}"
for i in 0 1 2 3; do
  check "APPEND $i sent with the others answers 2xx" "$(cut -c1 "$SIM_DIR/append-status-$i")" 2
done
http POST "$BASE/sim/fault-plan" -H "Content-Type: application/json" -d '{}'
http GET "$BASE/sim/requests"
# received and not yet answered; an answer at the moment another arrives counts first
check "the simulator held the four APPENDs at once" "$(python3 - "$SIM_DIR/body" "$BIG_MEDIA" <<'PY'
import json, sys
events = []
for r in json.load(open(sys.argv[1]))["requests"]:
    if r["kind"] == "media_append" and r.get("media_id") == sys.argv[2]:
        events += [(r["received_us"], 1), (r["received_us"] + r["duration_us"], -1)]
held = most = 0
for _, step in sorted(events, key=lambda e: (e[0], e[1])):
    held += step
    most = max(most, held)
print(most)
PY
)" 4
http POST "$BASE/2/media/upload/$BIG_MEDIA/append" -H "$AUTH" -F "segment_index=1" -F "media=@$SIM_DIR/big-1"
check "the same segment again answers 2xx" "$(printf %s "$STATUS" | cut -c1)" 2
http POST "$BASE/2/media/upload/$BIG_MEDIA/finalize" -H "$AUTH"
check "FINALIZE after APPENDs in flight answers 200" "$STATUS" 200
check "FINALIZE gives the size of all four" "$(json data.size)" "$BIG_TOTAL"
http GET "$BASE/sim/media/$BIG_MEDIA"
check "the segments are assembled by index" "$(json sha256)" "$(sha256_of "$BIG")"

# --- X's weighted length ----------------------------------------------------------
post_text() {
  python3 -c 'import json,sys; print(json.dumps({"text": sys.argv[1]}))' "$1" > "$SIM_DIR/post.json"
  http POST "$BASE/2/tweets" -H "$AUTH" -H "Content-Type: application/json" --data-binary "@$SIM_DIR/post.json"
}
post_text "$(python3 -c 'print("漢" * 140)')"
check "140 CJK characters weigh 280 and pass" "$STATUS" 201
post_text "$(python3 -c 'print("字" * 141)')"
check "141 CJK characters weigh 282 and are refused" "$STATUS" 400
check_match "too long says X's words" "$(json errors.0.message)" '^Your Tweet text is too long\.'
post_text "$(python3 -c 'print("b" * 256 + " https://example.com/" + "x" * 100)')"
check "a long URL counts 23" "$STATUS" 201
post_text "$(python3 -c 'print("c" * 257 + " https://example.com/")')"
check "257 + 1 + a URL is 281 and refused" "$STATUS" 400
post_text "$(python3 -c 'print("d" * 278 + "\U0001F468\u200D\U0001F469\u200D\U0001F467")')"
check "an emoji ZWJ sequence counts 2" "$STATUS" 201

# --- scopes ---------------------------------------------------------------------------
sign_in tern-test "$REDIRECT" "tweet.read tweet.write users.read"
http POST "$BASE/2/media/upload/initialize" -H "Authorization: Bearer $ACCESS" -H "Content-Type: application/json" \
  -d '{"media_type": "video/mp4", "total_bytes": 10, "media_category": "tweet_video"}'
check "without media.write uploads answer 403" "$STATUS" 403
check "403 is X's problem body" "$(json title)" Forbidden

finish
