#!/usr/bin/env bash
# Installs the Debian 12 packages Tern needs to build, run and test.
# Safe to run again: it asks apt only for what is missing.
#   --with-tests    also what the test suites need
#   --with-flatpak  only what build-aux/flatpak-test.sh needs
set -euo pipefail

build_packages=(
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libsoup-3.0-dev libjson-glib-dev libsecret-1-dev
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgdk-pixbuf-2.0-dev
  libidn2-dev libpsl-dev libicu-dev libgnutls28-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-plugins-ugly gstreamer1.0-libav gstreamer1.0-gl
  librsvg2-common desktop-file-utils appstream
  heif-gdk-pixbuf libavif-gdk-pixbuf
)
test_packages=(
  xvfb xauth dbus dbus-x11 at-spi2-core gnome-keyring libsecret-tools
  curl chromium imagemagick ffmpeg hyperfine strace gstreamer1.0-tools python3 time
  xdotool librsvg2-bin inotify-tools locales python3-pyatspi
  clang libclang-rt-14-dev
)
# build-aux/flatpak-test.sh: flatpak and its builder, what makes the stand-in
# runtimes, the portals the sandbox talks to, and what drives the checks.
flatpak_packages=(
  flatpak flatpak-builder debootstrap ostree bubblewrap fuse3 iproute2
  xdg-desktop-portal xdg-desktop-portal-gtk gnome-keyring libsecret-tools
  xvfb xauth dbus dbus-x11 xdotool imagemagick inotify-tools curl python3
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  gstreamer1.0-plugins-ugly git
)

wanted=("${build_packages[@]}")
case "${1:-}" in
  --with-tests)
    wanted+=("${test_packages[@]}")
    # Node runs X's SDK and twitter-text against Tern. A node that is already
    # there (from any source) will do; npm ships with some builds of it.
    command -v node >/dev/null 2>&1 || wanted+=(nodejs)
    command -v npm >/dev/null 2>&1 || wanted+=(npm)
    ;;
  --with-flatpak) wanted=("${flatpak_packages[@]}") ;;
esac

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

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}" >&2
fi

# The translation test runs Tern in German: the locale must exist.
if [ "${1:-}" = "--with-tests" ] && ! locale -a 2>/dev/null | grep -qix 'de_DE\.utf-\?8'; then
  grep -qx 'de_DE.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null \
    || echo 'de_DE.UTF-8 UTF-8' | $sudo tee -a /etc/locale.gen >/dev/null
  $sudo locale-gen >&2
fi

install_node_packages "${1:-}"
