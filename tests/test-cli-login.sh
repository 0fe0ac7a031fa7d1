#!/usr/bin/env bash
# tern login / accounts / logout from the command line: every refused input
# with a clear message and nothing written, then a confidential client's
# sign-in against tern-xsim (curl plays the browser), signing in again, and
# logout by id. Prints TAP.
#
#   test-cli-login.sh TERN TERN-XSIM
set -uo pipefail

tern=$1
xsim=$2
client_id=tern-cli-test
secret=cli-test-secret-4f1d

work=$(mktemp -d "${TMPDIR:-/tmp}/tern-cli-login.XXXXXX")
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
# expect DESCRIPTION RC WANTED-RC STDERR-FILE PATTERN
expect() {
  if [ "$2" -eq "$3" ] && grep -q -- "$5" "$4"; then ok "$1"
  else not_ok "$1" "exit $2 (wanted $3)" "stderr: $(cat "$4")"; fi
}
no_account_file() {
  if [ -n "$("$tern" accounts 2>/dev/null)" ]; then not_ok "$1 adds no account"
  elif secret-tool search --all client-id "$client_id" 2>/dev/null | grep -q "^secret"; then not_ok "$1 adds no token"
  else ok "$1 adds no account and no token"; fi
}

# --- refused input ---------------------------------------------------------

"$tern" login > "$work/out" 2> "$work/err"; rc=$?
expect "login without a client ID says where to find one" $rc 2 "$work/err" "--client-id ID"
no_account_file "login without a client ID"

"$tern" accounts > "$work/out" 2> "$work/err"; rc=$?
expect "accounts with none says how to sign in" $rc 0 "$work/err" "tern login"
[ ! -s "$work/out" ] && ok "accounts with none prints nothing on stdout" || not_ok "accounts with none prints nothing on stdout"

"$tern" logout @nobody > "$work/out" 2> "$work/err"; rc=$?
expect "logout of an unknown account points to tern accounts" $rc 1 "$work/err" "tern accounts"

"$tern" logout > "$work/out" 2> "$work/err"; rc=$?
expect "logout without a name asks for one" $rc 2 "$work/err" "tern logout @username"

: > "$work/empty-secret"
"$tern" login --client-id x --client-secret-file "$work/empty-secret" > "$work/out" 2> "$work/err"; rc=$?
expect "an empty secret file is refused" $rc 2 "$work/err" "does not hold a client secret"

"$tern" login --client-id x --client-secret-file "$work/missing" > "$work/out" 2> "$work/err"; rc=$?
expect "a missing secret file is refused" $rc 2 "$work/err" "missing"

"$tern" login --client-id x --redirect-uri https://example.com/callback --no-browser > "$work/out" 2> "$work/err"; rc=$?
expect "a redirect URI that is not loopback is refused" $rc 1 "$work/err" "not a loopback address"
no_account_file "refused sign-ins"

# --- the simulator ---------------------------------------------------------

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redirect="http://127.0.0.1:$port/callback"
cat > "$work/xsim.json" <<JSON
{ "clients": [ { "client_id": "$client_id", "client_secret": "$secret", "redirect_uris": [ "$redirect" ] } ],
  "auto_approve": true }
