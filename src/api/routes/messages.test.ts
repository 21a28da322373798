import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { MAX_BODY_CHARS } from './messages.ts';
import { ENGINES } from '../../../test/support/engines.ts';
import { startNode } from '../../../test/support/runtime.ts';

for (const engine of ENGINES) {
  test(`${engine}: messages are posted as the caller and paged oldest first`, async (t) => {
    const node = await startNode(t, engine);
    const { app } = node;
    const conv = (await app.inject({ method: 'POST', url: '/api/v1/conversations', headers: node.auth, payload: { title: 'Paging' } })).json();
    const url = `/api/v1/conversations/${conv.id}/messages`;
    for (let i = 1; i <= 7; i++) {
      const res = await app.inject({ method: 'POST', url, headers: node.auth, payload: { body: `m${i}` } });
      assert.equal(res.statusCode, 201);
      const msg = res.json();
      assert.equal(msg.seq, i);
      assert.deepEqual(msg.sender, { type: 'user', id: node.admin.id, name: 'Admin', avatar_url: null });
      assert.deepEqual(msg.attachments, []);
    }
    const bodies = async (query: string) => (await app.inject({ url: `${url}?${query}`, headers: node.auth })).json().messages.map((m: { body: string }) => m.body);
    assert.deepEqual(await bodies(''), ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
    assert.deepEqual(await bodies('limit=3'), ['m5', 'm6', 'm7']);
    assert.deepEqual(await bodies('limit=3&before=5'), ['m2', 'm3', 'm4']);
    assert.deepEqual(await bodies('limit=2&after=2'), ['m3', 'm4']);
    assert.deepEqual(await bodies('after=2&before=5'), ['m3', 'm4']);
  });

  test(`${engine}: concurrent posts get distinct consecutive sequence numbers`, async (t) => {
    const node = await startNode(t, engine);
    const conv = (await node.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: node.auth, payload: { title: 'Busy' } })).json();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/messages`, headers: node.auth, payload: { body: `n${i}` } })),
    );
    assert.ok(results.every((r) => r.statusCode === 201));
    const seqs = results.map((r) => r.json().seq).sort((a, b) => a - b);
    assert.deepEqual(seqs, Array.from({ length: 40 }, (_, i) => i + 1));
  });

  test(`${engine}: bad input is refused with the contract's error body and stores nothing`, async (t) => {
    const node = await startNode(t, engine, { API_BODY_LIMIT_BYTES: '2KiB' });
    const { app } = node;
    const conv = (await app.inject({ method: 'POST', url: '/api/v1/conversations', headers: node.auth, payload: { title: 'Strict' } })).json();
    const url = `/api/v1/conversations/${conv.id}/messages`;
    const json = { ...node.auth, 'content-type': 'application/json' };
    const cases = [
      { name: 'malformed JSON', payload: '{"body": ', headers: json, status: 400, code: 'malformed_json' },
      { name: 'missing field', payload: '{}', headers: json, status: 422, code: 'invalid_field', message: /body/ },
      { name: 'wrong type', payload: '{"body": 5}', headers: json, status: 422, code: 'invalid_field', message: /body/ },
      { name: 'unknown field', payload: '{"body": "x", "bogus": 1}', headers: json, status: 422, code: 'invalid_field', message: /bogus/ },
      { name: 'empty body', payload: '{"body": "  "}', headers: json, status: 422, code: 'empty_message' },
      { name: 'over the limit', payload: JSON.stringify({ body: 'x'.repeat(4096) }), headers: json, status: 413, code: 'payload_too_large' },
      { name: 'unsupported type', payload: 'body=x', headers: { ...node.auth, 'content-type': 'text/csv' }, status: 415, code: 'unsupported_content_type' },
      { name: 'no credentials', payload: '{"body": "x"}', headers: { 'content-type': 'application/json' }, status: 401, code: 'unauthorized' },
      { name: 'bad credentials', payload: '{"body": "x"}', headers: { authorization: 'Bearer sb_nope', 'content-type': 'application/json' }, status: 401, code: 'unauthorized' },
    ];
    for (const c of cases) {
      const res = await app.inject({ method: 'POST', url, headers: c.headers, payload: c.payload });
      assert.equal(res.statusCode, c.status, c.name);
      const body = res.json();
      assert.equal(body.error.code, c.code, c.name);
      assert.equal(typeof body.error.message, 'string');
      if (c.message) assert.match(body.error.message, c.message, c.name);
    }
    const unknown = await app.inject({ url: '/api/v1/nothing-here', headers: node.auth });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'not_found');
    const stored = await node.ctx.store.db.selectFrom('messages').select('id').execute();
    assert.equal(stored.length, 0);
  });
}

