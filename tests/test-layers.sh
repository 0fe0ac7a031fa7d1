#!/usr/bin/env bash
# The layer rules of DESIGN.md: core never includes GTK, libadwaita or
# GStreamer, nor anything of the layers above it; inside core, each folder
# includes only the groups below it (HACKING.md); sim includes nothing of
# Tern's from outside src/sim.
set -u
src=$1
status=0

bad=$(grep -rnE '#include[[:space:]]*[<"](gtk/|gdk/|adwaita|gst/)' "$src/core" 2>/dev/null)
if [ -n "$bad" ]; then
  echo "src/core must not include GTK, libadwaita or GStreamer headers:"
  echo "$bad"
  status=1
fi

# What each core folder may include besides itself and the core root
# (X's rules, plumbing, forward declarations).
declare -A below=(
  [text]=""
  [draft]="text"
  [net]=""
  [auth]="net"
  [send]="text draft net"
)
for group in "${!below[@]}"; do
  [ -d "$src/core/$group" ] || continue
  while IFS= read -r line; do
    file=${line%%:*}
    header=$(echo "$line" | sed -E 's/.*#include[[:space:]]*"([^"]+)".*/\1/')
    [ "$header" = config.h ] && continue
    [ -e "$src/core/$group/$header" ] && continue
    [ -e "$src/core/$header" ] && continue
    ok=0
    for other in ${below[$group]}; do
      [ -e "$src/core/$other/$header" ] && ok=1
    done
    if [ $ok -eq 0 ]; then
      echo "src/core/$group may include only itself, ${below[$group]:-no other group} and the core root: $file includes \"$header\""
      status=1
    fi
  done < <(grep -rnE '#include[[:space:]]*"' "$src/core/$group")
done

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
