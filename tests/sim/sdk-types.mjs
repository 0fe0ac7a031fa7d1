// sdk-types.mjs: checks JSON answers against the response types of X's
// official SDK (@xdevplatform/xdk), read from its dist/index.d.ts. The SDK
// is generated from X's OpenAPI spec, so its types are the spec's.
//
// The SDK turns the wire's snake_case keys into camelCase before handing
// answers to an app; the check does the same, then walks the value and the
// type together: every key must be a member of the type (field names), every
// required member must be there, and every value must have the member's type.
//
// Copyright 2026 The Tern developers
// SPDX-License-Identifier: GPL-3.0-or-later

import { readFileSync } from 'node:fs';

// Wire names that X sends and that the SDK's spec renamed when it called
// tweets "posts". The SDK's own field lists (tweet.fields, expansions) still
// name them as X sends them, e.g. "edit_history_tweet_ids" and
// "referenced_tweets"; the check accepts each under its new name only.
const RENAMED = {
  editHistoryTweetIds: 'editHistoryPostIds',
  referencedTweets: 'referencedPosts',
  tweets: 'posts', // includes.tweets
};

function snakeToCamel (key) {
  return key.replace(/_([a-z])/g, (_, letter) => letter.toUpperCase());
}

// --- a small parser for the TypeScript the SDK's declarations use ---------

function tokenize (text) {
  const tokens = [];
  const re = /\s+|\/\*[\s\S]*?\*\/|\/\/[^\n]*|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([A-Za-z_$][\w$]*)|(-?\d+(?:\.\d+)?)|(\S)/g;
  let m;
  while ((m = re.exec(text)) !== null) {
    if (m[1] !== undefined) tokens.push({ kind: 'string', value: JSON.parse(m[1].replace(/^'|'$/g, '"')) });
    else if (m[2] !== undefined) tokens.push({ kind: 'name', value: m[2] });
    else if (m[3] !== undefined) tokens.push({ kind: 'number', value: Number(m[3]) });
    else if (m[4] !== undefined) tokens.push({ kind: 'punct', value: m[4] });
  }
  return tokens;
}

class Parser {
  constructor (tokens) { this.t = tokens; this.i = 0; }
  peek (v) { const t = this.t[this.i]; return t && (v === undefined || t.value === v) ? t : null; }
  next () { return this.t[this.i++]; }
  expect (v) {
    const t = this.next();
    if (!t || t.value !== v) throw new Error(`expected ${v}, got ${t && t.value} at token ${this.i}`);
    return t;
  }

  type () {
    if (this.peek('|')) this.next();
    const options = [this.postfix()];
    while (this.peek('|')) { this.next(); options.push(this.postfix()); }
    return options.length === 1 ? options[0] : { kind: 'union', options };
  }

  postfix () {
    let type = this.primary();
    while (this.peek('[') && this.t[this.i + 1] && this.t[this.i + 1].value === ']') {
      this.next(); this.next();
      type = { kind: 'array', of: type };
    }
    return type;
  }

  primary () {
    const t = this.next();
    if (t.kind === 'string') return { kind: 'literal', value: t.value };
    if (t.kind === 'number') return { kind: 'literal', value: t.value };
    if (t.value === '(') { const inner = this.type(); this.expect(')'); return inner; }
    if (t.value === '{') return this.members('}');
    if (t.kind !== 'name') throw new Error(`unexpected ${t.value} at token ${this.i}`);
    switch (t.value) {
      case 'string': case 'number': case 'boolean': case 'any': case 'unknown': case 'null': case 'undefined':
        return { kind: t.value };
      case 'true': case 'false':
        return { kind: 'literal', value: t.value === 'true' };
      case 'Array': {
        this.expect('<'); const of = this.type(); this.expect('>');
        return { kind: 'array', of };
      }
      case 'Record': {
        this.expect('<'); this.type(); this.expect(','); const of = this.type(); this.expect('>');
        return { kind: 'record', of };
      }
      default:
        if (this.peek('<')) { // a generic we do not model: take it as anything
          let depth = 0;
          do { const x = this.next(); if (x.value === '<') depth++; if (x.value === '>') depth--; } while (depth > 0);
          return { kind: 'any' };
        }
        return { kind: 'ref', name: t.value };
    }
  }

  members (close) {
    const members = {};
    while (!this.peek(close)) {
      if (this.peek('[')) { // an index signature: [key: string]: T
        this.next(); this.next(); this.expect(':'); this.type(); this.expect(']'); this.expect(':');
        const of = this.type();
        if (this.peek(';') || this.peek(',')) this.next();
        members['[index]'] = { type: { kind: 'record', of }, optional: true };
        continue;
      }
      const name = this.next().value;
      let optional = false;
      if (this.peek('?')) { this.next(); optional = true; }
      this.expect(':');
      const type = this.type();
      if (this.peek(';') || this.peek(',')) this.next();
      members[name] = { type, optional };
    }
    this.expect(close);
    return { kind: 'object', members };
  }
}

