// test-sdk-peer.mjs: X's official SDK (@xdevplatform/xdk, pinned in
// tests/node) run against tern-xsim the way an app would run it against X.
// It signs in with the SDK's own PKCE helper, uploads an image one-shot as
// JSON and a video chunked, sets alt text, posts, and probes every optional
// field the spec allows: any refusal of a request the spec allows fails.
// Every answer is then checked against the SDK's response types (its
// dist/index.d.ts), including answers to requests made the way Tern makes
// them (multipart). Last, twitter-api-v2, a widely used client library,
// uploads and posts unchanged.
//
// Usage: node test-sdk-peer.mjs TERN-XSIM. Prints TAP.
//
// Copyright 2026 The Tern developers
// SPDX-License-Identifier: GPL-3.0-or-later

import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';
import { loadTypes, check, literals } from './sdk-types.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, '..', 'node', 'node_modules');
const xsimPath = process.argv[2];

let n = 0;
let failed = 0;
function ok (cond, what, ...details) {
  n++;
  if (cond) {
    console.log(`ok ${n} - ${what}`);
  } else {
    failed++;
    console.log(`not ok ${n} - ${what}`);
    for (const d of details) for (const line of String(typeof d === 'string' ? d : JSON.stringify(d)).split('\n')) console.log(`# ${line}`);
  }
  return cond;
}
function bail (why) {
  console.log(`Bail out! ${why}`);
  process.exit(1);
}

// --- what an app does to point the SDK at another host ----------------------

// The SDK's OAuth2 helper calls the global fetch with X's hosts written in;
// rewrite them to the simulator, and keep every API answer for the type check.
const answers = [];
let base = null;   // set once tern-xsim says where it listens
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init = {}) => {
  let url = typeof input === 'string' ? input : input.url;
  url = url.replace(/^https:\/\/(api\.)?(x|twitter)\.com/, base);
  const response = await realFetch(url, init);
  const path = new URL(url).pathname;
  if (path.startsWith('/2/')) {
    const text = await response.clone().text();
    let json;
    try { json = JSON.parse(text); } catch { json = undefined; }
    answers.push({ method: (init.method || 'GET').toUpperCase(), path, status: response.status, json, text });
  }
  return response;
};


const sdkDir = join(modules, '@xdevplatform', 'xdk');
if (!existsSync(join(sdkDir, 'dist', 'index.js'))) {
  bail('X\'s SDK is not installed in tests/node: run build-aux/install-deps.sh --with-tests');
}
// Node 18 (Debian 12's) has Web Crypto only as a module: give it the global
// the SDK's PKCE helper uses, as an app on Node 18 would.
if (globalThis.crypto === undefined) globalThis.crypto = (await import('node:crypto')).webcrypto;
// imported after fetch is wrapped: the SDK keeps the fetch it finds
const sdk = await import(pathToFileURL(join(sdkDir, 'dist', 'index.js')).href);
const sdkVersion = JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8')).version;
const types = loadTypes(join(sdkDir, 'dist', 'index.d.ts'));

// --- tern-xsim --------------------------------------------------------------

const work = mkdtempSync(join(tmpdir(), 'tern-sdk-peer-'));
// check_after_secs 0: processing moves on with each STATUS, so the test
// polls as told without waiting on a clock.
writeFileSync(join(work, 'sim.json'), JSON.stringify({
  processing: { check_after_secs: 0, polls: 2, seconds: 0 },
}));
const xsim = spawn(xsimPath, ['--port', '0', '--config', join(work, 'sim.json')], { stdio: ['ignore', 'pipe', 'pipe'] });
let xsimErr = '';
xsim.stderr.on('data', d => { xsimErr += d; });
base = await new Promise((resolve, reject) => {
  const lines = createInterface({ input: xsim.stdout });
  lines.once('line', line => resolve(line.replace(/^listening on /, '')));
  xsim.once('exit', code => reject(new Error(`tern-xsim exited (${code}): ${xsimErr}`)));
}).catch(e => bail(e.message));
process.on('exit', () => { xsim.kill(); rmSync(work, { recursive: true, force: true }); });

