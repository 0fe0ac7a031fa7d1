// text-corpus.js
//
// Copyright 2026 The Tern developers
//
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Seeded random post texts for comparing Tern's parse with twitter-text:
// ASCII, CJK, Hangul (composed and as conjoining jamo), emoji and ZWJ
// sequences (recommended ones, ones newer than twitter-text's set, made-up
// ones), URLs with and without a scheme, mentions, hashtags, combining
// marks, direction marks and the odd invalid character.
'use strict';

// mulberry32: a small, well-mixed 32-bit generator; the seed makes a run
// repeatable.
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (list) => list[next.int(list.length)];
  return next;
}

const cp = (...points) => String.fromCodePoint(...points);
const ZWJ = '\u200d';

const words = ['the', 'quick', 'Brown', 'fox', 'a', 'I', 'jumps', 'über', 'naïve',
  'café', 'Ωmega', 'привет', 'x', 'ok', 'http', 'https', 'www', 'co', 'com', 'T'];
// Common ones, ones only twitter-text's list or only a newer list has,
// and names that are none.
const tlds = ['com', 'org', 'net', 'co', 'jp', 'uk', 'de', 'io', 'ly', 'gle', 'xyz',
  'museum', 'COM', 'notatld', 'c', 'xn--p1ai', 'みんな', 'рф', 'co.uk', 'onion', 'zz',
  'intel', 'doosan', 'Telefonica', 'vermögensberatung', '诺基亚', 'kids', 'music', 'spa',
  '澳门', 'ישראל', 'za', 'comm', 'みんなの'];
const punct = [' ', ' ', ' ', '\n', '.', ',', '!', '?', ':', '/', '-', '_', '@', '#',
  '$', '(', ')', '\'', '"', '&', '=', '+', '~', '|', '*', '%', '[', ']', '\t'];
const marks = [0x300, 0x301, 0x302, 0x303, 0x308, 0x30a, 0x316, 0x323, 0x327, 0x331,
  0x345, 0x3099, 0x309a, 0x5b0, 0x93c, 0x20d7];
const directionMarks = [0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e,
  0x2066, 0x2069, 0x061c, 0x200b, 0x200c, 0x2028, 0x3000, 0xa0];
const invalid = [0xfffe, 0xfeff, 0xffff];
// A few sequences twitter-text 3.1.0 knows and a few it does not (newer
// than its emoji set, or never recommended).
const sequences = [
  [0x1f468, 0x200d, 0x1f469, 0x200d, 0x1f467, 0x200d, 0x1f466],
  [0x1f9d1, 0x200d, 0x1f91d, 0x200d, 0x1f9d1],
  [0x1f9d1, 0x1f3fd, 0x200d, 0x1f91d, 0x200d, 0x1f9d1, 0x1f3fb],
  [0x1f469, 0x200d, 0x2764, 0xfe0f, 0x200d, 0x1f48b, 0x200d, 0x1f468],
  [0x1f469, 0x200d, 0x2764, 0x200d, 0x1f468],
  [0x1f3f3, 0xfe0f, 0x200d, 0x1f308],
  [0x1f3f3, 0x200d, 0x1f308],
  [0x1f3f4, 0x200d, 0x2620, 0xfe0f],
  [0x1f441, 0xfe0f, 0x200d, 0x1f5e8, 0xfe0f],
  [0x1f468, 0x1f3fe, 0x200d, 0x1f52c],
  [0x1f3c3, 0x1f3fd, 0x200d, 0x2640, 0xfe0f],
  [0x1f3c3, 0x200d, 0x2640],
  [0x1f9d1, 0x200d, 0x1f4bb],
  [0x1f415, 0x200d, 0x1f9ba],
  [0x1f43b, 0x200d, 0x2744, 0xfe0f],
  [0x1f636, 0x200d, 0x1f32b, 0xfe0f],
  [0x2764, 0xfe0f, 0x200d, 0x1f525],
  [0x1f3f4, 0xe0067, 0xe0062, 0xe0073, 0xe0063, 0xe0074, 0xe007f],
  [0x1f3f4, 0xe0067, 0xe0062, 0xe007f],
  [0x1f1fa, 0x1f1f8], [0x1f1ef, 0x1f1f5], [0x1f1e6], [0x1f1fd, 0x1f1fd],
  [0x31, 0xfe0f, 0x20e3], [0x23, 0x20e3], [0x2a, 0xfe0e, 0x20e3], [0x39, 0xfe0f],
  [0x2764], [0x2764, 0xfe0f], [0x2764, 0xfe0e], [0xa9], [0xa9, 0xfe0f], [0x2122],
  [0x263a], [0x263a, 0xfe0f], [0x1f600, 0xfe0f], [0x1f44d, 0x1f3fd], [0x1f44d, 0x1f3ff, 0xfe0f],
  [0x1f3fb], [0x1f44d, 0x200d, 0x1f44d], [0x1f44d, 0x200d], [0x200d, 0x1f44d],
  [0x1fae0], [0x1f979], [0x1f9cb], [0x1fa90], [0xfe0f], [0xfe0e], [0x20e3],
];

