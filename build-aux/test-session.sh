#!/usr/bin/env bash
# Runs inside the private D-Bus session that run-tests.sh starts: unlocks a fresh
# gnome-keyring (it creates the login keyring on first unlock), then runs meson test.
set -euo pipefail
builddir=$1
shift

printf 'tern-test-keyring' | gnome-keyring-daemon --unlock --components=secrets >/dev/null

# The pointer starts where no test window is: a tooltip timer left running
# under it must not outlive a window that a test destroys.
if [ -n "${DISPLAY:-}" ] && command -v xdotool >/dev/null; then
  xdotool mousemove 1279 1023 || true
fi

meson test -C "$builddir" --print-errorlogs --no-suite bench "$@"