// Which SDK type answers which request.
function responseType (method, path) {
  const routes = [
    ['GET', /^\/2\/users\/me$/, 'GetUsersMeResponse'],
    ['GET', /^\/2\/users\/\d+\/tweets$/, 'GetUsersPostsResponse'],
    ['POST', /^\/2\/tweets$/, 'CreatePostsResponse'],
    ['GET', /^\/2\/tweets\/\d+$/, 'GetPostsByIdResponse'],
    ['DELETE', /^\/2\/tweets\/\d+$/, 'DeletePostsResponse'],
    ['POST', /^\/2\/media\/upload$/, 'MediaUploadResponse'],
    ['GET', /^\/2\/media\/upload$/, 'GetMediaUploadStatusResponse'],
    ['POST', /^\/2\/media\/upload\/initialize$/, 'InitializeMediaUploadResponse'],
    ['POST', /^\/2\/media\/upload\/\d+\/append$/, 'AppendMediaUploadResponse'],
    ['POST', /^\/2\/media\/upload\/\d+\/finalize$/, 'FinalizeMediaUploadResponse'],
    ['POST', /^\/2\/media\/metadata$/, 'CreateMediaMetadataResponse'],
    ['POST', /^\/2\/media\/subtitles$/, 'CreateMediaSubtitlesResponse'],
    ['DELETE', /^\/2\/media\/subtitles$/, 'DeleteMediaSubtitlesResponse'],
  ];
  routes.push(['POST', /^\/2\/oauth2\/token$/, 'OAuth2Token']);
  const route = routes.find(([m, re]) => m === method && re.test(path));
  return route ? route[2] : null;
}

// --- media made here -----------------------------------------------------------

function crc32 (buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return ~c >>> 0;
}
function png (w, h, rgb) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  const rows = [];
  for (let y = 0; y < h; y++) rows.push(Buffer.from([0, ...Array(w).fill(rgb).flat()]));
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}


// A still GIF: two colours, 3-bit LZW codes with a clear code before every
// two pixels, so the code table never grows past what 3 bits hold.
function stillGif (w, h) {
  const codes = [];
  for (let i = 0; i < w * h; i += 2) codes.push(4, (i / w) & 1, ((i + 1) / w) & 1);
  codes.push(5);
  const data = [];
  let acc = 0, bits = 0;
  for (const c of codes) {
    acc |= c << bits; bits += 3;
    while (bits >= 8) { data.push(acc & 0xff); acc >>= 8; bits -= 8; }
  }
  if (bits > 0) data.push(acc & 0xff);
  const blocks = [];
  for (let i = 0; i < data.length; i += 255) {
    const block = data.slice(i, i + 255);
    blocks.push(block.length, ...block);
  }
  return Buffer.from([
    ...Buffer.from('GIF89a'), w & 0xff, w >> 8, h & 0xff, h >> 8, 0x80, 0, 0,
    0x20, 0x60, 0xc0, 0xf0, 0xf0, 0xf0,
    0x2c, 0, 0, 0, 0, w & 0xff, w >> 8, h & 0xff, h >> 8, 0,
    2, ...blocks, 0, 0x3b,
  ]);
}

const videoPath = join(work, 'clip.mp4');
const gst = spawnSync('gst-launch-1.0', ['-q', 'videotestsrc', 'num-buffers=45', '!',
  'video/x-raw,width=320,height=240,framerate=30/1', '!', 'x264enc', '!', 'video/x-h264,profile=high', '!',
  'mp4mux', 'faststart=true', '!', 'filesink', `location=${videoPath}`], { encoding: 'utf8' });
if (gst.status !== 0 || !existsSync(videoPath)) bail(`GStreamer could not make the test video: ${gst.stderr}`);
const video = readFileSync(videoPath);
const image = png(64, 48, [200, 80, 20]);
const srt = Buffer.from('1\n00:00:00,000 --> 00:00:01,000\nA heron lands\n');

