#!/usr/bin/env python3
# test-cli-text.py
#
# Copyright 2026 The Tern developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `tern post --dry-run`: the count a user sees from the command line, the
# ways of giving the text, the exit status and the messages. TAP output.
# Expectations follow the rules in DESIGN.md (weights, URL 23, limit 280).

import json
import os
import subprocess
import sys
import tempfile

TERN = os.environ.get("TERN_BIN", "tern")
ENV = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="")

results = []


def run(args, stdin=None):
    if stdin is None:
        return subprocess.run([TERN, "post", "--dry-run"] + args,
                              stdin=subprocess.DEVNULL, capture_output=True,
                              env=ENV)
    return subprocess.run([TERN, "post", "--dry-run"] + args,
                          input=stdin, capture_output=True, env=ENV)


def check(name, condition, detail=""):
    results.append((name, bool(condition), detail))


def fields(proc):
    try:
        return json.loads(proc.stdout)
    except ValueError:
        return None


def expect_json(name, proc, expected, status_ok):
    # The seven parse fields stand at the top level; other members (the
    # media report) may stand beside them.
    got = fields(proc)
    if isinstance(got, dict):
        got = {key: got[key] for key in expected if key in got}
    check(name + ": JSON fields", got == expected,
          "got %r, expected %r" % (got, expected))
    if status_ok:
        check(name + ": exit status 0", proc.returncode == 0,
              "exit status %d" % proc.returncode)
    else:
        check(name + ": exit status non-zero", proc.returncode != 0,
              "exit status %d" % proc.returncode)


def parse(weighted, valid, display_end, valid_end):
    return {
        "weighted_length": weighted,
        "valid": valid,
        "permillage": weighted * 1000 // 280,
        "display_range_start": 0,
        "display_range_end": display_end,
        "valid_range_start": 0,
        "valid_range_end": valid_end,
    }


# 11 characters of weight 1.
expect_json("argument, Latin", run(["--json", "Hello world"]),
            parse(11, True, 10, 10), True)

# "see " 4 + URL 23; 25 code units.
expect_json("argument, URL", run(["--json", "see https://example.com/x"]),
            parse(27, True, 24, 24), True)

# Two ideographs (2 each) and a family emoji sequence (2): 6. Code units:
# 2 + 4 × 2 + 3 ZWJ = 13.
expect_json("stdin, CJK and emoji",
            run(["--json", "--text-file", "-"],
                stdin="日本👨\u200d👩\u200d👧\u200d👦".encode()),
            parse(6, True, 12, 12), True)

with tempfile.TemporaryDirectory() as tmp:
    # 281 characters: one too many; 280 fit (index 279).
    too_long = os.path.join(tmp, "too-long.txt")
    with open(too_long, "w", encoding="utf-8") as f:
        f.write("a" * 281)
    expect_json("file, 281 characters",
                run(["--json", "--text-file", too_long]),
                parse(281, False, 280, 279), False)

    exact = os.path.join(tmp, "exact.txt")
    with open(exact, "w", encoding="utf-8") as f:
        f.write("b" * 280)
    expect_json("file, 280 characters",
                run(["--json", "--text-file", exact]),
                parse(280, True, 279, 279), True)

    # A byte order mark marks the encoding of the file, it is not text.
    bom = os.path.join(tmp, "bom.txt")
    with open(bom, "wb") as f:
        f.write(b"\xef\xbb\xbfhi")
    expect_json("file with a byte order mark",
                run(["--json", "--text-file", bom]),
                parse(2, True, 1, 1), True)

    proc = run(["--text-file", too_long])
    check("too long: message says by how much",
          proc.returncode != 0 and b"at most 280" in proc.stderr
          and b"Shorten it by 1" in proc.stderr, proc.stderr)

    missing = os.path.join(tmp, "missing.txt")
    proc = run(["--text-file", missing])
    check("missing file: clear error, non-zero",
          proc.returncode != 0 and b"Could not read the text" in proc.stderr,
          proc.stderr)

proc = run(["Hello world"])
check("valid: says it is ready",
      proc.returncode == 0 and b"11 of 280" in proc.stdout, proc.stdout)

# Empty text is invalid.
expect_json("empty", run(["--json", ""]), parse(0, False, 0, 0), False)
proc = run([""])
check("empty: message says to write some text",
      proc.returncode != 0 and b"empty" in proc.stderr, proc.stderr)

# U+FFFE: 3 + 2 = 5, invalid; the valid range stops before it.
expect_json("invalid character", run(["--json", "abc\ufffe"]),
            parse(5, False, 3, 2), False)
proc = run(["abc\ufffe"])
check("invalid character: message names the characters",
      proc.returncode != 0 and b"U+FFFE" in proc.stderr, proc.stderr)

proc = run(["--json"])
check("no text at all is empty, non-zero", proc.returncode != 0)

print("1..%d" % len(results))
for i, (name, ok, detail) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    if not ok:
        print("# %s" % detail)
sys.exit(0)
