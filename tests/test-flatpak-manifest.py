#!/usr/bin/env python3
# The Flatpak manifest parses, names the app, its command and exactly the
# permissions DESIGN.md lists, each one explained in the README, never asks
# for broad file access (files come through the portals), and builds Tern
# from a tagged release of its git repository, as Flathub wants. (It is
# built and run for real by build-aux/flatpak-test.sh, on stand-in runtimes.)
import json
import os
import re
import sys

top = sys.argv[1]
path = os.path.join(top, 'flatpak', 'io.github.tern_app.Tern.json')

EXPECTED_FINISH_ARGS = {
    '--share=network',
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
    '--socket=pulseaudio',
}

results = []


def check(name, ok, detail=''):
    results.append((name, bool(ok), detail))


try:
    with open(path, encoding='utf-8') as f:
        manifest = json.load(f)
    check('manifest parses as JSON', True)
except (OSError, ValueError) as e:
    check('manifest parses as JSON', False, str(e))
    manifest = {}

app_id = manifest.get('id') or manifest.get('app-id')
check('app id is io.github.tern_app.Tern', app_id == 'io.github.tern_app.Tern', repr(app_id))

with open(os.path.join(top, 'meson.build'), encoding='utf-8') as f:
    meson = f.read()
m = re.search(r"base_id\s*=\s*'([^']+)'", meson)
check('app id matches meson base_id', m is not None and m.group(1) == app_id,
      m.group(1) if m else 'no base_id in meson.build')

check('command is tern', manifest.get('command') == 'tern', repr(manifest.get('command')))
check('GNOME runtime', manifest.get('runtime') == 'org.gnome.Platform'
      and manifest.get('sdk') == 'org.gnome.Sdk', repr(manifest.get('runtime')))
check('runtime version is 49', manifest.get('runtime-version') == '49',
      repr(manifest.get('runtime-version')))

finish_args = manifest.get('finish-args', [])
check('finish-args has no duplicates', len(finish_args) == len(set(finish_args)), repr(finish_args))
check('finish-args are exactly the DESIGN.md set', set(finish_args) == EXPECTED_FINISH_ARGS,
      'extra: %s, missing: %s' % (sorted(set(finish_args) - EXPECTED_FINISH_ARGS),
                                  sorted(EXPECTED_FINISH_ARGS - set(finish_args))))
broad = [a for a in finish_args
         if a.startswith('--filesystem') or a.startswith('--talk-name=org.freedesktop.Flatpak')
         or a == '--socket=x11' or a.startswith('--device=all')]
check('no broad file system or host access', not broad, repr(broad))

modules = manifest.get('modules', [])
names = [m.get('name') if isinstance(m, dict) else m for m in modules]
# Everything Tern links (GLib, GTK, libadwaita, libsoup, json-glib, libsecret,
# GStreamer, ICU, libpsl) is in the GNOME runtime: Tern is the only module.
check('tern is the only module', names == ['tern'], repr(names))

tern = modules[-1] if modules and isinstance(modules[-1], dict) else {}
check('tern builds with meson', tern.get('buildsystem') == 'meson', repr(tern.get('buildsystem')))
sources = tern.get('sources', [])
git = [src for src in sources if src.get('type') == 'git']
m = re.search(r"version:\s*'([^']+)'", meson)
version = m.group(1) if m else None
check('tern builds from a tagged git release',
      len(sources) == 1 and len(git) == 1 and git[0].get('url', '').startswith('https://')
      and git[0].get('tag') == 'v%s' % version,
      'sources %r, meson version %r' % (sources, version))

# Every permission says why, in the README's Flatpak section.
with open(os.path.join(top, 'README.md'), encoding='utf-8') as f:
    readme = f.read()
section = readme.split('## Flatpak', 1)[1].split('\n## ', 1)[0] if '## Flatpak' in readme else ''
unexplained = [a for a in finish_args if '`%s`' % a not in section]
check('each permission is explained in the README', section and not unexplained,
      'not explained: %r' % unexplained)

print('1..%d' % len(results))
failed = 0
for i, (name, ok, detail) in enumerate(results, 1):
    print('%s %d %s' % ('ok' if ok else 'not ok', i, name))
    if not ok:
        failed += 1
        print('# %s' % detail)
sys.exit(1 if failed else 0)
