#!/usr/bin/env bash
# Sets up what Tern needs on a Debian 12 machine, builds it, and runs it.
# With no X account configured, Tern opens in the sandbox (a local X simulator).
#
#   build-aux/run-tern.sh [tern arguments]
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${TERN_BUILDDIR:-$top/_build}

"$top/build-aux/install-deps.sh"

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir"
fi
ninja -C "$builddir"

export GSETTINGS_SCHEMA_DIR="$builddir/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"

# No X account yet: open in the sandbox (a local X simulator inside Tern,
# clearly marked in the window). `tern accounts` prints one line per account.
if [ $# -eq 0 ] && [ -z "$("$builddir/src/tern" accounts 2>/dev/null)" ]; then
  set -- --sandbox
fi

exec "$builddir/src/tern" "$@"
