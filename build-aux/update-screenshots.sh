#!/usr/bin/env bash
# Copies the store screenshots that the display tests take (run
# build-aux/run-tests.sh first) into data/screenshots/, where the metainfo's
# <screenshot> addresses point once the release is tagged.
#
#   build-aux/update-screenshots.sh [builddir]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
artifacts=${1:-$top/_build}/test-artifacts
# store name: the display test's screenshot
declare -A shots=(
  [composer.png]=window-post-attached.png   # test-window-post.c
  [video-check.png]=window-post-convert.png # test-window-post.c
  [thread.png]=window-thread.png            # test-window.c
)
for name in "${!shots[@]}"; do
  cp "$artifacts/${shots[$name]}" "$top/data/screenshots/$name"
  echo "data/screenshots/$name <- ${shots[$name]}"
done