// --- sign in, with the SDK's own PKCE helper -------------------------------------

const redirectUri = 'http://127.0.0.1:8723/callback';
const oauth = new sdk.OAuth2({
  clientId: 'sdk-peer-test',
  redirectUri,
  scope: ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'],
});
const verifier = sdk.generateCodeVerifier();
ok(verifier.length === 171, 'the SDK\'s default PKCE verifier is 171 characters long', `got ${verifier.length}`);
await oauth.setPkceParameters(verifier);
const authorizeUrl = await oauth.getAuthorizationUrl('state-1');
const consentPage = await fetch(authorizeUrl);
const consentHtml = await consentPage.text();
const consentId = (consentHtml.match(/name="consent" value="([^"]+)"/) || [])[1];
ok(consentPage.status === 200 && consentId, 'the consent page answers the SDK\'s authorize address', consentHtml.slice(0, 300));
const decision = await fetch(`${base}/i/oauth2/authorize`, {
  method: 'POST',
  redirect: 'manual',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ consent: consentId, decision: 'allow' }).toString(),
});
const location = new URL(decision.headers.get('location') || 'http://invalid/');
ok(location.searchParams.get('state') === 'state-1' && location.searchParams.get('code'),
  'approving the consent redirects with a code and the state', decision.headers.get('location'));
let token;
try {
  token = await oauth.exchangeCode(location.searchParams.get('code'), verifier);
} catch (e) {
  token = null;
  ok(false, 'the 171-character verifier is accepted at the token endpoint', e.message);
}
if (token) ok(typeof token.access_token === 'string' && token.refresh_token, 'the 171-character verifier is accepted at the token endpoint');
if (!token) bail('no token: cannot go on');

{
  // a verifier that does not match its challenge is still refused
  const again = await fetch(await oauth.getAuthorizationUrl('state-2'));
  const id = ((await again.text()).match(/name="consent" value="([^"]+)"/) || [])[1];
  const d = await fetch(`${base}/i/oauth2/authorize`, {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ consent: id, decision: 'allow' }).toString(),
  });
  const code = new URL(d.headers.get('location')).searchParams.get('code');
  let refused = false;
  try { await oauth.exchangeCode(code, sdk.generateCodeVerifier()); } catch (e) { refused = /400/.test(e.message); }
  ok(refused, 'a long verifier that does not match the challenge is refused');
}

const client = new sdk.Client({ accessToken: token.access_token, baseUrl: base, retry: false });

// Runs one SDK call; a refusal of what the spec allows is a failure.
async function allowed (what, call) {
  try {
    const answer = await call();
    ok(true, what);
    return answer;
  } catch (e) {
    ok(false, what, `refused: ${e.status} ${JSON.stringify(e.data)}`);
    return null;
  }
}
// Runs one SDK call that X refuses; returns the error.
async function refused (what, call, status, pattern) {
  try {
    await call();
    ok(false, what, 'accepted');
    return null;
  } catch (e) {
    const message = JSON.stringify(e.data);
    ok(e.status === status && pattern.test(message), what, `got ${e.status} ${message}`);
    return e;
  }
}

const me = await allowed('users/me with profile_image_url', () => client.users.getMe({ userFields: ['profile_image_url'] }));
ok(me && me.data.profileImageUrl && me.data.profileImageUrl.startsWith(base),
  'the user\'s picture is served by the simulator, not X', me && me.data);

// --- one-shot image as JSON, alt text ------------------------------------------

const up = await allowed('one-shot upload as JSON (base64 media)', () =>
  client.media.upload({ media: image.toString('base64'), mediaCategory: 'tweet_image' }));
ok(up && up.data.image && up.data.image.imageType === 'image/png' && up.data.image.w === 64 && up.data.image.h === 48,
  'the one-shot answer describes the image', up);
