#!/usr/bin/env bash
# Builds Tern's own Flatpak manifest against stand-in runtimes made of Debian 12
# packages (build-aux/flatpak-runtime.sh; Flathub cannot be reached here),
# installs it, and checks it inside the real sandbox with real portals
# (build-aux/flatpak-checks.sh). Ends with "N passed, N failed".
#
#   build-aux/flatpak-test.sh
#
# From nothing this takes 10 to 20 minutes and 4 GB (the runtimes); with the
# runtimes cached (TERN_FLATPAK_CACHE, see flatpak-runtime.sh) about a minute
# and a half. The manifest is used as it is, except that the runtime and Sdk
# names and version name the stand-ins and Tern's source is this checkout.
# Needs root: debootstrap, and a private network and mount namespace for the
# checks (so the loopback ports they use cannot collide with anything else).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
app_id=io.github.tern_app.Tern

fail_setup() {
  echo "$1" >&2
  echo "0 passed, 1 failed"
  exit 1
}

"$top/build-aux/install-deps.sh" --with-flatpak

if [ "$(id -u)" -eq 0 ]; then
  export TERN_FLATPAK_CACHE=${TERN_FLATPAK_CACHE:-/var/cache/tern-flatpak}
else
  fail_setup "flatpak-test.sh needs root (debootstrap and namespaces)."
fi
export FLATPAK_USER_DIR=${FLATPAK_USER_DIR:-$TERN_FLATPAK_CACHE/user}

artifacts=${TERN_TEST_ARTIFACTS:-$top/_build/test-artifacts}/flatpak
mkdir -p "$artifacts"

refs=$("$top/build-aux/flatpak-runtime.sh" 2>"$artifacts/runtime.log") \
  || { tail -n 40 "$artifacts/runtime.log" >&2
       fail_setup "The stand-in runtimes could not be built (log: $artifacts/runtime.log)."; }
platform_ref=$(echo "$refs" | sed -n 1p)
sdk_ref=$(echo "$refs" | sed -n 2p)

scratch=$(mktemp -d "${TMPDIR:-/tmp}/tern-flatpak.XXXXXX")
cleanup() { rm -rf "$scratch"; }
trap cleanup EXIT

# The checkout as git sees it (tracked and new files, nothing ignored such as
# build directories), so the sandbox build starts from the sources alone.
mkdir -p "$scratch/src"
git -C "$top" ls-files -z --cached --others --exclude-standard \
  | (cd "$top" && xargs -0 tar -cf - --no-recursion --ignore-failed-read) \
  | tar -xf - -C "$scratch/src"

python3 - "$top/flatpak/$app_id.json" "$scratch/$app_id.json" "$scratch/src" \
         "$platform_ref" "$sdk_ref" <<'EOF'
import json, sys
src, dst, checkout, platform_ref, sdk_ref = sys.argv[1:]
with open(src, encoding='utf-8') as f:
    manifest = json.load(f)
_, platform, _, branch = platform_ref.split('/')
sdk = sdk_ref.split('/')[1]
manifest['runtime'] = platform
manifest['sdk'] = sdk
manifest['runtime-version'] = branch
# Only Tern's own module is built from the checkout; anything else the
# manifest carries (the H.264 extension point) stays as it is.
for module in manifest['modules']:
    if isinstance(module, dict) and module.get('name') == 'tern':
        module['sources'] = [{'type': 'dir', 'path': checkout}]
with open(dst, 'w', encoding='utf-8') as f:
    json.dump(manifest, f, indent=2)
EOF

echo "# building $app_id with flatpak-builder" >&2
if ! flatpak-builder --user --install --force-clean --disable-rofiles-fuse \
       --disable-updates --state-dir="$TERN_FLATPAK_CACHE/builder" \
       "$scratch/build" "$scratch/$app_id.json" >"$artifacts/flatpak-builder.log" 2>&1; then
  tail -n 40 "$artifacts/flatpak-builder.log" >&2
  fail_setup "flatpak-builder failed (log: $artifacts/flatpak-builder.log)."
fi
rm -rf "$scratch/build"

mkdir -p "$scratch"/{home,runtime}
export HOME="$scratch/home"
export TERN_FLATPAK_ARTIFACTS="$artifacts"
export TERN_FLATPAK_APP="$app_id"
unset DBUS_SESSION_BUS_ADDRESS WAYLAND_DISPLAY DISPLAY XAUTHORITY
unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_STATE_HOME

# A private network namespace (loopback only) and mount namespace: the
# document portal's mount must appear at /run/user/UID/doc, the one path the
# sandbox sees, so the session's XDG_RUNTIME_DIR is a tmpfs there.
rc=0
unshare --net --mount --propagation private -- bash -c '
  set -e
  ip link set lo up
  export XDG_RUNTIME_DIR=/run/user/$(id -u)
  mkdir -p "$XDG_RUNTIME_DIR"
  mount -t tmpfs -o mode=0700 tmpfs "$XDG_RUNTIME_DIR"
  exec xvfb-run -a -s "-screen 0 1280x900x24 -nolisten tcp" \
    dbus-run-session -- "$1/build-aux/flatpak-checks.sh"
' bash "$top" | tee "$artifacts/checks.tap" || rc=$?

python3 - "$artifacts/checks.tap" <<'EOF' || rc=1
import re, sys
passed = failed = 0
planned = None
for line in open(sys.argv[1], encoding='utf-8', errors='replace'):
    if re.match(r'^ok \d+', line):
        passed += 1
    elif re.match(r'^not ok \d+', line):
        failed += 1
    m = re.match(r'^1\.\.(\d+)', line)
    if m:
        planned = int(m.group(1))
if planned is None or passed + failed < planned:
    failed += (planned or 1) - passed - failed
print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
EOF
exit $rc
