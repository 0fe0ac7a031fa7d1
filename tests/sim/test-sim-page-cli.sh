#!/usr/bin/env bash
# `tern post` against tern-xsim, then the address it prints: the sandbox's
# page of the post answers 200 with HTML showing the post's text and its
# image's alt text, so "View" leads somewhere. Prints TAP.
#
#   test-sim-page-cli.sh TERN TERN-XSIM
set -uo pipefail

tern=$1
xsim=$2
client_id=tern-page-test

work=$(mktemp -d "${TMPDIR:-/tmp}/tern-page-cli.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
export XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_DATA_HOME" "$XDG_STATE_HOME"

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
on_page() {
  if grep -qF -- "$2" "$work/page.html"; then ok "$1"; else not_ok "$1" "not on the page: $2" "$(head -c 800 "$work/page.html")"; fi
}

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redirect="http://127.0.0.1:$port/callback"
cat > "$work/xsim.json" <<JSON
{ "clients": [ { "client_id": "$client_id", "redirect_uris": [ "$redirect" ] } ],
  "auto_approve": true,
  "processing": { "check_after_secs": 1, "polls": 1, "seconds": 0 } }
JSON
mkfifo "$work/xsim.out"
"$xsim" --host 127.0.0.1 --port 0 --config "$work/xsim.json" > "$work/xsim.out" 2> "$work/xsim.err" &
pids+=($!)
exec 3< "$work/xsim.out"
if ! IFS= read -r -t 60 line <&3; then echo "Bail out! tern-xsim did not start: $(cat "$work/xsim.err")"; exit 1; fi
base=${line#listening on }
base=${base%/}

# Sign in; curl is the browser.
mkfifo "$work/login.out"
"$tern" login --no-browser --api-base "$base" --client-id "$client_id" --redirect-uri "$redirect" \
  > "$work/login.out" 2> "$work/login.err" &
login_pid=$!
exec 4< "$work/login.out"
IFS= read -r -t 60 consent <&4 || consent=
curl -sS -L --max-time 60 -o /dev/null "$consent" 2> "$work/curl.err"
if wait "$login_pid"; then ok "signed in to the simulator"; else
  echo "Bail out! tern login failed: $(cat "$work/login.err")"; exit 1; fi

# An image made with GStreamer, and a text with characters HTML escapes.
gst-launch-1.0 -q videotestsrc num-buffers=1 pattern=ball ! video/x-raw,width=64,height=48 ! \
  videoconvert ! pngenc ! filesink location="$work/ball.png" 2> "$work/gst.err"
[ -s "$work/ball.png" ] || { echo "Bail out! GStreamer made no PNG: $(cat "$work/gst.err")"; exit 1; }
text='A heron & an egret <at dawn>'
"$tern" post "$text" --media "$work/ball.png" --alt "A white ball on black" > "$work/post.out" 2> "$work/post.err"; rc=$?
address=$(tail -n 1 "$work/post.out")
if [ $rc -eq 0 ] && [[ "$address" == "$base/sandbox/status/"* ]]; then
  ok "tern post prints the post's address under the simulator"
else
  not_ok "tern post prints the post's address under the simulator" "exit $rc" "stdout: $(cat "$work/post.out")" "stderr: $(cat "$work/post.err")"
fi

status=$(curl -s -o "$work/page.html" -D "$work/page.headers" -w '%{http_code}' "$address")
[ "$status" = 200 ] && ok "the address answers 200" || not_ok "the address answers 200" "got $status"
type=$(grep -i '^content-type:' "$work/page.headers" | tr -d '\r' | cut -d' ' -f2-)
[[ "$type" == text/html* ]] && ok "the page is HTML" || not_ok "the page is HTML" "got $type"
on_page "the page shows the post's text" "A heron &amp; an egret &lt;at dawn&gt;"
on_page "the page shows the image's alt text" "Alt text: A white ball on black"
on_page "the page shows the image's size" "64×48"
on_page "the page names the account" "@sandbox"

# A media-only post: its page too.
"$tern" post --media "$work/ball.png" --alt "The ball again" > "$work/post.out" 2> "$work/post.err"; rc=$?
address=$(tail -n 1 "$work/post.out")
status=$(curl -s -o "$work/page.html" -w '%{http_code}' "$address")
if [ $rc -eq 0 ] && [ "$status" = 200 ]; then ok "a media-only post is made and has a page"; else
  not_ok "a media-only post is made and has a page" "exit $rc, page $status" "stderr: $(cat "$work/post.err")"; fi
on_page "its page shows the alt text" "Alt text: The ball again"

echo "1..$n"
[ "$failed" -eq 0 ]
