#!/usr/bin/env node
// gen-emoji-table.js
//
// Copyright 2026 The Tern developers
//
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Writes src/core/text/tern-text-emoji.h: the emoji sequences twitter-text 3.1.0
// counts as one (weight 200), as a trie Tern's parse walks. twitter-text
// finds them with the regular expression of twemoji-parser 11.0.2 (MIT,
// Copyright Twitter Inc.), installed beside it in tests/node by
// build-aux/install-deps.sh --with-tests. This script reads that expression
// and lists every string it can match, in the order the expression tries
// them (alternatives left to right, an optional part first with it), so the
// table gives the same match as the expression at every position, not only
// the same set of strings. The test `emoji-table` runs it again and fails
// when the committed table differs.
//
// Usage: gen-emoji-table.js [OUTPUT] (default: standard output)
//        gen-emoji-table.js --check TABLE   (a TAP test: TABLE is up to date)
'use strict';

const fs = require('fs');
const path = require('path');

const modules = path.join(__dirname, '..', 'tests', 'node', 'node_modules');
const parserPackage = require(path.join(modules, 'twemoji-parser', 'package.json'));
const twitterText = require(path.join(modules, 'twitter-text', 'package.json'));
const regex = require(path.join(modules, 'twemoji-parser', 'dist', 'lib', 'regex.js')).default;

if (twitterText.version !== '3.1.0' || parserPackage.version !== '11.0.2')
  throw new Error(`expected twitter-text 3.1.0 with twemoji-parser 11.0.2, found ` +
                  `${twitterText.version} with ${parserPackage.version}`);

// A parser for the subset of expression syntax the generated expression
// uses: alternation, (?:…) and (…) groups, (?!…) of one character, classes
// with ranges, \uXXXX escapes, literal characters and the ? quantifier.
function parse(source) {
  let i = 0;
  const peek = () => source[i];
  const atom = () => {
    const c = source[i];
    if (c === '(') {
      i++;
      let kind = 'group';
      if (source.startsWith('?:', i)) {
        i += 2;
      } else if (source.startsWith('?!', i)) {
        i += 2;
        kind = 'not';
      } else if (source[i] === '?') {
        throw new Error(`unsupported group at ${i}`);
      }
      const inner = alternation();
      if (source[i++] !== ')')
        throw new Error(`unclosed group at ${i}`);
      return { kind, inner };
    }
    if (c === '[') {
      i++;
      if (source[i] === '^')
        throw new Error(`negated class at ${i}`);
      const units = [];
      while (source[i] !== ']') {
        const lo = unit(true);
        if (source[i] === '-' && source[i + 1] !== ']') {
          i++;
          const hi = unit(true);
          for (let u = lo; u <= hi; u++)
            units.push(u);
        } else {
          units.push(lo);
        }
      }
      i++;
      return { kind: 'class', units };
    }
    return { kind: 'class', units: [unit()] };
  };
  const unit = (inClass) => {
    const c = source[i];
    if (c === '\\') {
      if (source[i + 1] !== 'u')
        throw new Error(`unsupported escape at ${i}`);
      const u = parseInt(source.slice(i + 2, i + 6), 16);
      i += 6;
      return u;
    }
    if (inClass ? '[]\\^'.includes(c) : '()[]|?*+{}.^$'.includes(c))
      throw new Error(`unexpected ${c} at ${i}`);
    i++;
    return c.charCodeAt(0);
  };
  const sequence = () => {
    const items = [];
    while (i < source.length && peek() !== '|' && peek() !== ')') {
      let item = atom();
      if (peek() === '?') {
        i++;
        item = { kind: 'optional', inner: item };
      }
      if ('*+{'.includes(peek()))
        throw new Error(`unsupported quantifier at ${i}`);
      items.push(item);
    }
    return { kind: 'sequence', items };
  };
  const alternation = () => {
    const alternatives = [sequence()];
    while (peek() === '|') {
      i++;
      alternatives.push(sequence());
    }
    return { kind: 'alternation', alternatives };
  };
  const tree = alternation();
  if (i !== source.length)
    throw new Error(`trailing text at ${i}`);
  return tree;
}

