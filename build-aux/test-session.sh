#!/usr/bin/env bash
# Runs inside the private D-Bus session that run-tests.sh starts: unlocks a fresh
# gnome-keyring (it creates the login keyring on first unlock), then runs meson test.
set -euo pipefail
builddir=$1
shift

printf 'tern-test-keyring' | gnome-keyring-daemon --unlock --components=secrets >/dev/null

meson test -C "$builddir" --print-errorlogs --no-suite bench "$@"
