#!/usr/bin/env node
// bench-text-reference.js
//
// Copyright 2026 The Tern developers
//
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Times twitter-text 3.1.0's parseTweet on the 1x inputs that bench-text
// wrote into DIR (or only on NAME's), the way bench-text times Tern (repetitions filling a time
// budget, best of three rounds), and prints "NAME parses-per-second" lines.
// Used by build-aux/bench-text.sh.
'use strict';

const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
const only = process.argv[3];
const budget = 0.3;
const twttr = require(path.join(__dirname, '..', 'tests', 'node', 'node_modules', 'twitter-text'));

for (const file of fs.readdirSync(dir).sort()) {
  const m = file.match(/^(.*)@1\.txt$/);
  if (!m || (only !== undefined && m[1] !== only))
    continue;
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  twttr.parseTweet(text);
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const start = process.hrtime.bigint();
    let iterations = 0;
    let elapsed;
    do {
      twttr.parseTweet(text);
      iterations++;
      elapsed = Number(process.hrtime.bigint() - start) / 1e9;
    } while (elapsed < budget / 3);
    best = Math.min(best, elapsed / iterations);
    // A slow input (seconds a parse) is timed once.
    if (elapsed > budget * 3)
      break;
  }
  console.log(`${m[1]} ${(1 / best).toFixed(1)}`);
}
