#!/usr/bin/env bash
# Sets up everything Tern's tests need on a Debian 12 machine, builds, and runs
# every suite inside a private D-Bus session with an unlocked gnome-keyring, a
# throwaway HOME and XDG dirs, and an Xvfb display. Ends with "N passed, N failed".
#
#   build-aux/run-tests.sh [meson test arguments, e.g. --suite unit]
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
builddir=${TERN_BUILDDIR:-$top/_build}

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
mkdir -p "$scratch"/{home,data,config,cache,state,runtime}
chmod 700 "$scratch/runtime"

export HOME="$scratch/home"
export XDG_DATA_HOME="$scratch/data"
export XDG_CONFIG_HOME="$scratch/config"
export XDG_CACHE_HOME="$scratch/cache"
export XDG_STATE_HOME="$scratch/state"
export XDG_RUNTIME_DIR="$scratch/runtime"
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

python3 "$top/build-aux/count-results.py" "$builddir/meson-logs/testlog.json" || rc=1
exit $rc
