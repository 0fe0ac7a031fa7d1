#!/usr/bin/env bash
# Benchmarks a large video upload against tern-xsim: `tern post` against the
# curl sequence X's documentation shows (INIT, one curl per 4 MiB APPEND,
# FINALIZE, STATUS until done, then the post), with the same chunk size,
# with no added latency and with 150 ms of server time per APPEND. Prints
# wall time, CPU time and peak RSS of each, and the ratios, as a table.
#
# It also prints the floor the segments in flight set at each latency:
# ceil(segments / in flight) x the latency, plus tern's own time with no
# added latency (the transfer and everything around it: INIT, FINALIZE,
# X's processing wait, the post), and tern's time as a multiple of it. How
# many APPENDs really waited at the simulator at once comes from its log.
#
#   build-aux/bench-upload.sh [BUILDDIR]     (default: _build)
#
# Environment: BENCH_BIG_MB (default 512), BENCH_SMALL_MB (default 64),
# BENCH_LATENCIES (default "0 150"), BENCH_REPS (default 3): the big
# upload's rows are run that many times at each latency, tern and curl in
# turns (which goes first alternates), and the table shows their medians;
# each repetition's figures and its own ratio are printed as well, so a
# busy moment on the machine shows instead of deciding the result.
#
# Not a test: nothing here asserts a time. It needs a D-Bus session with an
# unlocked keyring for `tern login`; without one it starts its own.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=$(cd "${1:-$top/_build}" && pwd)
tern="$builddir/src/tern"
xsim="$builddir/src/sim/tern-xsim"
big_mb=${BENCH_BIG_MB:-512}
small_mb=${BENCH_SMALL_MB:-64}
latencies=${BENCH_LATENCIES:-0 150}
reps=${BENCH_REPS:-3}
chunk=$((4 * 1024 * 1024))
# What tern post uses when nothing overrides it (the bench's HOME has no
# settings), from the sources it was built from.
in_flight=$(sed -n 's/^#define TERN_UPLOAD_DEFAULT_PARALLELISM *\([0-9]*\).*/\1/p' "$top/src/core/send/tern-upload.h")
tern_chunk=$(sed -n 's/^#define TERN_UPLOAD_DEFAULT_CHUNK_SIZE *(\([0-9]*\) \* 1024 \* 1024).*/\1/p' "$top/src/core/send/tern-upload.h")
[ -n "$in_flight" ] && [ -n "$tern_chunk" ] || { echo "bench-upload: could not read tern's upload defaults from src/core/send/tern-upload.h" >&2; exit 1; }

for tool in curl python3 gst-launch-1.0 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench-upload: $tool is missing (build-aux/install-deps.sh --with-tests installs it)" >&2; exit 1; }
done
[ -x "$tern" ] && [ -x "$xsim" ] || { echo "bench-upload: build first: ninja -C $builddir" >&2; exit 1; }

# A scratch HOME and XDG dirs first, then a private session whose keyring
# lives in them: gnome-keyring-daemon reads the keyrings under
# $XDG_DATA_HOME (or $HOME/.local/share), so starting it before the switch
# would try to unlock whatever login keyring the caller's HOME holds (with
# the wrong password) and the run would fail at `tern login`.
if [ -z "${TERN_BENCH_IN_SESSION:-}" ]; then
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/tern-bench.XXXXXX")
  export TERN_BENCH_IN_SESSION=1 TERN_BENCH_SCRATCH=$scratch
  export HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config"
  export XDG_STATE_HOME="$scratch/state" XDG_CACHE_HOME="$scratch/cache" GSETTINGS_BACKEND=memory
  # Its own runtime dir too, so the keyring's control socket is not the
  # caller's running daemon.
  export XDG_RUNTIME_DIR="$scratch/run"
  mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME"
  mkdir -m 700 "$XDG_RUNTIME_DIR"
  status=0
  dbus-run-session -- bash -c \
    'printf bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$0" "$@"' \
    "$0" "$builddir" || status=$?
  rm -rf "$scratch"
  exit "$status"
