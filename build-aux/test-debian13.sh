#!/usr/bin/env bash
# Runs the README's test command (build-aux/run-tests.sh) on the newer stack:
# a Debian 13 (trixie) root made with debootstrap (GTK 4.18, libadwaita 1.7,
# GStreamer 1.26, libsoup 3.6: close to the GNOME runtime the Flatpak uses,
# and the only place here where the GTK_CHECK_VERSION (4, 10, 0) paths are
# compiled). Not part of .ci/run: the first run takes about 25 minutes.
#
#   build-aux/test-debian13.sh [run-tests.sh arguments]
#
# The root is kept in TERN_DEBIAN13_ROOT (default /var/cache/tern-debian13/root)
# with its packages installed, so later runs only copy this checkout in,
# build and test. The build must not warn: its log is checked for warnings
# and any counts as a failure. Needs root (debootstrap, chroot, namespaces).
# Ends with the suite's "N passed, N failed" line (+1 failed per warning).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
root=${TERN_DEBIAN13_ROOT:-/var/cache/tern-debian13/root}

if [ "$(id -u)" -ne 0 ]; then
  echo "test-debian13.sh needs root (debootstrap and chroot)." >&2
  echo "0 passed, 1 failed"
  exit 1
fi

command -v debootstrap >/dev/null || {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2
}

mirror=$(grep -rhs -E '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/ \
           | grep -E "/debian/?( |$)" | head -n1 \
           | sed -E 's/^URIs:[[:space:]]*//; s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?//; s/[[:space:]].*$//' || true)
mirror=${mirror:-http://deb.debian.org/debian}

mounts=()
cleanup() {
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
bind() { mount --bind "$1" "$root$1"; mounts+=("$root$1"); }

if [ ! -e "$root/.tern-ready" ]; then
  rm -rf "$root"
  mkdir -p "$root"
  echo "# debootstrap trixie into $root" >&2
  debootstrap --variant=minbase --include=ca-certificates,git,iproute2 trixie "$root" "$mirror" >&2
fi

# The system's pseudo file systems, for apt, the build and the tests.
mount -t proc proc "$root/proc"; mounts+=("$root/proc")
bind /dev; bind /dev/pts; bind /sys
mount -t tmpfs tmpfs "$root/dev/shm"; mounts+=("$root/dev/shm")
cp /etc/resolv.conf "$root/etc/resolv.conf"

# This checkout as git sees it (no build directories).
rm -rf "$root/src/tern"
mkdir -p "$root/src/tern"
git -C "$top" ls-files -z --cached --others --exclude-standard \
  | (cd "$top" && xargs -0 tar -cf - --no-recursion --ignore-failed-read) \
  | tar -xf - -C "$root/src/tern"

# The project's own installer, as on a fresh machine (it uses the network).
if [ ! -e "$root/.tern-ready" ]; then
  chroot "$root" /src/tern/build-aux/install-deps.sh --with-tests >&2
  touch "$root/.tern-ready"
else
  chroot "$root" /src/tern/build-aux/install-deps.sh --with-tests >&2
fi

# Build with the warnings in a log, then the suite in a private network
# namespace (the tests use fixed loopback ports).
rc=0
chroot "$root" bash -c 'cd /src/tern && rm -rf _build && meson setup _build -Dtests=true >/dev/null \
  && ninja -C _build' >"$root/src/build.log" 2>&1 || rc=1
warnings=$(grep -c 'warning:' "$root/src/build.log" || true)
if [ "$warnings" -gt 0 ]; then
  echo "# the build on Debian 13 warned $warnings times:" >&2
  grep -A3 'warning:' "$root/src/build.log" | sed 's/^/#   /' >&2
fi
if [ $rc -ne 0 ]; then
  tail -n 40 "$root/src/build.log" >&2
  echo "0 passed, $((1 + warnings)) failed"
  exit 1
fi

out=$(unshare --net -- chroot "$root" bash -c \
        'ip link set lo up 2>/dev/null || true; cd /src/tern && build-aux/run-tests.sh "$@"' bash "$@" \
      | tee /dev/stderr | tail -n1) || rc=$?
if [[ "$out" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
  failed=$((BASH_REMATCH[2] + warnings))
  echo "${BASH_REMATCH[1]} passed, $failed failed"
  [ "$failed" -eq 0 ] || exit 1
else
  echo "0 passed, $((1 + warnings)) failed"
  exit 1
fi
