#!/usr/bin/env bash
# Builds and installs stand-in Flatpak runtimes made of Debian 12 packages, so
# that Tern's own manifest can be built and run in a real Flatpak sandbox on a
# machine that cannot reach Flathub. The GNOME runtime the published manifest
# names (org.gnome.Platform) has everything Tern needs; these runtimes carry
# the same libraries at Debian 12's versions (the versions Tern's floors name).
#
#   build-aux/flatpak-runtime.sh
#
# Environment:
#   TERN_FLATPAK_CACHE  where runtimes, the OSTree repo and downloaded .debs are
#                       kept between runs (default /var/cache/tern-flatpak as
#                       root, else ~/.cache/tern-flatpak)
#   FLATPAK_USER_DIR    the flatpak --user installation (default: under the cache)
#
# Prints the runtime and Sdk refs it installed. Needs root (debootstrap).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)

if [ "$(id -u)" -eq 0 ]; then
  cache=${TERN_FLATPAK_CACHE:-/var/cache/tern-flatpak}
else
  cache=${TERN_FLATPAK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tern-flatpak}
fi
export FLATPAK_USER_DIR=${FLATPAK_USER_DIR:-$cache/user}

branch=bookworm
platform_id=io.github.tern_app.StandIn.Platform
sdk_id=io.github.tern_app.StandIn.Sdk
remote=tern-standin
arch=$(flatpak --default-arch)

# What org.gnome.Platform gives Tern: GTK, libadwaita, libsoup, json-glib,
# libsecret, GStreamer with its plugin sets, ICU, libpsl, Mesa, fonts, icons.
# (debootstrap does not choose among alternatives: dbus-x11 is the session bus
# that dconf-service asks for.)
platform_packages=(
  libgtk-4-1 libgtk-4-media-gstreamer libadwaita-1-0 libsoup-3.0-0
  libjson-glib-1.0-0 libsecret-1-0 libgdk-pixbuf-2.0-0 librsvg2-common
  libgstreamer1.0-0 libgstreamer-plugins-base1.0-0
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-plugins-ugly gstreamer1.0-libav gstreamer1.0-gl
  libicu72 libpsl5 libidn2-0 glib-networking gsettings-desktop-schemas
  libgl1-mesa-dri libglx-mesa0 libegl-mesa0 libegl1 libgl1
  adwaita-icon-theme hicolor-icon-theme shared-mime-info
  fonts-cantarell fonts-dejavu-core ca-certificates locales
  dbus-x11
)
# What org.gnome.Sdk adds: headers, the compiler and meson, and the tools
# flatpak-builder runs inside it (appstream-compose, eu-strip). debootstrap
# cannot resolve libsoup-3.0-dev's virtual libsysprof-capture-4-dev: name its provider.
sdk_packages=(
  "${platform_packages[@]}"
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libsoup-3.0-dev libjson-glib-dev libsecret-1-dev
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgdk-pixbuf-2.0-dev
  libidn2-dev libpsl-dev libicu-dev libgnutls28-dev
  meson ninja-build pkg-config gcc gettext desktop-file-utils
  appstream appstream-util elfutils
  libsysprof-4-dev
)

# Debian's mirror as this machine's apt is configured (deb822 or one-line).
debian_mirror() {
  local uri
  uri=$(grep -rhs -E '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/ \
          | grep -E "/debian/?( |$)" | head -n1 \
          | sed -E 's/^URIs:[[:space:]]*//; s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?//; s/[[:space:]].*$//' || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

# Each runtime's cache key: its package list and the layout's version (bump
# it when make_runtime_tree changes). The .deb download cache is shared.
layout=1
key_of() { { echo "$branch $layout"; printf '%s\n' "$@"; } | sha256sum | cut -c1-16; }
platform_key=$(key_of "${platform_packages[@]}")
sdk_key=$(key_of "${sdk_packages[@]}")
repo=$cache/repo

log() { echo "flatpak-runtime: $*" >&2; }

# A debootstrapped root → a runtime tree: files/ is /usr, /etc goes to
# files/etc, host-specific files go (flatpak provides its own).
make_runtime_tree() {
  local root=$1 out=$2 name=$3
  rm -rf "$out"
  mkdir -p "$out/files"
  # Debian 12 has merged /usr: /bin, /lib are symlinks into it.
  (cd "$root/usr" && tar -cf - --exclude=./share/doc --exclude=./share/man \
     --exclude=./share/info .) | tar -xf - -C "$out/files"
  cp -a "$root/etc" "$out/files/etc"
  rm -f "$out/files/etc/"{resolv.conf,hosts,hostname,machine-id,ld.so.cache,mtab,localtime}
  rm -f "$out/files/etc/"{shadow,gshadow,shadow-,gshadow-}
  cat > "$out/metadata" <<EOF
[Runtime]
name=$name
runtime=$platform_id/$arch/$branch
sdk=$sdk_id/$arch/$branch
EOF
}

bootstrap() {
  local root=$1; shift
  local list
  list=$(IFS=,; echo "$*")
  rm -rf "$root"
  mkdir -p "$cache/debs"
  log "debootstrap $branch into $root"
  debootstrap --variant=minbase --cache-dir="$cache/debs" \
    --include="$list" "$branch" "$root" "$(debian_mirror)" >"$root.log" 2>&1 || {
      tail -n 30 "$root.log" >&2
      return 1
    }
  # A UTF-8 locale for the apps; the German one for Tern's translation test.
  printf 'C.UTF-8 UTF-8\nen_US.UTF-8 UTF-8\nde_DE.UTF-8 UTF-8\n' > "$root/etc/locale.gen"
  chroot "$root" locale-gen >>"$root.log" 2>&1 || true
}

# Builds one runtime into the repo unless this key is there already.
build_runtime() {
  local id=$1 key=$2; shift 2
  local stamp=$cache/$id-$key.done work=$cache/work-$id-$key
  [ -e "$stamp" ] && return 0
  mkdir -p "$work"
  bootstrap "$work/root" "$@"
  make_runtime_tree "$work/root" "$work/tree" "$id"
  rm -rf "$work/root"
  [ -d "$repo/objects" ] || ostree init --mode=archive-z2 --repo="$repo"
  log "exporting $id to $repo"
  flatpak build-export --runtime --files=files "$repo" "$work/tree" "$branch" >&2
  flatpak build-update-repo --prune "$repo" >&2
  rm -rf "$work"
  rm -f "$cache/$id"-*.done
  touch "$stamp"
}

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9

build_runtime "$platform_id" "$platform_key" "${platform_packages[@]}"
build_runtime "$sdk_id" "$sdk_key" "${sdk_packages[@]}"

flatpak --user remote-delete --force "$remote" >/dev/null 2>&1 || true
flatpak --user remote-add --no-gpg-verify "$remote" "file://$repo"
for id in "$platform_id" "$sdk_id"; do
  ref=runtime/$id/$arch/$branch
  installed_commit=$(flatpak --user info --show-commit "$ref" 2>/dev/null || true)
  repo_commit=$(ostree --repo="$repo" rev-parse "$ref")
  if [ "$installed_commit" != "$repo_commit" ]; then
    flatpak --user uninstall -y --noninteractive "$ref" >/dev/null 2>&1 || true
    flatpak --user install -y --noninteractive "$remote" "$ref" >&2
  fi
  echo "$ref"
done
