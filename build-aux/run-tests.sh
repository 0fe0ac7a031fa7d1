#!/usr/bin/env bash
# Sets up everything Tern's tests need on a Debian 12 machine, builds, and runs
# every suite inside a private D-Bus session with an unlocked gnome-keyring, a
# throwaway HOME and XDG dirs, and an Xvfb display. Ends with "N passed, N failed".
#
#   build-aux/run-tests.sh [meson test arguments, e.g. --suite unit]
#
# In CI (CI=true, no arguments), or with TERN_EXTRA_CHECKS=1, two more stages
# run and count in the same final line: the unit, cli, sim and integration
# suites again in an ASan+UBSan build (_build-asan; any sanitizer report fails
# its test), and a short run of each fuzz target (build-aux/fuzz.sh,
# TERN_FUZZ_SECONDS each, default 60). TERN_EXTRA_CHECKS=0 skips them.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
builddir=${TERN_BUILDDIR:-$top/_build}
asan_builddir=${TERN_ASAN_BUILDDIR:-$top/_build-asan}
extra=${TERN_EXTRA_CHECKS:-}
if [ -z "$extra" ]; then
  extra=0
  if [ "${CI:-}" = "true" ] && [ $# -eq 0 ]; then
    extra=1
  fi
fi

"$top/build-aux/install-deps.sh" --with-tests

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" -Dtests=true
fi
rm -f "$builddir/meson-logs/testlog.json"
if ! ninja -C "$builddir"; then
  echo "The build failed; no test ran." >&2
  echo "0 passed, 1 failed"
  exit 1
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/tern-tests.XXXXXX")
cleanup() { rm -rf "$scratch"; }
trap cleanup EXIT
logs=("$builddir/meson-logs/testlog.json")
# A fresh home (and so a fresh keyring) for each stage.
use_home() {
  mkdir -p "$1"/{home,data,config,cache,state,runtime}
  chmod 700 "$1/runtime"
  export HOME="$1/home"
  export XDG_DATA_HOME="$1/data"
  export XDG_CONFIG_HOME="$1/config"
  export XDG_CACHE_HOME="$1/cache"
  export XDG_STATE_HOME="$1/state"
  export XDG_RUNTIME_DIR="$1/runtime"
}
use_home "$scratch/main"
export GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR="$builddir/data"
export GDK_BACKEND=x11
export NO_AT_BRIDGE=1
export TERN_TEST_ARTIFACTS="$builddir/test-artifacts"
mkdir -p "$TERN_TEST_ARTIFACTS"
unset DBUS_SESSION_BUS_ADDRESS WAYLAND_DISPLAY DISPLAY

rc=0
xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" \
  dbus-run-session -- "$top/build-aux/test-session.sh" "$builddir" "$@" || rc=$?

if [ "$extra" = "1" ]; then
  # Sanitizers: the suites that need no display, in their own build. Leak
  # checking is off (GLib's type system keeps what it registers); every other
  # report aborts the test that caused it.
  echo "== ASan+UBSan: unit, cli, sim and integration suites ==" >&2
  rm -f "$asan_builddir/meson-logs/testlog.json"
  logs+=("$asan_builddir/meson-logs/testlog.json")
  if [ ! -f "$asan_builddir/build.ninja" ]; then
    meson setup "$asan_builddir" -Dtests=true -Db_sanitize=address,undefined \
      -Db_lundef=false -Dbuildtype=debugoptimized >&2
  fi
  if ninja -C "$asan_builddir" >&2; then
    use_home "$scratch/asan"
    export GSETTINGS_SCHEMA_DIR="$asan_builddir/data"
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:allocator_may_return_null=1 \
    UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1 \
    xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" \
      dbus-run-session -- "$top/build-aux/test-session.sh" "$asan_builddir" \
        --suite unit --suite cli --suite sim --suite integration \
        --timeout-multiplier 3 || rc=$?
    export GSETTINGS_SCHEMA_DIR="$builddir/data"
  else
    echo "The sanitizer build failed." >&2
    rc=1
  fi

  echo "== Fuzzing: ${TERN_FUZZ_SECONDS:-60} s per target ==" >&2
  logs+=("$scratch/fuzz.tap")
  "$top/build-aux/fuzz.sh" "${TERN_FUZZ_SECONDS:-60}" >"$scratch/fuzz.tap" || rc=$?
  cat "$scratch/fuzz.tap" >&2
fi

python3 "$top/build-aux/count-results.py" "${logs[@]}" || rc=1
exit $rc
