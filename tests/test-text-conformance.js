#!/usr/bin/env node
// test-text-conformance.js
//
// Copyright 2026 The Tern developers
//
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Compares Tern's text parse with twitter-text 3.1.0's parseTweet (X's
// published reference, installed into tests/node by
// build-aux/install-deps.sh --with-tests) on thousands of seeded random
// texts and on the adversarial inputs of the text benchmark: all seven
// fields must agree.
// Usage: test-text-conformance.js TERN-TEXT-DUMP BENCH-TEXT [COUNT] [SEED]
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const corpus = require('./text-corpus.js');

const dump = process.argv[2];
const bench = process.argv[3];
const count = parseInt(process.argv[4] || '5000', 10);
const seed = parseInt(process.argv[5] || '20260316', 10);

let twttr;
try {
  const dir = path.join(__dirname, 'node', 'node_modules', 'twitter-text');
  const version = require(path.join(dir, 'package.json')).version;
  if (version !== '3.1.0')
    throw new Error(`twitter-text ${version} is installed, the test needs 3.1.0`);
  twttr = require(dir);
} catch (e) {
  console.log('1..1');
  console.log(`not ok 1 - twitter-text 3.1.0 is not usable (${e.message}); ` +
              'run build-aux/install-deps.sh --with-tests');
  process.exit(1);
}

const FIELDS = ['weightedLength', 'valid', 'permillage', 'validRangeStart',
                'validRangeEnd', 'displayRangeStart', 'displayRangeEnd'];

function ternParse(texts) {
  const input = Buffer.concat(texts.map((t) => Buffer.from(t + '\0', 'utf8')));
  const out = spawnSync(dump, [], { input, maxBuffer: 1 << 30 });
  if (out.status !== 0)
    throw new Error(`${dump} failed: ${out.stderr}`);
  const lines = out.stdout.toString().trim().split('\n');
  if (lines.length !== texts.length)
    throw new Error(`${dump} gave ${lines.length} results for ${texts.length} texts`);
  return lines.map((line) => {
    const v = line.split(' ').map(Number);
    return {
      weightedLength: v[0], valid: v[1] === 1, permillage: v[2],
      validRangeStart: v[3], validRangeEnd: v[4],
      displayRangeStart: v[5], displayRangeEnd: v[6],
    };
  });
}

function show(text) {
  const s = JSON.stringify(text);
  return s.length > 160 ? `${s.slice(0, 150)}…(${text.length} code units)` : s;
}

function compare(name, texts) {
  const tern = ternParse(texts);
  const diffs = [];
  texts.forEach((text, i) => {
    const ref = twttr.parseTweet(text);
    const bad = FIELDS.filter((f) => ref[f] !== tern[i][f]);
    if (bad.length > 0)
      diffs.push(`# ${show(text)}: ` +
                 bad.map((f) => `${f} twitter-text ${ref[f]}, Tern ${tern[i][f]}`).join('; '));
  });
  return { name, diffs, total: texts.length };
}

const rng = corpus.rng(seed);
const random = [];
for (let i = 0; i < count; i++)
  random.push(corpus.randomText(rng));

// The benchmark's inputs at 1×, exactly as it times them (twitter-text
// itself is quadratic on some adversarial ones: larger sizes would take it
// minutes).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tern-text-inputs-'));
const written = spawnSync(bench, ['--write-inputs', dir]);
if (written.status !== 0)
  throw new Error(`${bench} --write-inputs failed: ${written.stderr}`);
const benchInputs = fs.readdirSync(dir).sort().filter((name) => name.endsWith('@1.txt'))
  .map((name) => fs.readFileSync(path.join(dir, name), 'utf8'));
fs.rmSync(dir, { recursive: true });

const results = [
  compare(`${count} random texts (seed ${seed})`, random),
  compare('the text benchmark\'s inputs', benchInputs),
];

console.log(`1..${results.length}`);
results.forEach((r, i) => {
  const ok = r.diffs.length === 0;
  console.log(`${ok ? 'ok' : 'not ok'} ${i + 1} - ${r.name}: ` +
              `${r.total - r.diffs.length} of ${r.total} agree on all seven fields`);
  r.diffs.slice(0, 20).forEach((d) => console.log(d));
});
process.exit(results.every((r) => r.diffs.length === 0) ? 0 : 1);
