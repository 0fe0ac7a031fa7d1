#!/usr/bin/env python3
# Reads meson's testlog.json files (and TAP files, such as build-aux/fuzz.sh
# writes) and prints one line "N passed, N failed[, N skipped]" for all.
# A GTest program run with --tap counts each of its test cases; a program that
# died without reporting its cases counts as one failure more. A TAP file
# or testlog that is missing, or a TAP file with no result lines, counts as
# one failure: its stage did not run.
import json
import re
import sys

passed = failed = skipped = 0


def count_tap(text):
    ok = len(re.findall(r'^ok \d+(?! # SKIP)', text, re.M))
    sk = len(re.findall(r'^ok \d+ # SKIP', text, re.M))
    bad = len(re.findall(r'^not ok \d+', text, re.M))
    return ok, sk, bad


def count_testlog(lines):
    global passed, failed, skipped
    for line in lines:
        if not line.strip():
            continue
        t = json.loads(line)
        result = t.get('result', 'ERROR')
        out = t.get('stdout') or ''
        ok, sk, bad = count_tap(out)
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


for path in sys.argv[1:]:
    try:
        text = open(path, encoding='utf-8').read()
    except OSError:
        text = None
    if path.endswith('.tap'):
        if text is None:
            failed += 1
            continue
        ok, sk, bad = count_tap(text)
        if ok + sk + bad == 0:
            failed += 1
        passed += ok
        skipped += sk
        failed += bad
    elif text is None:
        failed += 1
    else:
        count_testlog(text.splitlines())

line = f'{passed} passed, {failed} failed'
if skipped:
    line += f', {skipped} skipped'
print(line)
sys.exit(0 if failed == 0 and passed > 0 else 1)