await allowed('alt text on the image', () =>
  client.media.createMetadata({ id: up.data.id, metadata: { altText: { text: 'An orange rectangle' } } }));

// --- chunked video -------------------------------------------------------------------

async function chunked (what, init, bytes, chunk = 16 * 1024) {
  const started = await allowed(`${what}: INIT`, () => client.media.initializeUpload(init));
  if (!started) return null;
  const id = started.data.id;
  for (let i = 0, index = 0; i < bytes.length; i += chunk, index++) {
    const part = bytes.subarray(i, i + chunk);
    const appended = await allowed(`${what}: APPEND segment ${index} as JSON`, () =>
      client.media.appendUpload(id, { media: part.toString('base64'), segmentIndex: index }));
    if (!appended) return null;
  }
  let state = await allowed(`${what}: FINALIZE`, () => client.media.finalizeUpload(id));
  for (let polls = 0; state && state.data.processingInfo && polls < 10; polls++) {
    const info = state.data.processingInfo;
    if (info.state === 'succeeded' || info.state === 'failed') break;
    ok(info.checkAfterSecs === 0, `${what}: processing says when to check`, info);
    state = await allowed(`${what}: STATUS`, () => client.media.getUploadStatus(id, { command: 'STATUS' }));
  }
  return state;
}

const clip = await chunked('video', { totalBytes: video.length, mediaType: 'video/mp4', mediaCategory: 'tweet_video' }, video);
ok(clip && clip.data.processingInfo && clip.data.processingInfo.state === 'succeeded', 'the video is processed', clip);
ok(clip && clip.data.video && clip.data.video.videoType === 'video/mp4', 'the video\'s answer carries video.video_type', clip);
await allowed('alt text on the video', () =>
  client.media.createMetadata({ id: clip.data.id, metadata: { altText: { text: 'Colour bars' } } }));

// --- posts -----------------------------------------------------------------------------

const posted = await allowed('a post with the image', () =>
  client.posts.create({ text: 'Hello from X\'s SDK & <friends>', media: { mediaIds: [up.data.id] } }));
ok(posted && /^Hello from X's SDK &amp; &lt;friends&gt; https:\/\/t\.co\/\w+$/.test(posted.data.text),
  'the created post\'s text is as X answers it (entities escaped, a t.co link for the media)', posted);
const videoPost = await allowed('a post with the video', () =>
  client.posts.create({ text: 'A clip from the SDK', media: { mediaIds: [clip.data.id] } }));
const mediaOnly = await allowed('a media-only post with "text": "" (what the SDK sends)', async () => {
  const again = await client.media.upload({ media: png(8, 8, [1, 2, 3]).toString('base64'), mediaCategory: 'tweet_image' });
  return client.posts.create({ text: '', media: { mediaIds: [again.data.id] } });
});
ok(mediaOnly && /^https:\/\/t\.co\/\w+$/.test(mediaOnly.data.text), 'a media-only post answers only its media link', mediaOnly);

// --- every optional field the spec allows ------------------------------------------------

