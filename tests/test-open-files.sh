#!/usr/bin/env bash
# Tern as a desktop citizen, with the real binary on the test display: a
# second `tern FILE` brings the running window forward and attaches the file
# to the draft being written; `tern --new-draft FILE` (the desktop file's
# "Open With Tern") starts a new draft with it and keeps the old one; the
# desktop file offers Tern for images and video; `tern --help` names the
# subcommands. Prints TAP.
#
#   test-open-files.sh TERN DESKTOP-FILE
set -uo pipefail

tern=$1
desktop=$2

work=$(mktemp -d "${TMPDIR:-/tmp}/tern-open-files.XXXXXX")
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
drafts=$XDG_DATA_HOME/tern/drafts
mkdir -p "$drafts"

n=0
echo "1..5"
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
  n=$((n + 1)); echo "not ok $n - $1"; shift
  [ $# -eq 0 ] || printf '%s\n' "$@" | sed 's/^/# /'
}

# Waits (at most a minute) until some draft file holds every text given,
# watching the folder rather than polling; prints that file's name.
wait_draft() {
  timeout 60 bash -c '
    drafts=$1; shift
    find_match() {
      for f in "$drafts"/*.json; do
        [ -f "$f" ] || continue
        all=1
        for t in "$@"; do grep -qF -- "$t" "$f" || all=0; done
        [ $all = 1 ] && { echo "$f"; return 0; }
      done
      return 1
    }
    coproc inotifywait -m -e close_write,moved_to "$drafts" 2>&1
    trap "kill \$COPROC_PID 2>/dev/null" EXIT
    # It says so on stderr once the watch is set up; only then look.
    until [ "${line:-}" = "Watches established." ]; do read -r line <&"${COPROC[0]}" || exit 1; done
    until find_match "$@"; do read -r _ <&"${COPROC[0]}" || exit 1; done
  ' bash "$drafts" "$@"
}

gst-launch-1.0 -q videotestsrc num-buffers=1 pattern=smpte ! video/x-raw,width=640,height=480 \
  ! pngenc ! filesink location="$work/first.png" >/dev/null 2>&1
gst-launch-1.0 -q videotestsrc num-buffers=1 pattern=ball ! video/x-raw,width=640,height=480 \
  ! pngenc ! filesink location="$work/second.png" >/dev/null 2>&1

# With no account Tern opens on the sign-in page; give it one (not signed
# in to anything) so the keys reach the composer.
mkdir -p "$XDG_CONFIG_HOME/tern"
printf '%s\n' '{"accounts": [{"id": "1", "username": "writer", "api_base": "http://127.0.0.1:9", "client_id": "c"}]}' \
  >"$XDG_CONFIG_HOME/tern/accounts.json"

"$tern" >"$work/tern.log" 2>&1 &
pids+=($!)
window=$(timeout 60 xdotool search --sync --onlyvisible --pid "${pids[0]}" 2>/dev/null | head -n1)
if [ -n "$window" ]; then
  xdotool windowfocus --sync "$window"
  xdotool type --delay 20 "Kept draft"
fi

# 1. A second `tern FILE`: the running window gets the file, in its draft.
"$tern" "$work/first.png" >"$work/second.log" 2>&1
rc=$?
kept=$(wait_draft "Kept draft" "first.png")
windows=$(xdotool search --onlyvisible --pid "${pids[0]}" 2>/dev/null | wc -l)
if [ -n "$window" ] && [ $rc = 0 ] && [ -n "$kept" ] && [ "$windows" = 1 ]; then
  ok "a second tern FILE attaches the file to the draft in the running window"
else
  not_ok "a second tern FILE attaches the file to the draft in the running window" \
    "window: ${window:-none}, exit status $rc, windows: $windows" "$(cat "$work/tern.log" "$work/second.log")" \
    "$(cat "$drafts"/*.json 2>&1)"
fi

# 2. Open With Tern: a new draft holds the file; the old draft is kept.
"$tern" --new-draft "$work/second.png" >"$work/third.log" 2>&1
rc=$?
fresh=$(wait_draft "second.png")
if [ $rc = 0 ] && [ -n "$fresh" ] && [ "$fresh" != "$kept" ] && ! grep -q "Kept draft" "$fresh" \
   && grep -q "first.png" "$kept"; then
  ok "tern --new-draft FILE starts a new draft with the file and keeps the old one"
else
  not_ok "tern --new-draft FILE starts a new draft with the file and keeps the old one" \
    "exit status $rc" "$(cat "$work/third.log")" "$(cat "$drafts"/*.json 2>&1)"
fi

# 3. The desktop file offers Tern for images and video and uses --new-draft.
mime=$(sed -n 's/^MimeType=//p' "$desktop")
exec_line=$(sed -n 's/^Exec=//p' "$desktop")
missing=
for t in image/jpeg image/png image/gif image/webp video/mp4 video/quicktime; do
  grep -q "\(^\|;\)$t;" <<<"$mime" || missing="$missing $t"
done
if [ -z "$missing" ] && grep -q -- '--new-draft %U' <<<"$exec_line"; then
  ok "the desktop file declares image and video types and opens them in a new draft"
else
  not_ok "the desktop file declares image and video types and opens them in a new draft" \
    "MimeType=$mime" "Exec=$exec_line" "missing:$missing"
fi

# 4. tern --help names every subcommand.
help=$("$tern" --help 2>&1)
missing=
for c in post login accounts logout convert; do
  grep -qE "^  $c +[A-Z]" <<<"$help" || missing="$missing $c"
done
if [ -z "$missing" ]; then
  ok "tern --help lists the subcommands"
else
  not_ok "tern --help lists the subcommands" "missing:$missing" "$help"
fi

# 5. A file Tern cannot read is refused with a message, and the draft stays.
"$tern" "$work/missing.png" >"$work/fourth.log" 2>&1
rc=$?
still=$(wait_draft "second.png")
if [ $rc = 0 ] && [ "$still" = "$fresh" ] && kill -0 "${pids[0]}" 2>/dev/null; then
  ok "a missing file leaves the running window and its draft as they were"
else
  not_ok "a missing file leaves the running window and its draft as they were" \
    "exit status $rc" "$(cat "$work/tern.log")"
fi