JSON
mkfifo "$work/xsim.out"
"$xsim" --host 127.0.0.1 --port 0 --config "$work/xsim.json" > "$work/xsim.out" 2> "$work/xsim.err" &
pids+=($!)
exec 3< "$work/xsim.out"
if ! IFS= read -r -t 60 line <&3; then echo "Bail out! tern-xsim did not start: $(cat "$work/xsim.err")"; exit 1; fi
base=${line#listening on }
base=${base%/}
sim_port=${base##*:}

# The simulator's own port is taken: the message names it.
"$tern" login --api-base "$base" --client-id "$client_id" --no-browser \
  --redirect-uri "http://127.0.0.1:$sim_port/callback" > "$work/out" 2> "$work/err"; rc=$?
expect "a port in use is named, with where to change it" $rc 1 "$work/err" "Port $sim_port on 127.0.0.1 is already in use"

# A wrong secret: X (the simulator) says so; nothing is stored.
printf '%s\n' "wrong-secret" > "$work/wrong-secret"
sign_in() { # SECRET-FILE
  mkfifo "$work/login.out.$n"
  G_MESSAGES_DEBUG=all "$tern" login --no-browser --api-base "$base" --client-id "$client_id" \
    --client-secret-file "$1" --redirect-uri "$redirect" > "$work/login.out.$n" 2> "$work/login.err" &
  login_pid=$!
  exec 4< "$work/login.out.$n"
  IFS= read -r -t 60 consent <&4 || consent=
  # curl is the browser: it follows the consent page's redirect to Tern.
  curl -sS -L --max-time 60 -o "$work/page.html" "$consent" 2> "$work/curl.err"
  wait "$login_pid"
}
sign_in "$work/wrong-secret"; rc=$?
expect "a wrong client secret is reported as such" $rc 1 "$work/login.err" "client ID or client secret"
no_account_file "a refused exchange"

printf '%s\n' "$secret" > "$work/secret"
sign_in "$work/secret"; rc=$?
expect "a confidential client signs in" $rc 0 "$work/login.err" "Signed in as @sandbox"
grep -q "close this tab" "$work/page.html" && ok "the browser gets a page saying it can close the tab" \
  || not_ok "the browser gets a page saying it can close the tab" "$(head -c 300 "$work/page.html")"

"$tern" accounts --json > "$work/accounts.json" 2> "$work/err"
if python3 - "$work/accounts.json" "$base" <<'PY'
import json, sys
accounts = json.load(open(sys.argv[1]))
assert len(accounts) == 1, accounts
a = accounts[0]
assert a["username"] == "sandbox" and a["api_base"] == sys.argv[2] and a["active"], a
assert a["needs_sign_in"] is False
PY
then ok "accounts --json lists the account as active"; else not_ok "accounts --json lists the account as active" "$(cat "$work/accounts.json")"; fi

secret-tool search --all api-base "$base" client-id "$client_id" > "$work/keyring.out" 2>&1
if sed -n 's/^secret = //p' "$work/keyring.out" | python3 -c "import json,sys; d=json.load(sys.stdin); assert d['client_secret']=='$secret'"; then
  ok "the client secret is kept in the keyring"
else not_ok "the client secret is kept in the keyring" "$(cat "$work/keyring.out")"; fi

if grep -rqF -D skip -- "$secret" "$work/login.err" "$HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME" "$XDG_DATA_HOME"; then
  not_ok "the client secret is in no log and no file but its own"
else ok "the client secret is in no log and no file but its own"; fi

sign_in "$work/secret"; rc=$?
"$tern" accounts > "$work/out" 2>&1
lines=$(wc -l < "$work/out")
[ $rc -eq 0 ] && [ "$lines" -eq 1 ] && ok "signing in again keeps one account" \
  || not_ok "signing in again keeps one account" "exit $rc" "$(cat "$work/out")"

id=$(cut -f3 "$work/out")
"$tern" logout "$id" > "$work/out" 2> "$work/err"; rc=$?
expect "logout by id signs out" $rc 0 "$work/err" "Signed out @sandbox"
"$tern" accounts > "$work/out" 2>&1
grep -q "No accounts yet" "$work/out" && ok "no account is left" || not_ok "no account is left" "$(cat "$work/out")"

# A keyring that will not store the sign-in (no Secret Service at all): the
# command says so and fails, and leaves no account behind.
DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/tern-test-bus sign_in "$work/secret"; rc=$?
expect "a sign-in the keyring will not store is reported" $rc 1 "$work/login.err" "cannot keep it without the keyring"
"$tern" accounts > "$work/out" 2>&1
grep -q "No accounts yet" "$work/out" && ok "the sign-in that could not be stored leaves no account" \
  || not_ok "the sign-in that could not be stored leaves no account" "$(cat "$work/out")"

# --- the consent page: Cancel, then Authorize --------------------------------

stop_pid=${pids[0]}
kill "$stop_pid" 2>/dev/null; wait "$stop_pid" 2>/dev/null
exec 3<&-
cat > "$work/xsim2.json" <<JSON
{ "clients": [ { "client_id": "$client_id", "redirect_uris": [ "$redirect" ] } ],
  "auto_approve": false }
JSON
mkfifo "$work/xsim2.out"
"$xsim" --host 127.0.0.1 --port 0 --config "$work/xsim2.json" > "$work/xsim2.out" 2> "$work/xsim2.err" &
pids+=($!)
exec 5< "$work/xsim2.out"
if ! IFS= read -r -t 60 line <&5; then echo "Bail out! tern-xsim did not start: $(cat "$work/xsim2.err")"; exit 1; fi
base=${line#listening on }
base=${base%/}

decide() { # DECISION: the person presses a button on X's consent page
  mkfifo "$work/login2.out.$n"
  "$tern" login --no-browser --api-base "$base" --client-id "$client_id" \
    --redirect-uri "$redirect" > "$work/login2.out.$n" 2> "$work/login.err" &
  login_pid=$!
  exec 6< "$work/login2.out.$n"
  IFS= read -r -t 60 consent <&6 || consent=
  curl -sS --max-time 60 -o "$work/consent.html" "$consent"
  consent_id=$(sed -n 's/.*name="consent" value="\([^"]*\)".*/\1/p' "$work/consent.html")
  user_id=$(sed -n 's/.*name="user" value="\([^"]*\)".*/\1/p' "$work/consent.html")
  curl -sS -L --max-time 60 -o "$work/page.html" \
    --data-urlencode "consent=$consent_id" --data-urlencode "user=$user_id" \
    --data-urlencode "decision=$1" "$base/i/oauth2/authorize"
  wait "$login_pid"
}

decide deny; rc=$?
expect "Cancel on X's consent page: sign-in was cancelled" $rc 1 "$work/login.err" "Sign-in was cancelled at X"
no_account_file "a cancelled sign-in"

decide allow; rc=$?
expect "Authorize on X's consent page: signed in" $rc 0 "$work/login.err" "Signed in as @sandbox"

echo "1..$n"
[ $failed -eq 0 ]
