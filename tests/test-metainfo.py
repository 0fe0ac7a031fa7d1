#!/usr/bin/env python3
# The store page's metainfo: every screenshot it names is committed under
# data/screenshots/ and addressed at this version's tag, and the newest
# release is this version, with notes.
import os
import re
import sys
import xml.etree.ElementTree as ET

top = sys.argv[1]
results = []


def check(name, ok, detail=''):
    results.append((name, bool(ok), detail))


with open(os.path.join(top, 'meson.build'), encoding='utf-8') as f:
    version = re.search(r"version:\s*'([^']+)'", f.read()).group(1)
root = ET.parse(os.path.join(top, 'data', 'io.github.tern_app.Tern.metainfo.xml.in')).getroot()

images = [i.text.strip() for i in root.iter('image')]
check('the metainfo has screenshots', len(images) >= 3, repr(images))
defaults = [s for s in root.iter('screenshot') if s.get('type') == 'default']
check('one screenshot is the default', len(defaults) == 1)
prefix = 'https://raw.githubusercontent.com/tern-app/tern/v%s/data/screenshots/' % version
bad = [u for u in images if not u.startswith(prefix)
       or not os.path.isfile(os.path.join(top, 'data', 'screenshots', u[len(prefix):]))]
check('each screenshot is committed and addressed at the v%s tag' % version, not bad, repr(bad))
captions = [s.find('caption') for s in root.iter('screenshot')]
check('each screenshot has a caption', all(c is not None and c.text for c in captions))
for u in images:
    path = os.path.join(top, 'data', 'screenshots', os.path.basename(u))
    if os.path.isfile(path):
        with open(path, 'rb') as f:
            head = f.read(24)
        check('%s is a PNG of a window' % os.path.basename(u),
              head[:8] == b'\x89PNG\r\n\x1a\n'
              and int.from_bytes(head[16:20], 'big') >= 360, repr(head[:8]))

releases = root.find('releases')
first = releases[0] if releases is not None and len(releases) else None
check('the newest release is %s' % version, first is not None and first.get('version') == version)
check('the release has notes', first is not None and first.find('description') is not None
      and len(list(first.find('description'))) >= 2)

print('1..%d' % len(results))
failed = 0
for i, (name, ok, detail) in enumerate(results, 1):
    print('%s %d %s' % ('ok' if ok else 'not ok', i, name))
    if not ok:
        failed += 1
        print('# %s' % detail)
sys.exit(1 if failed else 0)
