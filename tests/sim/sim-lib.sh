# sim-lib.sh: shared by the curl-driven simulator tests. Starts tern-xsim on
# port 0, reads the URL from its first line, stops it on exit, and prints
# TAP so that each check counts.
#
# Needs: TERN_XSIM (path to the program), curl, python3.

set -u

if [ $# -gt 0 ]; then
  TERN_XSIM=$1
  shift
fi
: "${TERN_XSIM:?set TERN_XSIM or pass the tern-xsim path as the first argument}"

TAP_N=0
TAP_FAILED=0
SIM_PID=
SIM_DIR=$(mktemp -d "${TMPDIR:-/tmp}/tern-xsim-test.XXXXXX")

ok() {
  TAP_N=$((TAP_N + 1))
  echo "ok $TAP_N - $1"
}

not_ok() {
  TAP_N=$((TAP_N + 1))
  TAP_FAILED=$((TAP_FAILED + 1))
  echo "not ok $TAP_N - $1"
  shift
  for line in "$@"; do echo "# $line"; done
  echo "# last status: ${STATUS:-none}"
  [ -f "$SIM_DIR/body" ] && echo "# last body: $(head -c 600 "$SIM_DIR/body")"
}

# check DESCRIPTION ACTUAL EXPECTED
check() {
  if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected: $3" "got:      $2"; fi
}

# check_match DESCRIPTION ACTUAL EXTENDED-REGEX
check_match() {
  if printf '%s' "$2" | grep -Eq -- "$3"; then ok "$1"; else not_ok "$1" "expected to match: $3" "got: $2"; fi
}

# check_ne DESCRIPTION ACTUAL UNWANTED
check_ne() {
  if [ "$2" != "$3" ]; then ok "$1"; else not_ok "$1" "did not expect: $3"; fi
}

finish() {
  echo "1..$TAP_N"
  [ "$TAP_FAILED" -eq 0 ]
}

stop_xsim() {
  if [ -n "$SIM_PID" ]; then
    kill "$SIM_PID" 2>/dev/null
    wait "$SIM_PID" 2>/dev/null
    SIM_PID=
  fi
  exec 3<&- 2>/dev/null
  [ -n "${KEEP_SIM_DIR:-}" ] && cat "$SIM_DIR/err" >&2
  rm -rf "$SIM_DIR"
}

# start_xsim [tern-xsim arguments]: sets BASE
start_xsim() {
  local line=
  mkfifo "$SIM_DIR/out"
  "$TERN_XSIM" --port 0 "$@" > "$SIM_DIR/out" 2> "$SIM_DIR/err" &
  SIM_PID=$!
  trap stop_xsim EXIT
  exec 3< "$SIM_DIR/out"
  if ! read -r -t 30 line <&3; then
    echo "Bail out! tern-xsim printed no first line: $(cat "$SIM_DIR/err")"
    exit 1
  fi
  case "$line" in
    "listening on http://127.0.0.1:"*) ;;
    *) echo "Bail out! unexpected first line from tern-xsim: $line"; exit 1 ;;
  esac
  BASE=${line#listening on }
}

# http METHOD URL [curl arguments]: sets STATUS; the body is in $SIM_DIR/body
http() {
  local method=$1 url=$2
  shift 2
  STATUS=$(curl -s -o "$SIM_DIR/body" -D "$SIM_DIR/headers" -w '%{http_code}' \
                -X "$method" "$url" "$@")
}

body() {
  cat "$SIM_DIR/body"
}

# header NAME: the last value of a response header
header() {
  grep -i "^$1:" "$SIM_DIR/headers" | tail -n 1 | cut -d' ' -f2- | tr -d '\r'
}

# json PATH [FILE]: a value from the last body, e.g. json data.id,
# json errors.0.message; prints <missing> when absent, <invalid> when the
# body is not JSON. Objects and lists print as compact JSON.
json() {
  python3 - "$1" "${2:-$SIM_DIR/body}" <<'PY'
import json, sys
path, name = sys.argv[1], sys.argv[2]
try:
    value = json.load(open(name))
except Exception:
    print("<invalid>"); sys.exit(0)
for part in path.split(".") if path else []:
    if isinstance(value, list) and part.isdigit() and int(part) < len(value):
        value = value[int(part)]
    elif isinstance(value, dict) and part in value:
        value = value[part]
    else:
        print("<missing>"); sys.exit(0)
if isinstance(value, bool):
    print("true" if value else "false")
elif isinstance(value, (dict, list)):
    print(json.dumps(value, sort_keys=True, separators=(",", ":")))
else:
    print(value)
PY
}

# query_param URL NAME: a query parameter of a URL (e.g. a Location)
query_param() {
  python3 - "$1" "$2" <<'PY'
import sys, urllib.parse
q = urllib.parse.parse_qs(urllib.parse.urlsplit(sys.argv[1]).query)
print(q.get(sys.argv[2], ["<missing>"])[0])
PY
}

# pkce_challenge VERIFIER
pkce_challenge() {
  python3 - "$1" <<'PY'
import sys, hashlib, base64
print(base64.urlsafe_b64encode(hashlib.sha256(sys.argv[1].encode()).digest()).decode().rstrip("="))
PY
}

# make_bytes FILE SIZE SEED: deterministic test bytes
make_bytes() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys, random
r = random.Random(int(sys.argv[3]))
n = int(sys.argv[2])
with open(sys.argv[1], "wb") as f:
    while n > 0:
        k = min(n, 1 << 20)
        f.write(r.randbytes(k))
        n -= k
PY
}

sha256_of() {
  sha256sum "$1" | cut -d' ' -f1
}

# make_png FILE WIDTH HEIGHT: a real (tiny, grey) PNG, written here
make_png() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys, struct, zlib
name, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
raw = b"".join(b"\x00" + bytes([128]) * w for _ in range(h))
with open(name, "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n")
    f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)))
    f.write(chunk(b"IDAT", zlib.compress(raw)))
    f.write(chunk(b"IEND", b""))
PY
}

# sign_in CLIENT REDIRECT SCOPES: OAuth against an auto-approving
# simulator; sets ACCESS and REFRESH
sign_in() {
  local client=$1 redirect=$2 scopes=$3 verifier challenge url code
  verifier=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')
  challenge=$(pkce_challenge "$verifier")
  url=$(python3 - "$BASE" "$client" "$redirect" "$scopes" "$challenge" <<'PY'
import sys, urllib.parse
base, client, redirect, scopes, challenge = sys.argv[1:]
print(base + "/i/oauth2/authorize?" + urllib.parse.urlencode({
    "response_type": "code", "client_id": client, "redirect_uri": redirect, "scope": scopes,
    "state": "s", "code_challenge": challenge, "code_challenge_method": "S256"},
    quote_via=urllib.parse.quote))
PY
)
  http GET "$url"
  code=$(query_param "$(header location)" code)
  http POST "$BASE/2/oauth2/token" -d grant_type=authorization_code --data-urlencode "code=$code" \
    --data-urlencode "redirect_uri=$redirect" -d "client_id=$client" --data-urlencode "code_verifier=$verifier"
  ACCESS=$(json access_token)
  REFRESH=$(json refresh_token)
}