for (const mediaType of literals(types, 'InitializeMediaUploadRequest', 'mediaType')) {
  await allowed(`INIT with media_type ${mediaType}`, () =>
    client.media.initializeUpload({ totalBytes: 1000, mediaType }));
}
for (const mediaCategory of literals(types, 'InitializeMediaUploadRequest', 'mediaCategory')) {
  await allowed(`INIT with media_category ${mediaCategory}`, () =>
    client.media.initializeUpload({ totalBytes: 1000, mediaCategory }));
}
await allowed('INIT with no field at all', () => client.media.initializeUpload({}));
const noType = await chunked('an image without media_type', { totalBytes: image.length, mediaCategory: 'tweet_image' }, image);
ok(noType && noType.data.image && noType.data.image.imageType === 'image/png', 'FINALIZE of a chunked image carries image.image_type/w/h', noType);
await chunked('an image without total_bytes', { mediaType: 'image/png', mediaCategory: 'tweet_image', shared: false }, image);
await chunked('a JPEG typed image/pjpeg', { mediaType: 'image/pjpeg', totalBytes: image.length }, image);
await allowed('STATUS without command', async () => {
  const v = await client.media.initializeUpload({ totalBytes: video.length, mediaType: 'video/mp4', mediaCategory: 'tweet_video' });
  await client.media.appendUpload(v.data.id, { media: video.toString('base64'), segmentIndex: 0 });
  await client.media.finalizeUpload(v.data.id);
  return client.media.getUploadStatus(v.data.id);
});
for (const mediaCategory of literals(types, 'MediaUploadRequest', 'mediaCategory')) {
  const bytes = mediaCategory.endsWith('image') ? image : mediaCategory.endsWith('video') ? video
    : mediaCategory === 'subtitles' ? srt : null;
  if (bytes === null) continue; // a GIF: made below
  await allowed(`one-shot upload with media_category ${mediaCategory}`, () =>
    client.media.upload({ media: bytes.toString('base64'), mediaCategory }));
}

const parent = posted ? posted.data.id : '1';
for (const replySettings of literals(types, 'CreatePostsRequest', 'replySettings')) {
  await allowed(`a post with reply_settings ${replySettings}`, () =>
    client.posts.create({ text: `Who may reply: ${replySettings}`, replySettings }));
}
const reply = await allowed('a reply with every reply field', () => client.posts.create({
  text: 'A reply from the SDK',
  reply: { inReplyToTweetId: parent, excludeReplyUserIds: [], autoPopulateReplyMetadata: true },
}));
const quote = await allowed('a quote', () => client.posts.create({ text: 'A quote from the SDK', quoteTweetId: parent }));
const poll = await allowed('a poll with every poll field', () => client.posts.create({
  text: 'A poll from the SDK',
  poll: { options: ['Yes', 'No', 'Twenty-five characters!!', 'Maybe'], durationMinutes: 10080, replySettings: 'following' },
}));
await allowed('a post with the spec\'s other optional fields', () => client.posts.create({
  text: 'Every other field',
  madeWithAi: false,
  paidPartnership: false,
  nullcast: false,
  forSuperFollowersOnly: false,
  shareWithFollowers: false,
  cardUri: 'card://1',
  geo: { placeId: 'df51dec6f4ee2b2c' },
  directMessageDeepLink: 'https://twitter.com/messages/compose?recipient_id=1',
}));
await allowed('a post with tagged users, a title and a description on its media', async () => {
  const again = await client.media.upload({ media: png(9, 9, [9, 9, 9]).toString('base64'), mediaCategory: 'tweet_image' });
  return client.posts.create({
    text: 'Media fields',
    media: { mediaIds: [again.data.id], taggedUserIds: [me.data.id], title: 'A title', description: 'A description', embeddable: true },
  });
});

// --- and what X refuses ----------------------------------------------------------------------

await refused('a field the spec does not have is refused, naming it', () =>
  client.posts.create({ text: 'Unknown field', colour: 'red' }), 400, /colour.*not defined in the schema/);
await refused('reply_settings "bogus" is refused', () =>
  client.posts.create({ text: 'Bogus', replySettings: 'bogus' }), 400, /reply_settings.*enumeration/);
await refused('a poll option over 25 characters is refused', () =>
  client.posts.create({ text: 'Long option', poll: { options: ['a', 'twenty-six characters long'], durationMinutes: 60 } }),
400, /options\[1\].*25 characters/);
await refused('a poll of one option is refused', () =>
  client.posts.create({ text: 'One option', poll: { options: ['a'], durationMinutes: 60 } }), 400, /minimum of 2 items/);
await refused('a poll of four minutes is refused', () =>
  client.posts.create({ text: 'Short poll', poll: { options: ['a', 'b'], durationMinutes: 4 } }), 400, /minimum value of 5/);