fi

scratch=$TERN_BENCH_SCRATCH
xsim_pid=
cleanup() {
  [ -n "$xsim_pid" ] && kill "$xsim_pid" 2>/dev/null || true
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redirect="http://127.0.0.1:$port/callback"
client=tern-bench
scopes="tweet.read tweet.write users.read media.write offline.access"

# make_video FILE MB: a real one-second MP4 (H.264 High, 4:2:0, index
# first, so tern's GStreamer probe accepts it), padded to MB MiB with a
# top-level "free" box of random bytes.
make_video() {
  local seed="$scratch/seed.mp4" seed_size pad
  [ -f "$seed" ] || gst-launch-1.0 -q videotestsrc num-buffers=30 ! \
    video/x-raw,format=I420,width=320,height=240,framerate=30/1 ! x264enc ! \
    video/x-h264,profile=high ! mp4mux faststart=true ! filesink location="$seed"
  seed_size=$(stat -c %s "$seed")
  pad=$(($2 * 1024 * 1024 - seed_size))
  cp "$seed" "$1"
  python3 -c 'import sys,struct; sys.stdout.buffer.write(struct.pack(">I", int(sys.argv[1])) + b"free")' "$pad" >> "$1"
  head -c $((pad - 8)) /dev/urandom >> "$1"
}

start_xsim() {
  local latency=$1
  [ -n "$xsim_pid" ] && { kill "$xsim_pid" 2>/dev/null || true; exec {xsim_fd}<&-; }
  cat > "$scratch/xsim.json" <<JSON
{
  "clients": [{"client_id": "$client", "redirect_uris": ["$redirect"]}],
  "auto_approve": true,
  "append_processing_ms": $latency,
  "processing": {"check_after_secs": 1, "polls": 1, "seconds": 0}
}
JSON
  exec {xsim_fd}< <(exec "$xsim" --port 0 --config "$scratch/xsim.json" 2>"$scratch/xsim.log")
  xsim_pid=$!
  read -r line <&"$xsim_fd"
  base=${line#listening on }
  base=${base%/}
}

# Signs tern in (tokens to the keyring) and gets a token for curl, both
# through the simulator's OAuth flow.
sign_in() {
  local url location verifier challenge code
  rm -rf "$XDG_CONFIG_HOME/tern"
  local login_fd
  exec {login_fd}< <(exec "$tern" login --no-browser --api-base "$base" --client-id "$client" --redirect-uri "$redirect" 2>/dev/null)

  while read -r url <&"$login_fd"; do
    case $url in http*) break ;; esac
  done
  location=$(curl -s -o /dev/null -w '%{redirect_url}' "$url")
  curl -s -o /dev/null "$location"
  # tern login exits once it has stored the tokens.
  while read -r _ <&"$login_fd"; do :; done
  exec {login_fd}<&-

  verifier=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')
  challenge=$(python3 -c 'import sys,hashlib,base64; print(base64.urlsafe_b64encode(hashlib.sha256(sys.argv[1].encode()).digest()).decode().rstrip("="))' "$verifier")
  location=$(curl -s -o /dev/null -w '%{redirect_url}' -G "$base/i/oauth2/authorize" \
    --data-urlencode response_type=code --data-urlencode "client_id=$client" \
    --data-urlencode "redirect_uri=$redirect" --data-urlencode "scope=$scopes" \
    --data-urlencode state=bench --data-urlencode "code_challenge=$challenge" \
    --data-urlencode code_challenge_method=S256)
  code=$(python3 -c 'import sys,urllib.parse as u; print(u.parse_qs(u.urlparse(sys.argv[1]).query)["code"][0])' "$location")
  token=$(curl -s "$base/2/oauth2/token" -d grant_type=authorization_code --data-urlencode "code=$code" \
    --data-urlencode "redirect_uri=$redirect" -d "client_id=$client" --data-urlencode "code_verifier=$verifier" |
    python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])')
}

