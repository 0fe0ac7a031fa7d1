#!/usr/bin/env bash
# Builds Tern's libFuzzer targets with clang, ASan and UBSan in their own
# build directory, writes their seed corpora, and runs each for a while.
#
#   build-aux/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# SECONDS_PER_TARGET defaults to 60 (CI's short run); for a long run, give
# e.g. 3600. Corpora grow in $TERN_FUZZ_DIR (default _build-fuzz/corpus) and
# are kept between runs; a crash leaves its input in _build-fuzz/crashes.
# Prints one TAP line per target and exits non-zero if any target failed.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz-text fuzz-media fuzz-json)
builddir=${TERN_FUZZ_BUILDDIR:-$top/_build-fuzz}
corpus=${TERN_FUZZ_DIR:-$builddir/corpus}

if [ ! -f "$builddir/build.ninja" ]; then
  CC=clang meson setup "$builddir" -Dtests=true -Dfuzzing=true \
    -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized >&2
fi
ninja -C "$builddir" "${targets[@]/#/tests/fuzz/}" tests/fuzz/fuzz-seeds >&2

seeds=$(mktemp -d "${TMPDIR:-/tmp}/tern-fuzz-seeds.XXXXXX")
trap 'rm -rf "$seeds"' EXIT
"$builddir/tests/fuzz/fuzz-seeds" "$seeds"
mkdir -p "$builddir/crashes"

# Any sanitizer report is a failure; leaks are GLib's type system's, not
# bugs, and are not checked.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export G_DEBUG=fatal-criticals
export GIO_USE_VFS=local

echo "1..${#targets[@]}"
n=0
failed=0
for target in "${targets[@]}"; do
  n=$((n + 1))
  kind=${target#fuzz-}
  mkdir -p "$corpus/$kind"
  log="$builddir/$target.log"
  # -rss_limit_mb: a target that needs more than this leaks or runs away.
  if "$builddir/tests/fuzz/$target" "$corpus/$kind" "$seeds/$kind" \
       -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 -max_len=65536 \
       -print_final_stats=1 -artifact_prefix="$builddir/crashes/$target-" >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    echo "ok $n $target # $runs inputs in ${seconds}s"
  else
    echo "not ok $n $target"
    tail -n 40 "$log" | sed 's/^/# /'
    failed=1
  fi
done
exit $failed
