#!/usr/bin/env bash
# Installs the Debian 12 packages Tern needs to build, run and test.
# Safe to run again: it asks apt only for what is missing.
set -euo pipefail

build_packages=(
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libsoup-3.0-dev libjson-glib-dev libsecret-1-dev
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgdk-pixbuf-2.0-dev
  libidn2-dev libicu-dev
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
fi

missing=()
for p in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done

# Node runs the reference implementations the tests compare with (npm
# packages in tests/node). Asked for by command, not package: a machine may
# have Node from elsewhere, with npm inside it.
if [ "${1:-}" = "--with-tests" ]; then
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}" >&2
fi

# The npm packages the tests use, exactly as locked, installed once into
# tests/node/node_modules (tests never download anything themselves).
if [ "${1:-}" = "--with-tests" ]; then
  node_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/node"
  stamp="$node_dir/node_modules/.tern-lock"
  if ! cmp -s "$node_dir/package-lock.json" "$stamp"; then
    echo "Installing the npm packages of tests/node" >&2
    npm ci --prefix "$node_dir" --no-audit --no-fund --ignore-scripts >&2
    cp "$node_dir/package-lock.json" "$stamp"
  fi
fi
