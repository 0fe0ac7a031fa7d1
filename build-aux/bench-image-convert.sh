#!/usr/bin/env bash
# Benchmark: how long `tern convert` takes to make a 12 MP phone photo fit
# X (upright, no location, under 5 MB, quality found by search), against
# ImageMagick's `convert -resize` to the same size and quality, in one run
# (the machines are shared: compare the ratios, not the seconds). A third
# row gives Tern the quality up front, to show what the search costs.
#
#   build-aux/bench-image-convert.sh [BUILDDIR]    (default: _build)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-$top/_build}
tern="$builddir/src/tern"
work=$(mktemp -d "${TMPDIR:-/tmp}/tern-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
photo="$work/photo.jpg"

[ -x "$tern" ] || { echo "Build Tern first: ninja -C $builddir" >&2; exit 1; }
for tool in gst-launch-1.0 convert identify hyperfine; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: build-aux/install-deps.sh --with-tests" >&2; exit 1; }
done

# The same photo the tests make: 4000x3000, sideways (EXIF orientation 6),
# with a GPS position, about 10 MB.
echo "Making a 12 MP JPEG ..." >&2
gst-launch-1.0 -q \
  compositor name=c ! video/x-raw,width=4000,height=3000 ! videoconvert \
  ! jpegenc quality=92 \
  ! taginject tags="image-orientation=rotate-90,geo-location-latitude=48.8584,geo-location-longitude=2.2945" \
  ! jifmux ! filesink location="$photo" \
  videotestsrc num-buffers=1 pattern=snow ! video/x-raw,width=1000,height=750 \
  ! videoscale method=bilinear ! video/x-raw,width=4000,height=3000 ! c.sink_0 \
  videotestsrc num-buffers=1 pattern=red ! video/x-raw,width=1000,height=3000 ! c.sink_1
echo "Photo: $(stat -c %s "$photo") bytes" >&2

# What Tern chooses with the highest ceiling, so that the search runs.
"$tern" convert --quality 100 "$photo" "$work/tern.jpg" >/dev/null 2>&1
read -r quality width height < <(identify -format '%Q %w %h\n' "$work/tern.jpg")
echo "Tern chose quality $quality at ${width}x${height}: $(stat -c %s "$work/tern.jpg") bytes" >&2

hyperfine --warmup 1 --runs 5 --export-markdown "$work/bench.md" \
  --command-name "tern convert (search up to 100)" \
    "$tern convert --quality 100 $photo $work/tern.jpg" \
  --command-name "tern convert --quality $quality (no search)" \
    "$tern convert --quality $quality $photo $work/tern-fixed.jpg" \
  --command-name "ImageMagick convert -resize ${width}x${height} -quality $quality" \
    "convert $photo -auto-orient -strip -resize ${width}x${height} -quality $quality $work/magick.jpg" \
  >&2
echo
cat "$work/bench.md"
echo "ImageMagick's copy: $(stat -c %s "$work/magick.jpg") bytes"