/** A multipart body as a browser's FormData would send it. */
async function multipartOf(fields: Record<string, string | undefined>, files: { name: string; type: string; bytes: Uint8Array; field?: string }[]): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) form.append(k, v);
  for (const f of files) form.append(f.field ?? 'files', new Blob([f.bytes.slice()], { type: f.type }), f.name);
  const request = new Request('http://127.0.0.1/', { method: 'POST', body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), headers: { 'content-type': request.headers.get('content-type')! } };
}

const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));
const TEXT = new TextEncoder().encode('first line\nsecond line: ünïcode\n');

for (const engine of ENGINES) {
  test(`${engine}: multipart posts store files that download with their exact bytes`, async (t) => {
    const node = await startNode(t, engine);
    const { app } = node;
    const conv = (await app.inject({ method: 'POST', url: '/api/v1/conversations', headers: node.auth, payload: { title: 'Files' } })).json();
    const url = `/api/v1/conversations/${conv.id}/messages`;
    const cases = [
      { name: 'body and two files', fields: { body: 'see attached' }, files: [{ name: 'notes.txt', type: 'text/plain', bytes: TEXT }, { name: '../../pixel.png', type: 'image/png', bytes: PNG }], stored: ['notes.txt', 'pixel.png'] },
      { name: 'a file without a body', fields: {}, files: [{ name: 'only.png', type: 'image/png', bytes: PNG }], stored: ['only.png'] },
    ];
    for (const c of cases) {
      const { payload, headers } = await multipartOf(c.fields, c.files);
      const res = await app.inject({ method: 'POST', url, headers: { ...node.auth, ...headers }, payload });
      assert.equal(res.statusCode, 201, `${c.name}: ${res.body}`);
      const msg = res.json();
      assert.equal(msg.body, (c.fields as { body?: string }).body ?? '', c.name);
      assert.deepEqual(msg.attachments.map((a: { name: string }) => a.name), c.stored, c.name);
      for (const [i, attachment] of msg.attachments.entries()) {
        assert.equal(attachment.kind, 'file');
        assert.equal(attachment.content_type, c.files[i].type);
        assert.equal(attachment.size, c.files[i].bytes.length);
        const download = await app.inject({ url: new URL(attachment.url).pathname, headers: node.auth });
        assert.equal(download.statusCode, 200, c.name);
        assert.deepEqual(download.rawPayload, Buffer.from(c.files[i].bytes), `${c.name}: ${attachment.name} has its exact bytes`);
      }
    }
    const listed = (await app.inject({ url, headers: node.auth })).json().messages;
    assert.equal(listed.length, 2);
    assert.deepEqual(await readdir(path.join(node.config.dataDir, 'files', 'tmp')), [], 'no temporary files are left');
  });

  test(`${engine}: multipart posts over the limits or empty are refused and leave nothing behind`, async (t) => {
    const node = await startNode(t, engine, { HOOK_FILE_LIMIT_BYTES: '1KiB', HOOK_FILES_PER_REQUEST: '2' });
    const { app } = node;
    const conv = (await app.inject({ method: 'POST', url: '/api/v1/conversations', headers: node.auth, payload: { title: 'Limits' } })).json();
    const url = `/api/v1/conversations/${conv.id}/messages`;
    const small = { name: 'a.txt', type: 'text/plain', bytes: TEXT };
    const cases = [
      { name: 'file over the limit', fields: { body: 'big' }, files: [{ ...small, bytes: new Uint8Array(1025).fill(65) }], status: 413, code: 'payload_too_large' },
      { name: 'too many files', fields: { body: 'many' }, files: [small, small, small], status: 413, code: 'payload_too_large' },
      { name: 'body over the limit', fields: { body: 'x'.repeat(MAX_BODY_CHARS + 1) }, files: [small], status: 422, code: 'invalid_field' },
      { name: 'no body, no file', fields: {}, files: [], status: 422, code: 'empty_message' },
      { name: 'blank body, no file', fields: { body: '  \n' }, files: [], status: 422, code: 'empty_message' },
      { name: 'unknown field', fields: { body: 'x', bogus: '1' }, files: [small], status: 422, code: 'invalid_field' },
      { name: 'file under another name', fields: { body: 'x' }, files: [{ ...small, field: 'attachment' }], status: 422, code: 'invalid_field' },
    ];
    for (const c of cases) {
      const { payload, headers } = await multipartOf(c.fields, c.files);
      const res = await app.inject({ method: 'POST', url, headers: { ...node.auth, ...headers }, payload });
      assert.equal(res.statusCode, c.status, `${c.name}: ${res.body}`);
      assert.equal(res.json().error.code, c.code, c.name);
    }
    assert.equal((await node.ctx.store.db.selectFrom('messages').select('id').execute()).length, 0);
    assert.equal((await node.ctx.store.db.selectFrom('attachments').select('id').execute()).length, 0);
    const tmp = path.join(node.config.dataDir, 'files', 'tmp');
    assert.deepEqual(await readdir(tmp).catch(() => []), [], 'temporary files are discarded');
  });
}
