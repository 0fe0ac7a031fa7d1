#!/usr/bin/env bash
# A real browser signs in: `tern login --no-browser` prints X's consent
# address (here tern-xsim's, approving at once), headless Chromium opens it,
# its redirect reaches Tern's loopback server, and the account appears in
# `tern accounts` with its token in the keyring. Everything runs with every
# debug message on; no token may appear in the output or under HOME.
#
#   test-login-browser.sh TERN TERN-XSIM
set -euo pipefail

tern=$1
xsim=$2
client_id=tern-browser-test

work=$(mktemp -d "${TMPDIR:-/tmp}/tern-login-browser.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# A private HOME and config for this test; the keyring is the harness's.
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
export XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_DATA_HOME" "$XDG_STATE_HOME"
export G_MESSAGES_DEBUG=all

fail() { echo "not ok: $*"; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redirect="http://127.0.0.1:$port/callback"
cat > "$work/xsim.json" <<JSON
{ "clients": [ { "client_id": "$client_id", "redirect_uris": [ "$redirect" ] } ],
  "auto_approve": true }
JSON

# The simulator says where it listens on its first line.
mkfifo "$work/xsim.out"
"$xsim" --host 127.0.0.1 --port 0 --config "$work/xsim.json" > "$work/xsim.out" 2> "$work/xsim.err" &
pids+=($!)
exec 3< "$work/xsim.out"
IFS= read -r -t 60 line <&3 || fail "tern-xsim did not start: $(cat "$work/xsim.err")"
base=${line#listening on }
base=${base%/}
case $base in http://127.0.0.1:*) ;; *) fail "unexpected first line from tern-xsim: $line" ;; esac
echo "# simulator at $base"

# Tern waits for the callback; its one line on stdout is the consent URL.
mkfifo "$work/login.out"
"$tern" login --no-browser --api-base "$base" --client-id "$client_id" \
  --redirect-uri "$redirect" > "$work/login.out" 2> "$work/login.err" &
login_pid=$!
pids+=($login_pid)
exec 4< "$work/login.out"
IFS= read -r -t 60 consent <&4 || fail "tern login printed no address: $(cat "$work/login.err")"
case $consent in "$base/i/oauth2/authorize?"*) ;; *) fail "not a consent address: $consent" ;; esac
echo "ok 1 tern login --no-browser prints the consent address alone on its line"

profile="$work/chromium-profile"
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --disable-dev-shm-usage --user-data-dir="$profile" --dump-dom "$consent" \
  > "$work/page.html" 2> "$work/chromium.err" || fail "chromium failed: $(tail -5 "$work/chromium.err")"
grep -q "close this tab" "$work/page.html" || fail "the browser did not get Tern's page: $(head -c 500 "$work/page.html")"
echo "ok 2 the browser reached Tern's loopback server and got its page"

rc=0
wait "$login_pid" || rc=$?
[ $rc -eq 0 ] || fail "tern login exited with $rc: $(cat "$work/login.err")"
grep -q "Signed in as @" "$work/login.err" || fail "tern login did not say who signed in"
echo "ok 3 tern login finished"

"$tern" accounts > "$work/accounts.out"
grep -q "^@sandbox	" "$work/accounts.out" || fail "tern accounts does not list the account: $(cat "$work/accounts.out")"
grep -q "	$base	active" "$work/accounts.out" || fail "the account is not on $base: $(cat "$work/accounts.out")"
echo "ok 4 the account appears in tern accounts"

secret-tool search --all api-base "$base" client-id "$client_id" > "$work/keyring.out" 2>&1 \
  || fail "no keyring item: $(cat "$work/keyring.out")"
access=$(sed -n 's/^secret = //p' "$work/keyring.out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
refresh=$(sed -n 's/^secret = //p' "$work/keyring.out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["refresh_token"])')
[ -n "$access" ] && [ -n "$refresh" ] || fail "the keyring item holds no tokens"
grep -q "^schema = io.github.tern_app.Tern.Token" "$work/keyring.out" || fail "the keyring item has the wrong schema"
echo "ok 5 the token is in the keyring under Tern's schema"

for token in "$access" "$refresh"; do
  case $consent in *"$token"*) fail "a token is in the consent address" ;; esac
  if grep -rqF -D skip -- "$token" "$work/login.err" "$work/accounts.out" "$HOME" "$XDG_CONFIG_HOME" \
       "$XDG_CACHE_HOME" "$XDG_DATA_HOME" "$XDG_STATE_HOME" 2>/dev/null; then
    fail "a token was found in a log or file"
  fi
done
grep -q "/2/oauth2/token" "$work/login.err" || fail "the debug log did not record the token request"
echo "ok 6 no token in the debug output, the account list or the home folder"

"$tern" logout @sandbox 2> "$work/logout.err" || fail "tern logout failed: $(cat "$work/logout.err")"
"$tern" accounts > "$work/accounts2.out" 2>&1
grep -q "@sandbox" "$work/accounts2.out" && fail "the account is still listed after logout"
if secret-tool search --all api-base "$base" client-id "$client_id" 2>/dev/null | grep -q "^secret"; then
  fail "the keyring item is still there after logout"
fi
echo "ok 7 tern logout forgets the account and its token"
echo "1..7"
