import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import multipart from '@fastify/multipart';
import Fastify from 'fastify';
import { BlobStore } from '../store/blobs/blob-store.ts';
import { mediaType, readHookRequest, registerHookParsers } from './read-hook-body.ts';
import type { RawHookRequest } from './types.ts';

/** What the dialects would be given for one request, seen through a route that only reads it. */
async function seen(t: TestContext, request: { url?: string; headers: Record<string, string>; payload: string | Buffer }): Promise<RawHookRequest> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sb-read-hook-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const blobs = new BlobStore(dir);
  const app = Fastify();
  t.after(() => app.close());
  registerHookParsers(app, 64 * 1024);
  await app.register(multipart);
  let read: RawHookRequest | undefined;
  app.post('/hook/:token', async (req) => {
    read = await readHookRequest(req, blobs, { fileLimitBytes: 1024 });
    await Promise.all(read.files.map((f) => blobs.discard(f.path)));
    return {};
  });
  const res = await app.inject({ method: 'POST', url: request.url ?? '/hook/t', headers: request.headers, payload: request.payload });
  assert.equal(res.statusCode, 200, res.body);
  return read!;
}

test('a JSON request carries its headers, media type, query and exact bytes', async (t) => {
  const payload = '{ "object_kind" : "push",\n  "ref": "main" }';
  const read = await seen(t, { url: '/hook/t?dialect=gitlab&wait=true', headers: { 'Content-Type': 'Application/JSON; charset=utf-8', 'X-Gitlab-Event': 'Push Hook' }, payload });
  assert.deepEqual(read.json, { object_kind: 'push', ref: 'main' });
  assert.equal(read.headers['x-gitlab-event'], 'Push Hook');
  assert.equal(read.headers['content-type'], 'Application/JSON; charset=utf-8');
  assert.equal(read.content_type, 'application/json');
  assert.deepEqual(read.query, { dialect: 'gitlab', wait: 'true' });
  assert.ok(Buffer.isBuffer(read.raw_body));
  assert.equal(read.raw_body.toString('utf8'), payload);
});

test('a form request keeps its bytes as sent, percent-escapes and all', async (t) => {
  const payload = 'payload=%7B%22text%22%3A%22hi%22%7D&x=1+2';
  const read = await seen(t, { headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-hub-signature-256': 'sha256=00' }, payload });
  assert.deepEqual([read.kind, read.form, read.content_type], ['form', { payload: '{"text":"hi"}', x: '1 2' }, 'application/x-www-form-urlencoded']);
  assert.equal(read.headers['x-hub-signature-256'], 'sha256=00');
  assert.equal(read.raw_body?.toString('utf8'), payload);
});

test('a multipart request has headers but no raw bytes: its parts were streamed', async (t) => {
  const b = 'bNd';
  const payload = `--${b}\r\nContent-Disposition: form-data; name="message"\r\n\r\nhi\r\n--${b}\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nabc\r\n--${b}--\r\n`;
  const read = await seen(t, { headers: { 'content-type': `multipart/form-data; boundary=${b}`, 'x-sender': 'curl' }, payload });
  assert.deepEqual([read.multipart, read.form, read.files.map((f) => f.filename)], [true, { message: 'hi' }, ['a.txt']]);
  assert.deepEqual([read.content_type, read.headers['x-sender'], read.raw_body], ['multipart/form-data', 'curl', null]);
});

test('mediaType', () => {
  assert.equal(mediaType(undefined), '');
  assert.equal(mediaType(''), '');
  assert.equal(mediaType(' Text/Plain ;charset=x'), 'text/plain');
  assert.equal(mediaType('application/vnd.api+json'), 'application/vnd.api+json');
});