// Every match of @node, in the order a backtracking matcher tries them:
// { units: [UTF-16 code units], not: [units the next one may not be] }.
function expand(node) {
  switch (node.kind) {
    case 'alternation':
      return node.alternatives.flatMap(expand);
    case 'group':
      return expand(node.inner);
    case 'optional':
      return [...expand(node.inner), { units: [], not: [] }];
    case 'class':
      return node.units.map((u) => ({ units: [u], not: [] }));
    case 'not': {
      const inner = expand(node.inner);
      if (!inner.every((m) => m.units.length === 1 && m.not.length === 0))
        throw new Error('a look-ahead of more than one character');
      return [{ units: [], not: inner.map((m) => m.units[0]) }];
    }
    case 'sequence': {
      let matches = [{ units: [], not: [] }];
      for (const item of node.items) {
        const next = [];
        for (const a of matches)
          for (const b of expand(item)) {
            // A look-ahead pending at the end of @a meets b's first unit.
            if (b.units.length > 0 && a.not.includes(b.units[0]))
              continue;
            const not = b.units.length > 0 ? b.not : [...new Set([...a.not, ...b.not])];
            next.push({ units: [...a.units, ...b.units], not });
          }
        matches = next;
      }
      return matches;
    }
  }
  throw new Error(`unknown node ${node.kind}`);
}

function codePoints(units) {
  const s = String.fromCharCode(...units);
  const points = [];
  for (let k = 0; k < s.length;) {
    const c = s.codePointAt(k);
    if (c >= 0xd800 && c <= 0xdfff)
      throw new Error(`a lone surrogate in ${JSON.stringify(s)}`);
    points.push(c);
    k += c > 0xffff ? 2 : 1;
  }
  return points;
}

const matches = expand(parse(regex.source));
const notSets = new Set(matches.map((m) => m.not.sort().join(',')));
for (const set of notSets)
  if (set !== '' && set !== String(0xfe0e))
    throw new Error(`unexpected look-ahead set ${set}`);

// The trie: a node per distinct prefix; a node ending a match keeps the rank
// (the order in the list) of the first match ending there, with and without
// the condition "not followed by U+FE0E".
const NONE = 0xffff;
const root = { children: new Map(), rank: NONE, rankUnlessFe0e: NONE };
let strings = 0;
matches.forEach((m, rank) => {
  if (m.units.length === 0)
    throw new Error('the expression matches an empty string');
  let node = root;
  for (const c of codePoints(m.units)) {
    if (!node.children.has(c))
      node.children.set(c, { children: new Map(), rank: NONE, rankUnlessFe0e: NONE });
    node = node.children.get(c);
  }
  if (rank >= NONE)
    throw new Error('too many matches for 16-bit ranks');
  if (m.not.length === 0 && node.rank === NONE) {
    node.rank = rank;
    strings++;
  } else if (m.not.length > 0 && node.rankUnlessFe0e === NONE) {
    node.rankUnlessFe0e = rank;
    strings++;
  }
});

// Breadth first, so a node's children are contiguous and sorted.
const order = [root];
for (let k = 0; k < order.length; k++) {
  const node = order[k];
  node.index = k;
  node.sorted = [...node.children.entries()].sort((a, b) => a[0] - b[0]);
  node.first = order.length;
  for (const [c, child] of node.sorted) {
    child.cp = c;
    order.push(child);
  }
}
if (order.length > 0xffff)
  throw new Error('too many nodes for 16-bit indices');

// The table's match at @pos of @cps, as tern-text.c computes it.
function tableMatch(cps, pos) {
  let node = root, best = NONE, end = pos;
  for (let k = pos; k < cps.length && node.children.has(cps[k]); k++) {
    node = node.children.get(cps[k]);
    let rank = node.rank;
    if (node.rankUnlessFe0e < rank && cps[k + 1] !== 0xfe0e)
      rank = node.rankUnlessFe0e;
    if (rank < best) {
      best = rank;
      end = k + 1;
    }
  }
  return end - pos;
}

// Check the table against the expression itself: every match, alone and
// followed by each character any match uses, and by U+FE0E.
const followers = new Set([0xfe0e, 0x20]);
for (const m of matches)
  for (const c of codePoints(m.units))
    followers.add(c);
