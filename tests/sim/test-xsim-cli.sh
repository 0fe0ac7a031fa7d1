#!/usr/bin/env bash
# tern-xsim as a program: its first line, loopback by default, a config
# file, and a clear error with a non-zero exit for each kind of bad input.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/sim-lib.sh"

# run_xsim ARGS...: runs a tern-xsim that must exit at once; sets RC and ERR
run_xsim() {
  "$TERN_XSIM" "$@" > "$SIM_DIR/cli-out" 2> "$SIM_DIR/cli-err" < /dev/null
  RC=$?
  ERR=$(cat "$SIM_DIR/cli-err")
}

run_xsim --config "$SIM_DIR/missing.json"
check "a missing config file fails" "$RC" 1
check_match "and names the file" "$ERR" "missing.json"
check "and prints no URL" "$(cat "$SIM_DIR/cli-out")" ""

printf '{"clients": [' > "$SIM_DIR/broken.json"
run_xsim --config "$SIM_DIR/broken.json"
check "a config that is not JSON fails" "$RC" 1
check_match "and says which file" "$ERR" "broken.json"

printf '{"auto_aprove": true}' > "$SIM_DIR/typo.json"
run_xsim --config "$SIM_DIR/typo.json"
check "a misspelt config key fails" "$RC" 1
check_match "and names the key" "$ERR" "auto_aprove"

printf '{"faults": [{"kind": "media_append", "action": "status", "status": 9}]}' > "$SIM_DIR/plan.json"
run_xsim --config "$SIM_DIR/plan.json"
check "a bad fault plan fails" "$RC" 1
check_match "and says which fault" "$ERR" "fault 1"

run_xsim --port 70000
check "a port out of range fails" "$RC" 2
check_match "and says the range" "$ERR" "65535"

run_xsim --host example.org
check "a host that is not an address fails" "$RC" 1
check_match "and says what to give" "$ERR" "127.0.0.1"

run_xsim --bogus
check "an unknown option fails" "$RC" 2
check_match "and points to --help" "$ERR" "help"

run_xsim --version
check "--version works" "$RC" 0
check_match "--version prints the version" "$(cat "$SIM_DIR/cli-out")" '^tern-xsim [0-9]'

# a good config; the first line is the URL, on loopback
cat > "$SIM_DIR/good.json" <<'JSON'
{"clients": [{"client_id": "c", "redirect_uris": ["http://127.0.0.1:1/cb"]}], "auto_approve": true}
JSON
start_xsim --config "$SIM_DIR/good.json"
check_match "the first line gives the loopback URL" "$BASE" '^http://127\.0\.0\.1:[0-9]+$'
http GET "$BASE/2/users/me"
check "it serves the API" "$STATUS" 401
PORT=${BASE##*:}
run_xsim --port "$PORT"
check "a port in use fails" "$RC" 1
check_match "and says it could not listen" "$ERR" "listen"
kill -TERM "$SIM_PID"
wait "$SIM_PID"
check "it exits cleanly on SIGTERM" "$?" 0
SIM_PID=
exec 3<&-
rm -f "$SIM_DIR/out"

# --verbose: a line per request on stderr, and never the token
start_xsim --verbose --config "$SIM_DIR/good.json"
http GET "$BASE/2/users/me" -H "Authorization: Bearer secret-token-value"
check "verbose still serves" "$STATUS" 401
kill -TERM "$SIM_PID"
wait "$SIM_PID"
SIM_PID=
check_match "--verbose logs the request" "$(cat "$SIM_DIR/err")" 'GET /2/users/me -> 401'
check "--verbose never logs a token" "$(grep -c secret-token-value "$SIM_DIR/err")" 0

finish