# The curl flow, as a script of its own so /usr/bin/time measures all of it.
cat > "$scratch/curl-flow.sh" <<'SH'
#!/usr/bin/env bash
# curl-flow.sh BASE TOKEN FILE CHUNK TEXT
set -euo pipefail
base=$1 token=$2 file=$3 chunk=$4 text=$5
size=$(stat -c %s "$file")
auth="Authorization: Bearer $token"
json() { python3 -c 'import sys,json; d=json.load(sys.stdin)["data"]; print(eval(sys.argv[1]))' "$1"; }

id=$(curl -sf -X POST "$base/2/media/upload/initialize" -H "$auth" -H 'Content-Type: application/json' \
  -d "{\"total_bytes\": $size, \"media_type\": \"video/mp4\", \"media_category\": \"tweet_video\"}" | json 'd["id"]')
segments=$(( (size + chunk - 1) / chunk ))
for ((i = 0; i < segments; i++)); do
  dd if="$file" bs="$chunk" skip="$i" count=1 status=none |
    curl -sf -o /dev/null -X POST "$base/2/media/upload/$id/append" -H "$auth" \
      -F "segment_index=$i" -F "media=@-;type=application/octet-stream"
done
answer=$(curl -sf -X POST "$base/2/media/upload/$id/finalize" -H "$auth")
state=$(echo "$answer" | json 'd.get("processing_info", {}).get("state", "succeeded")')
while [ "$state" != succeeded ]; do
  [ "$state" = failed ] && { echo "processing failed" >&2; exit 1; }
  sleep "$(echo "$answer" | json 'd["processing_info"].get("check_after_secs", 1)')"
  answer=$(curl -sf -G "$base/2/media/upload" -H "$auth" --data-urlencode command=STATUS --data-urlencode "media_id=$id")
  state=$(echo "$answer" | json 'd["processing_info"]["state"]')
done
curl -sf -o /dev/null -X POST "$base/2/tweets" -H "$auth" -H 'Content-Type: application/json' \
  -d "{\"text\": \"$text\", \"media\": {\"media_ids\": [\"$id\"]}}"
SH
chmod +x "$scratch/curl-flow.sh"

# sim_log: the simulator's request log, as JSON.
sim_log() {
  curl -sf "$base/sim/requests"
}

# measure NAME COMMAND...: one run under /usr/bin/time -v; appends a row,
# and for each run the APPENDs the simulator answered in it and the most
# of them it held at once (received, then waiting out the latency).
results="$scratch/results.tsv"
appends="$scratch/appends.tsv"
: > "$results"
: > "$appends"
measure() {
  local name=$1; shift
  local out="$scratch/time.txt"
  sim_log > "$scratch/log-before.json"
  if ! /usr/bin/time -v -o "$out" "$@" >"$scratch/run.out" 2>"$scratch/run.err"; then
    echo "bench-upload: $name failed:" >&2
    tail -5 "$scratch/run.err" >&2
    exit 1
  fi
  python3 - "$name" "$out" >> "$results" <<'PY'
import sys, re
name, path = sys.argv[1], sys.argv[2]
text = open(path).read()
def field(label):
    return re.search(re.escape(label) + r":\s*(.+)", text).group(1).strip()
wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
parts = [float(p) for p in wall.split(":")]
seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
rss = int(field("Maximum resident set size (kbytes)")) / 1024
print(f"{name}\t{seconds:.2f}\t{cpu:.2f}\t{rss:.1f}")
PY
  sim_log > "$scratch/log-after.json"
  python3 - "$name" "$scratch/log-before.json" "$scratch/log-after.json" >> "$appends" <<'PY'
import sys, json
name, before, after = sys.argv[1:]
skip = len(json.load(open(before))["requests"])
log = json.load(open(after))["requests"][skip:]
ok = [r for r in log if r["kind"] == "media_append" and 200 <= r["status"] < 300]
events = sorted([(r["received_us"], 1) for r in ok] + [(r["received_us"] + r["duration_us"], -1) for r in ok])
held = most = 0
for _, step in events:
    held += step
    most = max(most, held)
print(f"{name}\t{len(ok)}\t{most}")
PY
  echo "  $(tail -1 "$results" | tr '\t' ' ')" >&2
}

