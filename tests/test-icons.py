#!/usr/bin/env python3
# The app icon and the symbolic icon are well-formed SVG of the sizes the
# icon theme expects, and render (with rsvg-convert, as GTK's loader would)
# to a picture that is not empty.
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

top = sys.argv[1]
icons = [
    ('data/icons/hicolor/scalable/apps/io.github.tern_app.Tern.svg', 128),
    ('data/icons/hicolor/symbolic/apps/io.github.tern_app.Tern-symbolic.svg', 16),
]
results = []

for rel, size in icons:
    path = os.path.join(top, rel)
    try:
        root = ET.parse(path).getroot()
        ok = (root.tag == '{http://www.w3.org/2000/svg}svg'
              and root.get('viewBox') == '0 0 %d %d' % (size, size))
        results.append(('%s is a %d px SVG' % (rel, size), ok, root.get('viewBox')))
    except (OSError, ET.ParseError) as e:
        results.append(('%s is a %d px SVG' % (rel, size), False, str(e)))
        continue

    with tempfile.TemporaryDirectory() as tmp:
        png = os.path.join(tmp, 'icon.png')
        proc = subprocess.run(['rsvg-convert', '-w', str(size), '-h', str(size), '-o', png, path],
                              capture_output=True, text=True)
        ok = proc.returncode == 0 and os.path.getsize(png) > 100
        results.append(('%s renders' % rel, ok, proc.stderr))

print('1..%d' % len(results))
failed = 0
for i, (name, ok, detail) in enumerate(results, 1):
    print('%s %d %s' % ('ok' if ok else 'not ok', i, name))
    if not ok:
        failed += 1
        print('# %s' % detail)
sys.exit(1 if failed else 0)