let checked = 0;
for (const m of matches) {
  for (const f of followers) {
    const text = String.fromCharCode(...m.units) + String.fromCodePoint(f);
    const cps = [...codePoints(m.units), f];
    regex.lastIndex = 0;
    const r = regex.exec(text);
    const expected = r && r.index === 0 ? [...r[0]].length : 0;
    if (tableMatch(cps, 0) !== expected)
      throw new Error(`table and expression disagree on ${JSON.stringify(text)}`);
    checked++;
  }
}

const hex = (n) => '0x' + n.toString(16).toUpperCase();

// Which blocks of 16 code points hold a start, for a quick test before the
// trie (letters, ideographs and syllables hold none).
const starts = order.slice(1, 1 + root.sorted.length).map((n) => n.cp);
const blocks = new Array(128).fill(0n);
for (const c of starts) {
  if (c >= 0x20000)
    throw new Error(`a sequence starting at ${c.toString(16)}, beyond the block map`);
  blocks[c >> 10] |= 1n << BigInt((c >> 4) & 63);
}
const lowStarts = starts.filter((c) => c < 0xa9).map((c) => String.fromCharCode(c)).join('');
if (lowStarts !== '#*0123456789')
  throw new Error(`unexpected starts below U+00A9: ${lowStarts}`);
const lines = [];
lines.push(`/* tern-text-emoji.h: generated by build-aux/gen-emoji-table.js; do not edit.
 *
 * The emoji sequences twitter-text ${twitterText.version} counts as one character of
 * weight 200: every string the regular expression of twemoji-parser
 * ${parserPackage.version} matches (${strings} strings, ${order.length} trie nodes; the table
 * was checked against the expression on ${checked} texts when it was made).
 * Each node ends a match with rank \`rank\`, or, when the next character is not
 * U+FE0E, with rank \`rank_unless_fe0e\`; at a position the match with the
 * lowest rank along the path wins, as the expression's first alternative
 * does. Node 0 is the root; a node's children are
 * nodes[first .. first + n_children - 1], sorted by code point.
 *
 * Derived from twemoji-parser, Copyright Twitter Inc., under the MIT licence:
 * Permission is hereby granted, free of charge, to any person obtaining a
 * copy of this software and associated documentation files (the "Software"),
 * to deal in the Software without restriction, including without limitation
 * the rights to use, copy, modify, merge, publish, distribute, sublicense,
 * and/or sell copies of the Software, and to permit persons to whom the
 * Software is furnished to do so, subject to the following conditions: The
 * above copyright notice and this permission notice shall be included in all
 * copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED
 * "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
 * LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR
 * PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT
 * HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN
 * ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
 * CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
 */

#pragma once

#include <glib.h>

#define TERN_EMOJI_NO_RANK ${hex(NONE)}

/* Below U+00A9 only '#', '*' and the digits start a sequence (keycaps);
 * above it, only code points below U+20000 in the blocks of 16 whose bit
 * is set here (bit c >> 4 & 63 of word c >> 10). */
static const guint64 tern_emoji_start_blocks[128] = {
${blocks.map((w) => `  G_GUINT64_CONSTANT (0x${w.toString(16).toUpperCase().padStart(16, '0')}),`).join('\n')}
};

typedef struct
{
  guint32 cp;
  guint16 first;
  guint16 n_children;
  guint16 rank;
  guint16 rank_unless_fe0e;
} TernEmojiNode;

static const TernEmojiNode tern_emoji_nodes[${order.length}] = {`);
for (const node of order)
  lines.push(`  { ${hex(node.cp || 0)}, ${node.first}, ${node.sorted.length}, ` +
             `${node.rank === NONE ? 'TERN_EMOJI_NO_RANK' : node.rank}, ` +
             `${node.rankUnlessFe0e === NONE ? 'TERN_EMOJI_NO_RANK' : node.rankUnlessFe0e} },`);
lines.push('};');
lines.push('');

const out = lines.join('\n');
if (process.argv[2] === '--check') {
  const same = fs.readFileSync(process.argv[3], 'utf8') === out;
  console.log('1..1');
  console.log(`${same ? 'ok' : 'not ok'} 1 - ${process.argv[3]} is what twemoji-parser ` +
              `${parserPackage.version} (twitter-text ${twitterText.version}) gives` +
              (same ? '' : ': run build-aux/gen-emoji-table.js to make it again'));
  process.exit(same ? 0 : 1);
} else if (process.argv[2])
  fs.writeFileSync(process.argv[2], out);
else
  process.stdout.write(out);