echo "Making test files (${big_mb} MB and ${small_mb} MB)…" >&2
make_video "$scratch/big.mp4" "$big_mb"
make_video "$scratch/small.mp4" "$small_mb"

# The scratch cache is empty, so tern's first GStreamer use builds the
# plugin registry: gst-plugin-scanner, a child process that loads every
# plugin (about 115 MB), would count as tern's peak RSS and add half a
# second to whichever row came first. Build it once, unmeasured, as any
# installed system has.
"$tern" post --dry-run "bench warm-up" --media "$scratch/small.mp4" >/dev/null 2>&1

run=0
for latency in $latencies; do
  echo "APPEND latency ${latency} ms:" >&2
  start_xsim "$latency"
  sign_in
  run=$((run + 1))
  for ((rep = 1; rep <= reps; rep++)); do
    tern_row=(measure "tern,${big_mb},${latency},${rep}" "$tern" post --api-base "$base" "bench $run.$rep tern big" --media "$scratch/big.mp4")
    curl_row=(measure "curl,${big_mb},${latency},${rep}" "$scratch/curl-flow.sh" "$base" "$token" "$scratch/big.mp4" "$chunk" "bench $run.$rep curl big")
    if ((rep % 2)); then "${tern_row[@]}"; "${curl_row[@]}"; else "${curl_row[@]}"; "${tern_row[@]}"; fi
  done
  if [ "$latency" = 0 ]; then
    measure "tern,${small_mb},${latency},1" "$tern" post --api-base "$base" "bench $run tern small" --media "$scratch/small.mp4"
    # What the GStreamer probe alone (tern post checks media before
    # uploading) costs, to read the rows above by.
    measure "probe,${big_mb},-,1" "$tern" post --dry-run "bench probe" --media "$scratch/big.mp4"
  fi
done

python3 - "$results" "$big_mb" "$small_mb" "$appends" "$in_flight" "$tern_chunk" <<'PY'
import sys, math, statistics
path, big, small, appends_path = sys.argv[1:5]
in_flight, tern_chunk = int(sys.argv[5]), int(sys.argv[6])
# (tool, size, latency) -> {rep: (wall, cpu, rss)}, in the order first run
runs = {}
for line in open(path):
    name, wall, cpu, rss = line.rstrip("\n").split("\t")
    tool, size, latency, rep = name.split(",")
    runs.setdefault((tool, size, latency), {})[int(rep)] = (float(wall), float(cpu), float(rss))
appends = {}
for line in open(appends_path):
    name, count, most = line.rstrip("\n").split("\t")
    tool, size, latency, rep = name.split(",")
    appends[(tool, size, latency, int(rep))] = (int(count), int(most))

def median(key, i):
    return statistics.median(r[i] for r in runs[key].values())

rows = {key: tuple(median(key, i) for i in range(3)) for key in runs}

print()
print(f"tern: default settings ({in_flight} segments in flight, {tern_chunk} MiB segments); curl: one APPEND at a time, 4 MiB")
print("Medians of the repetitions; the walls of each repetition, in order, at the right")
print(f"{'client':<6} {'file':>7} {'APPEND +ms':>10} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>12}  each wall s")
for key, (wall, cpu, rss) in rows.items():
    tool, size, latency = key
    each = " ".join(f"{r[0]:.2f}" for _, r in sorted(runs[key].items()))
    print(f"{tool:<6} {size + ' MB':>7} {latency:>10} {wall:>8.2f} {cpu:>8.2f} {rss:>12.1f}  {each}")

