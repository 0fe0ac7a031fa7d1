#!/usr/bin/env bash
# The layer rules of DESIGN.md: core never includes GTK, libadwaita or
# GStreamer; sim includes nothing of Tern's from outside src/sim.
set -u
src=$1
status=0

bad=$(grep -rnE '#include[[:space:]]*[<"](gtk/|gdk/|adwaita|gst/)' "$src/core" 2>/dev/null)
if [ -n "$bad" ]; then
  echo "src/core must not include GTK, libadwaita or GStreamer headers:"
  echo "$bad"
  status=1
fi

if [ -d "$src/sim" ]; then
  while IFS= read -r line; do
    file=${line%%:*}
    header=$(echo "$line" | sed -E 's/.*#include[[:space:]]*"([^"]+)".*/\1/')
    [ "$header" = config.h ] && continue
    if [ ! -e "$src/sim/$header" ]; then
      echo "src/sim must not include Tern headers from outside src/sim: $file includes \"$header\""
      status=1
    fi
  done < <(grep -rnE '#include[[:space:]]*"' "$src/sim")
fi

[ $status -eq 0 ] && echo "layer rules hold"
exit $status
