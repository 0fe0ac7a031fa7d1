#!/usr/bin/env bash
# The German translation is loaded: the window (run with LANGUAGE=de in the
# de_DE.UTF-8 locale) shows German labels, and the command line answers in
# German. Prints TAP.
#
#   test-translation.sh TERN      (TERN_LOCALEDIR: the build's po/ folder)
set -uo pipefail

tern=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/tern-translation.XXXXXX")
pid=
cleanup() {
  [ -z "$pid" ] || { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
  rm -rf "$work"
}
trap cleanup EXIT

export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
export XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state"
mkdir -p "$HOME" "$XDG_CONFIG_HOME/tern" "$XDG_CACHE_HOME" "$XDG_DATA_HOME" "$XDG_STATE_HOME"
export LANG=de_DE.UTF-8 LANGUAGE=de LC_ALL=

n=0
echo "1..3"
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
  n=$((n + 1)); echo "not ok $n - $1"; shift
  [ $# -eq 0 ] || printf '%s\n' "$@" | sed 's/^/# /'
}

# 1. The window: the composer's title (with an account, Tern opens on it).
printf '%s\n' '{"accounts": [{"id": "1", "username": "writer", "api_base": "http://127.0.0.1:9", "client_id": "c"}]}' \
  >"$XDG_CONFIG_HOME/tern/accounts.json"
"$tern" >"$work/tern.log" 2>&1 &
pid=$!
window=$(timeout 60 xdotool search --sync --onlyvisible --pid "$pid" 2>/dev/null | head -n1)
title=$( [ -n "$window" ] && xdotool getwindowname "$window")
if [ "$title" = "Neuer Beitrag" ]; then
  ok "the window is in German"
else
  not_ok "the window is in German" "title: ${title:-no window}" "$(cat "$work/tern.log")"
fi

# 2. The command line's messages.
out=$("$tern" post --dry-run "" 2>&1)
if grep -q "Der Beitrag ist leer" <<<"$out"; then
  ok "tern post answers in German"
else
  not_ok "tern post answers in German" "$out"
fi

# 3. --help, with the list of commands.
out=$("$tern" --help 2>&1)
if grep -q "Befehle" <<<"$out" && grep -q "Die angemeldeten Konten auflisten" <<<"$out"; then
  ok "tern --help is in German"
else
  not_ok "tern --help is in German" "$out"
fi
