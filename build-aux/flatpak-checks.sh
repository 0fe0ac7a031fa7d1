#!/usr/bin/env bash
# The checks build-aux/flatpak-test.sh runs on the installed Flatpak, as TAP.
# It runs them inside a private D-Bus session on an Xvfb display, in a private
# network namespace with XDG_RUNTIME_DIR=/run/user/UID, so that the portals
# (document, file chooser, secret) are the real ones, started on demand.
# Everything Tern does here it does inside the sandbox, with the manifest's
# permissions and nothing more.
set -uo pipefail

app=${TERN_FLATPAK_APP:-io.github.tern_app.Tern}
artifacts=${TERN_FLATPAK_ARTIFACTS:?}
work=$HOME/checks
mkdir -p "$work"
app_data=$HOME/.var/app/$app

planned=9
echo "1..$planned"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
  n=$((n + 1)); echo "not ok $n - $1"; shift
  [ $# -eq 0 ] || printf '%s\n' "$@" | sed 's/^/# /'
}
check_file() { # name, file holding the evidence: prints it on failure
  if [ "$2" = 0 ]; then ok "$1"; else not_ok "$1" "$(tail -n 25 "$3")"; fi
}

# The host's keyring, unlocked as a desktop session would have it. The Secret
# portal keeps a per-app secret in it; Tern's tokens must not be in it.
printf 'tern-flatpak-keyring' | gnome-keyring-daemon --unlock --components=secrets >/dev/null

in_sandbox() { flatpak run --die-with-parent --command=tern "$app" "$@"; }

# Waits (at most 2 minutes) until a window whose title matches $1 is mapped,
# and prints its id. Tern's own window is found by its class (its title
# names the page it shows).
wait_window() { timeout 120 xdotool search --sync --onlyvisible --name "$1" | head -n1; }
wait_tern() { timeout 120 xdotool search --sync --onlyvisible --class '^[Tt]ern$' | head -n1; }

# Waits (at most 2 minutes) until $1 exists and contains the text $2, watching
# the folder for writes rather than polling.
wait_for_text() {
  local file=$1 text=$2 dir
  dir=$(dirname "$file")
  mkdir -p "$dir"
  timeout 120 bash -c '
    file=$1 text=$2 dir=$3
    coproc inotifywait -m -r -e close_write,moved_to,create "$dir" 2>&1
    trap "kill \$COPROC_PID 2>/dev/null" EXIT
    # It says so on stderr once the watch is set up; only then look.
    until [ "${line:-}" = "Watches established." ]; do read -r line <&"${COPROC[0]}" || exit 1; done
    while ! grep -rqsF -- "$text" "$file"; do
      read -r _ <&"${COPROC[0]}" || exit 1
    done' bash "$file" "$text" "$dir"
}

stop() { # Ends one background flatpak run (its sandbox dies with it).
  kill "$1" 2>/dev/null
  wait "$1" 2>/dev/null
}

# Media made here with GStreamer: a short H.264 clip and a PNG image.
gst-launch-1.0 -q videotestsrc num-buffers=60 pattern=ball \
  ! video/x-raw,width=640,height=360,framerate=30/1 ! x264enc ! video/x-h264,profile=high \
  ! h264parse ! mp4mux faststart=true ! filesink location="$work/clip.mp4" >/dev/null 2>&1
gst-launch-1.0 -q videotestsrc num-buffers=1 pattern=smpte \
  ! video/x-raw,width=800,height=600 ! pngenc ! filesink location="$work/picture.png" >/dev/null 2>&1

# 1. The command line works in the sandbox, without a display.
out=$(in_sandbox post --dry-run --json "Hello from the sandbox" 2>"$work/dry-run.err")
if python3 -c 'import json,sys; d=json.loads(sys.argv[1]); sys.exit(0 if d["valid"] and d["weighted_length"]==22 else 1)' "$out" 2>/dev/null; then
  ok "tern post --dry-run --json counts the text inside the sandbox"
else
  not_ok "tern post --dry-run --json counts the text inside the sandbox" "$out" "$(cat "$work/dry-run.err")"
fi

# 2. The window opens in the sandbox (with no account: the sign-in page).
flatpak run --die-with-parent "$app" >"$work/window1.log" 2>&1 &
window_pid=$!
xid=$(wait_tern)
if [ -n "$xid" ] && flatpak ps --columns=application | grep -qx "$app"; then
  import -window "$xid" "$artifacts/window-sign-in.png"
  ok "the window is shown from the sandbox (screenshot: window-sign-in.png)"
