#!/usr/bin/env bash
# Benchmark: how long `tern post --dry-run --json --media big.mp4` takes to
# check a 512 MB MP4, against ffprobe on the same file, in one run (the
# machines are shared: compare the ratio, not the seconds). Also counts the
# bytes each one reads (strace), to show Tern reads headers, not the file.
#
#   build-aux/bench-probe.sh [BUILDDIR]    (default: _build)
#
# Making the file takes a minute or two: it is a real H.264 + AAC video,
# lossless noise at 640x360 so that ~50 s of it weighs 512 MB.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-$top/_build}
tern="$builddir/src/tern"
work=$(mktemp -d "${TMPDIR:-/tmp}/tern-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
big="$work/big.mp4"
target=$((512 * 1024 * 1024))

[ -x "$tern" ] || { echo "Build Tern first: ninja -C $builddir" >&2; exit 1; }
for tool in gst-launch-1.0 ffprobe hyperfine strace; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: build-aux/install-deps.sh --with-tests" >&2; exit 1; }
done

# Frames of lossless noise until the file is just under 512 MiB.
frame_bytes=$((640 * 360 * 3 / 2))
frames=$((target * 98 / 100 / frame_bytes))
seconds=$(( (frames + 29) / 30 ))
echo "Making a ${frames}-frame (${seconds} s) 640x360 H.264 + AAC MP4 ..." >&2
gst-launch-1.0 -q \
  videotestsrc pattern=snow num-buffers="$frames" \
  ! video/x-raw,format=I420,width=640,height=360,framerate=30/1 \
  ! x264enc speed-preset=ultrafast pass=quant quantizer=0 key-int-max=60 \
  ! queue ! mp4mux name=mux ! filesink location="$big" \
  audiotestsrc num-buffers=$((seconds * 10)) samplesperbuffer=4800 \
  ! audio/x-raw,rate=48000,channels=2 ! audioconvert ! avenc_aac ! queue ! mux.
size=$(stat -c %s "$big")
echo "File: $size bytes ($((size / 1024 / 1024)) MiB)" >&2

tern_cmd="$tern post --dry-run --json --media $big"
ffprobe_cmd="ffprobe -v error -show_format -show_streams $big"
"$tern" post --dry-run --json --media "$big" >"$work/tern.json" || true
grep -q '"video_codec" : "h264"' "$work/tern.json" || { echo "Tern did not read the file:" >&2; cat "$work/tern.json" >&2; exit 1; }

bytes_read() {
  strace -f -qq -e trace=read,pread64,readv,preadv -e signal=none -o "$work/strace.log" "$@" >/dev/null 2>&1 || true
  # Sum the return values of reads from any descriptor: an upper bound on
  # what came from the video.
  awk -F'= ' '/= [0-9]+$/ { sum += $NF } END { print sum + 0 }' "$work/strace.log"
}

echo
echo "Bytes read while probing a $size-byte file:"
printf '  tern post --dry-run: %s\n' "$(bytes_read $tern_cmd)"
printf '  ffprobe:             %s\n' "$(bytes_read $ffprobe_cmd)"
echo

hyperfine --warmup 2 --runs 15 --export-markdown "$work/bench.md" \
  --command-name "tern post --dry-run --json --media big.mp4" "$tern_cmd" \
  --command-name "ffprobe -show_format -show_streams big.mp4" "$ffprobe_cmd"
echo
cat "$work/bench.md"
