#!/usr/bin/env bash
# Benchmark: Tern's text parse against twitter-text 3.1.0's parseTweet (X's
# reference, run by Node from tests/node) on the same inputs, in one run
# (the machines are shared: compare the ratio, not the times). Prints
# parses per second of each and Tern's lead for every input class (ASCII,
# CJK, Hangul, emoji, URL-heavy, 25,000 mixed characters, a short post) and
# every adversarial input, and how Tern's time grows from 1x to 4x and 16x
# of each adversarial input (about 4 and 16 when the parse is linear).
#
#   build-aux/bench-text.sh [BUILDDIR]    (default: _build)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-$top/_build}
bench="$builddir/tests/bench-text"
node_dir="$top/tests/node"
work=$(mktemp -d "${TMPDIR:-/tmp}/tern-bench-text.XXXXXX")
trap 'rm -rf "$work"' EXIT

[ -x "$bench" ] || { echo "Build the tests first: meson setup $builddir -Dtests=true && ninja -C $builddir" >&2; exit 1; }
command -v node >/dev/null || { echo "Node is missing: build-aux/install-deps.sh --with-tests" >&2; exit 1; }
if ! cmp -s "$node_dir/package-lock.json" "$node_dir/node_modules/.tern-lock"; then
  echo "Installing twitter-text 3.1.0 into tests/node ..." >&2
  npm ci --prefix "$node_dir" --no-audit --no-fund --ignore-scripts >&2
  cp "$node_dir/package-lock.json" "$node_dir/node_modules/.tern-lock"
fi

"$bench" --write-inputs "$work/inputs"
echo "Timing Tern ..." >&2
"$bench" > "$work/tern.txt"
echo "Timing twitter-text 3.1.0 ..." >&2
node "$top/build-aux/bench-text-reference.js" "$work/inputs" > "$work/reference.txt"

printf '%-16s %10s %14s %16s %9s %7s %7s\n' \
  input chars "Tern parses/s" "twitter-text p/s" "Tern lead" "4x/1x" "16x/1x"
# tern.txt: input chars ms/parse parses/s 4x/1x 16x/1x (after a header)
awk 'NR == FNR { ref[$1] = $2; next }
     FNR > 1 {
       lead = ref[$1] > 0 ? sprintf("%.1fx", $4 / ref[$1]) : "-"
       printf "%-16s %10s %14s %16.1f %9s %7s %7s\n", $1, $2, $4, ref[$1], lead, $5, $6
     }' "$work/reference.txt" "$work/tern.txt"