await refused('a poll over seven days is refused', () =>
  client.posts.create({ text: 'Long poll', poll: { options: ['a', 'b'], durationMinutes: 10081 } }), 400, /maximum value of 10080/);
await refused('a poll with a quote is refused', () =>
  client.posts.create({ text: 'Poll and quote', quoteTweetId: parent, poll: { options: ['a', 'b'], durationMinutes: 60 } }),
400, /poll/);
await refused('a reply to a post that does not exist is refused', () =>
  client.posts.create({ text: 'Reply to nothing', reply: { inReplyToTweetId: '1234' } }), 403, /deleted or not visible/);
await refused('a quote of a post that does not exist is refused', () =>
  client.posts.create({ text: 'Quote of nothing', quoteTweetId: '1234' }), 403, /deleted or not visible/);
await refused('a text that is a number is refused', () =>
  client.posts.create({ text: 5 }), 400, /text.*integer found, string expected/);

// --- reading posts back ----------------------------------------------------------------------

const looked = await allowed('GET /2/tweets/:id with its author and attachments', () =>
  client.posts.getById(reply.data.id, { expansions: ['author_id', 'referenced_tweets.id'], userFields: ['profile_image_url'], postFields: ['attachments', 'author_id', 'referenced_tweets'] }));
ok(looked && looked.includes && looked.includes.users && looked.includes.users[0].username === me.data.username,
  'the lookup includes the author', looked);
ok(looked && looked.data.referencedTweets && looked.data.referencedTweets[0].type === 'replied_to' &&
  looked.data.referencedTweets[0].id === parent, 'the lookup says what the reply replies to', looked);
const pollLooked = await allowed('GET /2/tweets/:id with its poll', () =>
  client.posts.getById(poll.data.id, { expansions: ['attachments.poll_ids'], postFields: ['attachments'] }));
ok(pollLooked && pollLooked.includes && pollLooked.includes.polls[0].options.length === 4, 'the poll\'s options come back', pollLooked);
await allowed('the user\'s recent posts', () =>
  client.users.getPosts(me.data.id, { maxResults: 5, postFields: ['attachments', 'referenced_tweets'] }));

// --- subtitles -----------------------------------------------------------------------------------

const track = await allowed('subtitles uploaded one-shot (JSON)', () =>
  client.media.upload({ media: srt.toString('base64'), mediaCategory: 'subtitles' }));
const associated = await allowed('subtitles associated with the video', () => client.media.createSubtitles({
  id: clip.data.id, mediaCategory: 'TweetVideo', subtitles: { id: track.data.id, languageCode: 'en', displayName: 'English' },
}));
ok(associated && associated.data.id === clip.data.id, 'the association names the video', associated);
const removed = await allowed('subtitles removed by language', () =>
  client.media.deleteSubtitles({ id: clip.data.id, languageCode: 'en', mediaCategory: 'TweetVideo' }));
ok(removed && removed.data.deleted === true, 'the removal says it deleted them', removed);

// --- deleting --------------------------------------------------------------------------------------

await allowed('deleting a post', () => client.posts.delete(quote.data.id));
const gone = await allowed('looking up a deleted post answers', () => client.posts.getById(quote.data.id));
ok(gone && !gone.data && gone.errors && gone.errors[0].type === 'https://api.x.com/2/problems/resource-not-found',
  'a deleted post answers X\'s not-found problem', gone);

// --- requests as Tern makes them (multipart), for the answers' shapes ---------------------------