# Each repetition's ratio pairs the tern and curl rows run one after the
# other, at the same moment of the machine's load.
print()
print("Ratios (curl ÷ tern: above 1 means tern is better), of the medians; wall of each repetition at the right")
print(f"{'APPEND +ms':>10} {'wall':>8} {'CPU':>8} {'peak RSS':>9}  each wall")
pair_ratios = {}
for key, (wall, cpu, rss) in rows.items():
    tool, size, latency = key
    if tool != "tern" or size != big:
        continue
    other_key = ("curl", big, latency)
    if other_key in rows:
        other = rows[other_key]
        pair_ratios[latency] = [runs[other_key][rep][0] / runs[key][rep][0]
                                for rep in sorted(runs[key]) if rep in runs[other_key]]
        each = " ".join(f"{r:.2f}" for r in pair_ratios[latency])
        print(f"{latency:>10} {other[0] / wall:>8.2f} {other[1] / cpu:>8.2f} {other[2] / rss:>9.2f}  {each}")

# The floor the segments in flight set: ceil(segments / in flight) rounds
# of the added latency, plus everything tern does with none added (the
# median of its 0 ms rows).
floors = {}
t_zero = rows.get(("tern", big, "0"))
print()
print("Floor set by the segments in flight: ceil(segments / in flight) x latency + tern's median wall at 0 ms")
print(f"{'APPEND +ms':>10} {'segments':>8} {'in flight':>9} {'most held':>9} {'floor s':>8} {'tern s':>8} {'÷ floor':>8}  each ÷ floor")
for key, (wall, cpu, rss) in rows.items():
    tool, size, latency = key
    if tool != "tern" or size != big or latency in ("0", "-") or t_zero is None:
        continue
    held = [appends[key + (rep,)] for rep in sorted(runs[key]) if key + (rep,) in appends]
    if not held:
        continue
    segments = max(h[0] for h in held)
    most = max(h[1] for h in held)
    floor = math.ceil(segments / in_flight) * int(latency) / 1000 + t_zero[0]
    floors[latency] = floor
    each = " ".join(f"{r[0] / floor:.2f}" for _, r in sorted(runs[key].items()))
    print(f"{latency:>10} {segments:>8} {in_flight:>9} {most:>9} {floor:>8.2f} {wall:>8.2f} {wall / floor:>8.2f}  {each}")

print()
print("Targets (medians)")
t_big = rows.get(("tern", big, "0"))
t_small = rows.get(("tern", small, "0"))
c_big0 = rows.get(("curl", big, "0"))
if t_big:
    print(f"  tern peak RSS for {big} MB under 64 MB: {t_big[2]:.1f} MB — {'met' if t_big[2] < 64 else 'NOT met'}")
if t_big and t_small:
    growth = t_big[2] / t_small[2] - 1
    print(f"  tern peak RSS {big} MB vs {small} MB within +10%: {growth * 100:+.1f}% — {'met' if growth <= 0.10 else 'NOT met'}")
if t_big and c_big0:
    print(f"  no added latency, tern wall ≤ curl wall: {t_big[0]:.2f} s vs {c_big0[0]:.2f} s — {'met' if t_big[0] <= c_big0[0] else 'NOT met'}")
for key, (wall, cpu, rss) in rows.items():
    tool, size, latency = key
    if tool != "tern" or size != big or latency == "0":
        continue
    other = rows.get(("curl", big, latency))
    if other:
        ratio = other[0] / wall
        low = min(pair_ratios[latency])
        print(f"  {latency} ms per APPEND, tern ≥ 3× faster than curl: {ratio:.2f}× (lowest repetition {low:.2f}×) — {'met' if ratio >= 3 else 'NOT met'}")
    if latency in floors:
        print(f"  {latency} ms per APPEND, tern within 1.25× of the floor: {wall:.2f} s vs {floors[latency]:.2f} s = {wall / floors[latency]:.2f}× — {'met' if wall <= 1.25 * floors[latency] else 'NOT met'}")
PY
