#!/usr/bin/env python3
# Reads meson's testlog.json and prints "N passed, N failed[, N skipped]".
# A GTest program run with --tap counts each of its test cases; a program that
# died without reporting its cases counts as one failure more.
import json
import re
import sys

passed = failed = skipped = 0
try:
    lines = open(sys.argv[1], encoding='utf-8').read().splitlines()
except OSError:
    lines = []

for line in lines:
    if not line.strip():
        continue
    t = json.loads(line)
    result = t.get('result', 'ERROR')
    out = t.get('stdout') or ''
    ok = len(re.findall(r'^ok \d+(?! # SKIP)', out, re.M))
    sk = len(re.findall(r'^ok \d+ # SKIP', out, re.M))
    bad = len(re.findall(r'^not ok \d+', out, re.M))
    if ok + sk + bad == 0:
        if result in ('OK', 'EXPECTEDFAIL'):
            passed += 1
        elif result == 'SKIP':
            skipped += 1
        else:
            failed += 1
        continue
    passed += ok
    skipped += sk
    failed += bad
    if result not in ('OK', 'EXPECTEDFAIL', 'SKIP') and bad == 0:
        failed += 1

line = f'{passed} passed, {failed} failed'
if skipped:
    line += f', {skipped} skipped'
print(line)
sys.exit(0 if failed == 0 and passed > 0 else 1)