// Reads every top-level `interface Name { ... }` and `type Name = ...;`.
export function loadTypes (dtsPath) {
  const text = readFileSync(dtsPath, 'utf8');
  const types = new Map();
  const decl = /^(interface|type) ([A-Za-z_$][\w$]*)(\$\d+)? (?:extends [^{]+)?(=|\{)/gm;
  let m;
  while ((m = decl.exec(text)) !== null) {
    const name = m[2] + (m[3] || '');
    if (types.has(name)) continue;
    // the declaration runs to the first line that closes it at column 0
    const start = m.index + m[0].length;
    let end;
    if (m[4] === '{') {
      end = text.indexOf('\n}', start);
      const body = text.slice(start, end);
      try {
        types.set(name, new Parser(tokenize(body + '}')).members('}'));
      } catch (e) {
        types.set(name, { kind: 'unparsed', error: e.message });
      }
    } else {
      end = text.indexOf(';\n', start);
      let stop = end;
      // a type's body may hold ";" inside braces: find the one at depth 0
      let depth = 0;
      for (let i = start; i < text.length; i++) {
        const c = text[i];
        if (c === '{' || c === '<' || c === '(') depth++;
        else if (c === '}' || c === '>' || c === ')') depth--;
        else if (c === ';' && depth <= 0) { stop = i; break; }
      }
      try {
        types.set(name, new Parser(tokenize(text.slice(start, stop))).type());
      } catch (e) {
        types.set(name, { kind: 'unparsed', error: e.message });
      }
    }
  }
  return types;
}

function describe (value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

// Returns a list of problems (empty when the value fits the type).
// opts.raw: compare keys as they are (the SDK's OAuth2 helper reads the
// token answer without turning its keys into camelCase).
export function check (types, typeOrName, value, path = '$', opts = {}) {
  const type = typeof typeOrName === 'string' ? { kind: 'ref', name: typeOrName } : typeOrName;
  switch (type.kind) {
    case 'any': case 'unknown': return [];
    case 'null': return value === null ? [] : [`${path}: ${describe(value)} where the SDK has null`];
    case 'undefined': return value === undefined ? [] : [`${path}: a value where the SDK has none`];
    case 'string': case 'number': case 'boolean':
      return typeof value === type.kind ? [] : [`${path}: ${describe(value)} where the SDK has ${type.kind}`];
    case 'literal':
      return value === type.value ? [] : [`${path}: ${JSON.stringify(value)} where the SDK has ${JSON.stringify(type.value)}`];
    case 'ref': {
      const target = types.get(type.name);
      if (!target) return [`${path}: the SDK has no type ${type.name}`];
      if (target.kind === 'unparsed') return [`${path}: could not read the SDK's type ${type.name}: ${target.error}`];
      return check(types, target, value, path, opts);
    }
    case 'array':
      if (!Array.isArray(value)) return [`${path}: ${describe(value)} where the SDK has an array`];
      return value.flatMap((item, i) => check(types, type.of, item, `${path}[${i}]`, opts));
    case 'record':
      if (describe(value) !== 'object') return [`${path}: ${describe(value)} where the SDK has an object`];
      return Object.entries(value).flatMap(([k, v]) => check(types, type.of, v, `${path}.${k}`, opts));
    case 'union': {
      let best = null;
      for (const option of type.options) {
        const problems = check(types, option, value, path, opts);
        if (problems.length === 0) return [];
        if (best === null || problems.length < best.length) best = problems;
      }
      return best;
    }
    case 'object': {
      if (describe(value) !== 'object') return [`${path}: ${describe(value)} where the SDK has an object`];
      const problems = [];
      const seen = new Set();
      for (const [wire, v] of Object.entries(value)) {
        let name = opts.raw ? wire : snakeToCamel(wire);
        if (!(name in type.members) && RENAMED[name] in type.members) name = RENAMED[name];
        seen.add(name);
        const member = type.members[name];
        if (!member) {
          if (type.members['[index]']) continue;
          problems.push(`${path}.${wire}: not a field of the SDK's type (fields: ${Object.keys(type.members).join(', ')})`);
          continue;
        }
        problems.push(...check(types, member.type, v, `${path}.${wire}`, opts));
      }
      for (const [name, member] of Object.entries(type.members)) {
        if (!member.optional && !seen.has(name)) problems.push(`${path}.${name}: required by the SDK, missing`);
      }
      return problems;
    }
    default:
      return [`${path}: the SDK's type has a form this check does not know (${type.kind})`];
  }
}

// The SDK's enumerations, e.g. a request field's union of string literals.
export function literals (types, typeName, member) {
  const type = types.get(typeName);
  const m = type && type.members && type.members[member];
  if (!m) throw new Error(`the SDK has no ${typeName}.${member}`);
  const options = m.type.kind === 'union' ? m.type.options : [m.type];
  return options.filter(o => o.kind === 'literal').map(o => o.value);
}