function emojiRun(r) {
  switch (r.int(6)) {
    case 0:
    case 1:
      return cp(...r.pick(sequences));
    case 2: // a pictograph, perhaps with a skin tone or a selector
      return cp(r.pick([0x1f300 + r.int(0x300), 0x1f900 + r.int(0x100), 0x2600 + r.int(0x1c0),
                        0x1fa70 + r.int(0x80)])) +
             r.pick(['', '', cp(0x1f3fb + r.int(5)), '\ufe0f', '\ufe0e']);
    case 3: { // a made-up ZWJ chain
      const n = 2 + r.int(4);
      const parts = [];
      for (let i = 0; i < n; i++)
        parts.push(cp(r.pick([0x1f468, 0x1f469, 0x1f9d1, 0x1f466, 0x1f467, 0x2764, 0x1f48b,
                              0x1f91d, 0x1f52c, 0x2640, 0x2642])) +
                   r.pick(['', '', '\ufe0f', cp(0x1f3fb + r.int(5))]));
      return parts.join(ZWJ);
    }
    case 4: // regional indicators
      return cp(0x1f1e6 + r.int(26), 0x1f1e6 + r.int(26));
    default: // a keycap
      return r.pick(['#', '*', String(r.int(10))]) + r.pick(['\ufe0f\u20e3', '\u20e3', '\ufe0f', '']);
  }
}

function url(r) {
  const scheme = r.pick(['', '', 'http://', 'https://', 'HTTPS://', 'ftp://']);
  const labels = [];
  const n = 1 + r.int(3);
  for (let i = 0; i < n; i++)
    labels.push(r.pick(['example', 'x', 't', 'a-b', 'a_b', 'www', 'sub', '例え', 'bücher',
                        'xn--bcher-kva', 'münchen', 'abc123', '-x', 'a'.repeat(1 + r.int(70))]));
  let u = scheme + labels.join('.') + '.' + r.pick(tlds);
  if (r.int(3) === 0)
    u += ':' + r.int(9000);
  if (r.int(2) === 0)
    u += '/' + r.pick(['', 'path', 'a/b/c', 'wiki/Primer_(film)', 'x.', 'x~', '(a)', 'a(b(c)d)',
                       'AbC123', 'привет', 'é', '~user', 'a,b', '#frag', '@me']);
  if (r.int(3) === 0)
    u += '?' + r.pick(['q=1', 'a=b&c=d', 'x', '', 'a.', '!', 'x=y_']);
  if (r.int(6) === 0)
    u = r.pick(['https://t.co/', 't.co/', 'https://t.co/']) + 'AbCd3F'.slice(0, 1 + r.int(6)) +
        r.pick(['', '?x=1', 'é']);
  return u;
}

function hangulJamo(r) {
  const l = 0x1100 + r.int(19), v = 0x1161 + r.int(21);
  return r.int(2) ? cp(l, v) : cp(l, v, 0x11a8 + r.int(27));
}

function piece(r) {
  switch (r.int(16)) {
    case 0: case 1: case 2: return r.pick(words);
    case 3: return r.pick(punct);
    case 4: return cp(0x4e00 + r.int(0x5000)) + (r.int(2) ? cp(0x3041 + r.int(80)) : '');
    case 5: return cp(0xac00 + r.int(11172));
    case 6: return hangulJamo(r);
    case 7: case 8: return emojiRun(r);
    case 9: return url(r);
    case 10: return r.pick(['@', '@', '＠']) + r.pick(words) + r.pick(['', '/list', '_1']);
    case 11: return r.pick(['#', '＃', '$']) + r.pick(words);
    case 12: return r.pick(words).slice(0, 1) + cp(r.pick(marks)) + (r.int(2) ? cp(r.pick(marks)) : '');
    case 13: return cp(r.pick(directionMarks));
    case 14: return r.int(20) === 0 ? cp(r.pick(invalid)) : r.pick(punct);
    default: return otherChar(r);
  }
}

// A code point from a few broad ranges, kept to characters Unicode 15
// already had: Tern normalises with the system's ICU (Unicode 15 on Debian
// 12), twitter-text with Node's, and a combining mark only the newer one
// knows would be ordered differently by the two.
function otherChar(r) {
  for (;;) {
    const c = r.pick([0x1f000 + r.int(0x1000), 0x20000 + r.int(0x1000), 0x80 + r.int(0x2000),
                      0x2000 + r.int(0x400)]);
    if (!(c >= 0x1ab0 && c <= 0x1aff) && !/\p{Cn}/u.test(String.fromCodePoint(c)))
      return String.fromCodePoint(c);
  }
}

function randomText(r) {
  // Mostly post-sized texts, some well over the limit (for the ranges).
  const n = r.int(10) === 0 ? 100 + r.int(300) : 1 + r.int(40);
  let text = '';
  for (let i = 0; i < n; i++)
    text += piece(r);
  return text;
}

module.exports = { rng, randomText };