else
  not_ok "the window is shown from the sandbox" "$(cat "$work/window1.log")"
fi
stop "$window_pid"

# The simulator, from the same Flatpak, approving sign-ins at once. Its
# config lives in the app's own folder, which the sandbox can read.
printf '{"auto_approve": true}\n' > "$app_data/xsim.json" 2>/dev/null \
  || { mkdir -p "$app_data"; printf '{"auto_approve": true}\n' > "$app_data/xsim.json"; }
coproc XSIM { flatpak run --die-with-parent --command=tern-xsim "$app" --port 0 --config "$app_data/xsim.json" 2>&1; }
read -r -t 120 line <&"${XSIM[0]}" || line=
base=${line#listening on }
base=${base%/}

# 3. Sign-in through the loopback redirect: tern login listens on
# 127.0.0.1:8723 inside the sandbox; the "browser" (curl) follows the
# simulator's redirect to it.
coproc LOGIN { in_sandbox login --api-base "$base" --client-id tern-flatpak-test --no-browser 2>"$work/login.err"; }
login_pid=$LOGIN_PID
read -r -t 120 consent <&"${LOGIN[0]}" || consent=
curl -sS -L --max-time 60 -o "$work/callback.html" "$consent" 2>"$work/curl.err"
wait "$login_pid"; login_rc=$?
accounts=$(in_sandbox accounts 2>&1)
if [ -n "$base" ] && [ "$login_rc" = 0 ] && grep -q '@sandbox' <<<"$accounts"; then
  ok "sign-in to tern-xsim through the loopback redirect inside the sandbox"
else
  not_ok "sign-in to tern-xsim through the loopback redirect inside the sandbox" \
    "simulator: ${line:-no output}" "consent: ${consent:-none}" "login exit status: $login_rc" \
    "$(cat "$work/login.err" "$work/curl.err")" "accounts: $accounts"
fi

# 4. The token went through the Secret portal into the app's own keyring
# file, and the host's keyring holds only the portal's per-app secret.
host_tokens=$(secret-tool search --all xdg:schema io.github.tern_app.Tern.Token 2>&1)
portal_secret=$(secret-tool search --all app_id "$app" 2>&1)
if [ -s "$app_data/data/keyrings/default.keyring" ] && [ -z "$host_tokens" ] \
   && [ -n "$portal_secret" ]; then
  ok "the token is in the Secret portal's keyring, not the host's"
else
  not_ok "the token is in the Secret portal's keyring, not the host's" \
    "app keyring: $(ls -l "$app_data/data/keyrings" 2>&1)" "host: $host_tokens" \
    "portal secret: $portal_secret"
fi

# 5. A video checked in the sandbox, reached through --file-forwarding (the
# document portal) with no file system permission.
video_ok() { # the dry-run JSON in $1: one H.264 video from the document portal, no problems
  python3 - "$1" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
m = d["media"][0]
ok = (d["valid"] and len(d["media"]) == 1 and "/doc/" in m["file"]
      and m["info"]["video_codec"] == "h264" and m["info"]["duration"] > 1.5
      and m["problems"] == [])
sys.exit(0 if ok else 1)
PY
}
out=$(flatpak run --die-with-parent --file-forwarding --command=tern "$app" \
        post --dry-run --json --media @@ "$work/clip.mp4" @@ "A clip from the sandbox" \
        2>"$work/video.err")
if video_ok "$out" 2>/dev/null; then
  ok "a video is checked through the document portal"
else
  not_ok "a video is checked through the document portal" "$out" "$(cat "$work/video.err")"
fi

# 6. The same video posted to the simulator from the signed-in account.
# (A bound on it, so a hang fails this check instead of stalling the run;
# before it is ended, what each of its threads waits on goes in the log.)
flatpak run --die-with-parent --file-forwarding --env=G_MESSAGES_DEBUG=all --command=tern "$app" \
  post --json --api-base "$base" --media @@ "$work/clip.mp4" @@ \
  --alt "A ball bouncing" "A clip from the sandbox" >"$work/post.out" 2>"$work/post.err" &
post_pid=$!
( sleep 180; kill -0 "$post_pid" 2>/dev/null || exit 0
  for pid in $(pgrep -x tern); do
    echo "== tern $pid, its threads (state, kernel wait):"
    ps -L -o tid,stat,wchan:40,comm -p "$pid"
    for t in /proc/"$pid"/task/*; do echo "-- ${t##*/}"; cat "$t/stack" 2>/dev/null; done
    command -v gdb >/dev/null && gdb -q -batch -p "$pid" -ex "thread apply all bt 12" 2>&1 | grep -v "^\[New LWP"
  done >"$work/post.hang" 2>&1
  kill "$post_pid" ) </dev/null >/dev/null 2>&1 &