async function multipart (path, fields, media, type) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('media', new Blob([media], { type }), 'media');
  const r = await fetch(`${base}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token.access_token}` }, body: form });
  return { status: r.status, json: await r.json().catch(() => null) };
}
{
  const one = await multipart('/2/media/upload', { media_category: 'tweet_image', media_type: 'image/png' }, image, 'image/png');
  ok(one.status === 200, 'a multipart one-shot upload (as Tern sends it) is accepted', one);
  const gifBytes = stillGif(16, 16);
  if (gifBytes) {
    const asImage = await multipart('/2/media/upload', { media_category: 'tweet_image', media_type: 'image/gif' }, gifBytes, 'image/gif');
    ok(asImage.status === 400 && /media_type/.test(JSON.stringify(asImage.json)),
      'a GIF is not a one-shot media_type in the spec, and is refused there', asImage);
    const init = await client.media.initializeUpload({ totalBytes: gifBytes.length, mediaType: 'image/gif', mediaCategory: 'tweet_gif' });
    const seg = await multipart(`/2/media/upload/${init.data.id}/append`, { segment_index: '0' }, gifBytes, 'image/gif');
    ok(seg.status >= 200 && seg.status < 300, 'a multipart APPEND (as Tern sends it) is accepted', seg);
    const fin = await client.media.finalizeUpload(init.data.id);
    ok(fin.data.processingInfo !== undefined, 'a GIF sent chunked as tweet_gif is processed', fin);
  }
}

// --- every answer against the SDK's response types -------------------------------------------------

const checked = new Set();
for (const a of answers) {
  const typeName = responseType(a.method, a.path);
  if (!typeName || a.status >= 300 || a.json === undefined) continue;
  const problems = check(types, typeName, a.json, '$', { raw: typeName === 'OAuth2Token' });
  const key = `${a.method} ${a.path.replace(/\d{5,}/g, ':id')}`;
  if (problems.length > 0 || !checked.has(key)) {
    ok(problems.length === 0, `the answer to ${key} fits the SDK's ${typeName}`, ...problems, a.text.slice(0, 400));
    checked.add(key);
  }
}
for (const needed of ['POST /2/oauth2/token', 'GET /2/users/me', 'POST /2/media/upload', 'POST /2/media/upload/initialize',
  'POST /2/media/upload/:id/append', 'POST /2/media/upload/:id/finalize', 'GET /2/media/upload',
  'POST /2/media/metadata', 'POST /2/tweets', 'GET /2/tweets/:id', 'GET /2/users/:id/tweets']) {
  ok(checked.has(needed), `an answer to ${needed} (one Tern uses) was checked against the SDK's types`);
}

// --- twitter-api-v2, unchanged, against the simulator ------------------------------------------------

{
  const lib = join(modules, 'twitter-api-v2');
  if (!existsSync(lib)) bail('twitter-api-v2 is not installed in tests/node: run build-aux/install-deps.sh --with-tests');
  const { TwitterApi } = createRequire(import.meta.url)(lib);
  const { Agent } = await import('node:http');
  // Its documented settings for another host: a plugin that rewrites each
  // request's address, and an agent (the simulator speaks plain HTTP).
  const simHost = new URL(base);
  const hostPlugin = {
    onBeforeRequest ({ computedParams }) {
      computedParams.url.protocol = simHost.protocol;
      computedParams.url.host = simHost.host;
    },
  };
  const v2 = new TwitterApi(token.access_token, { plugins: [hostPlugin], httpAgent: new Agent() }).readWrite.v2;
  let uploaded = null;
  try {
    uploaded = await v2.uploadMedia(image, { media_type: 'image/png', media_category: 'tweet_image' });
    ok(typeof uploaded === 'string' && /^\d+$/.test(uploaded), 'twitter-api-v2 uploads an image');
  } catch (e) {
    ok(false, 'twitter-api-v2 uploads an image', e.message, JSON.stringify(e.data || {}));
  }
  try {
    const tweet = await v2.tweet('Hello from twitter-api-v2', uploaded ? { media: { media_ids: [uploaded] } } : {});
    ok(tweet.data && /^\d+$/.test(tweet.data.id), 'twitter-api-v2 posts', tweet);
  } catch (e) {
    ok(false, 'twitter-api-v2 posts', e.message, JSON.stringify(e.data || {}));
  }
}

console.log(`# @xdevplatform/xdk ${sdkVersion} against ${base}`);
console.log(`1..${n}`);
process.exit(failed === 0 ? 0 : 1);
