#!/usr/bin/env bash
# Installs the Debian 12 packages Tern needs to build, run and test.
# Safe to run again: it asks apt only for what is missing.
set -euo pipefail

build_packages=(
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libsoup-3.0-dev libjson-glib-dev libsecret-1-dev
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgdk-pixbuf-2.0-dev
  libidn2-dev libpsl-dev libicu-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-plugins-ugly gstreamer1.0-libav gstreamer1.0-gl
  librsvg2-common desktop-file-utils appstream
)
test_packages=(
  xvfb xauth dbus dbus-x11 at-spi2-core gnome-keyring libsecret-tools
  curl chromium imagemagick ffmpeg hyperfine strace gstreamer1.0-tools python3 time
  xdotool librsvg2-bin
)

wanted=("${build_packages[@]}")
if [ "${1:-}" = "--with-tests" ]; then
  wanted+=("${test_packages[@]}")
  # Node runs X's own SDK against the simulator. A node that is already
  # there (from any source) will do; npm ships with some builds of it.
  command -v node >/dev/null 2>&1 || wanted+=(nodejs)
  command -v npm >/dev/null 2>&1 || wanted+=(npm)
fi

# The tests' npm packages, pinned by tests/node/package-lock.json, into
# tests/node/node_modules (never at test time).
install_node_packages() {
  local dir
  dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/node"
  [ "${1:-}" = "--with-tests" ] && [ -f "$dir/package-lock.json" ] || return 0
  if [ -f "$dir/node_modules/.package-lock.json" ] &&
     cmp -s <(grep -v '^\s*"name"' "$dir/package-lock.json" | sed -n '/"node_modules\//,$p') \
            <(grep -v '^\s*"name"' "$dir/node_modules/.package-lock.json" | sed -n '/"node_modules\//,$p'); then
    return 0
  fi
  echo "Installing the tests' npm packages into tests/node" >&2
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
}

missing=()
for p in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  install_node_packages "${1:-}"
  exit 0
fi

echo "Installing: ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" >&2
install_node_packages "${1:-}"