watchdog=$!
wait "$post_pid"; rc=$?
kill "$watchdog" 2>/dev/null; wait "$watchdog" 2>/dev/null
out=$(cat "$work/post.out")
posts=$(curl -sS --max-time 30 "$base/sim/posts" 2>&1)
if [ $rc = 0 ] && grep -q 'A clip from the sandbox' <<<"$posts" && grep -q media <<<"$posts"; then
  ok "a post with the video reaches the simulator"
else
  not_ok "a post with the video reaches the simulator" "exit status $rc" "$out" \
    "$(tail -n 60 "$work/post.err")" "simulator posts: $posts" \
    "$(cat "$work/post.hang" 2>/dev/null)"
fi

# 7. The window again, signed in now: the paperclip's shortcut opens the
# FileChooser portal's dialog (drawn by xdg-desktop-portal-gtk on the host);
# the file chosen there reaches the draft through the document portal.
flatpak run --die-with-parent "$app" >"$work/window2.log" 2>&1 &
window_pid=$!
xid=$(wait_tern)
drafts=$app_data/data/tern/drafts
chooser=
if [ -n "$xid" ]; then
  xdotool windowfocus --sync "$xid"
  xdotool type --delay 20 "Posted from a Flatpak"
  xdotool key ctrl+o
  chooser=$(wait_window 'Attach Images or a Video')
fi
if [ -n "$chooser" ]; then
  xdotool windowfocus --sync "$chooser"
  # GTK's chooser: Ctrl+L opens and focuses the location entry before the
  # path's keys are handled (a typed "/" opens it too, but the keys that
  # follow at once can land before the entry has focus and be lost).
  # Alt+Home first: the chooser may open on Recent, where a typed path
  # cannot be chosen.
  xdotool key alt+Home ctrl+l
  xdotool type --delay 30 "$work/picture.png"
  import -window root "$artifacts/file-chooser.png"
  xdotool key Return
fi
if [ -n "$chooser" ] && wait_for_text "$drafts" '/doc/'; then
  # The tile is drawn once the attachment is in the draft; the screenshot is
  # for the artifacts (and the AppStream screenshots).
  import -window "$xid" "$artifacts/window-composer.png"
  ok "a file chosen in the FileChooser portal is attached (screenshot: window-composer.png)"
else
  not_ok "a file chosen in the FileChooser portal is attached" \
    "window: ${xid:-none}, chooser: ${chooser:-none}" "$(cat "$work/window2.log")" \
    "drafts: $(cat "$drafts"/*.json 2>&1)"
fi
stop "$window_pid"

# 8. The sandbox is real: without a portal, the host's files are out of
# reach (the manifest grants no file system access).
out=$(flatpak run --die-with-parent --command=cat "$app" "$work/clip.mp4" 2>&1 >/dev/null)
rc=$?
if [ $rc != 0 ] && grep -qi 'no such file' <<<"$out"; then
  ok "the host's files are out of the sandbox's reach without a portal"
else
  not_ok "the host's files are out of the sandbox's reach without a portal" "exit status $rc" "$out"
fi

# 9. Converting works with the encoders the runtime has: the copy, written
# into the app's own folder, is again a video X accepts.
rm -f "$app_data/converted.mp4"
out=$(flatpak run --die-with-parent --file-forwarding --command=tern "$app" \
        convert @@ "$work/clip.mp4" @@ "$app_data/converted.mp4" 2>&1)
# stdout only: the JSON (stderr has progress and the missing-alt warning).
checked=$(in_sandbox post --dry-run --json --media "$app_data/converted.mp4" "Converted" \
            2>"$work/converted.err")
if [ -s "$app_data/converted.mp4" ] && python3 - "$checked" <<'PY' 2>/dev/null
import json, sys
d = json.loads(sys.argv[1])
m = d["media"][0]
sys.exit(0 if m["info"]["video_codec"] == "h264" and m["problems"] == [] else 1)
PY
then
  ok "tern convert makes a video X accepts inside the sandbox"
else
  not_ok "tern convert makes a video X accepts inside the sandbox" "$out" "$checked" \
    "$(cat "$work/converted.err")"
fi

kill "$XSIM_PID" 2>/dev/null
wait "$XSIM_PID" 2>/dev/null
[ "$n" = "$planned" ] || echo "# ran $n of $planned checks"
