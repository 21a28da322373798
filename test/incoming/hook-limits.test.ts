/** Bad input and limits at the hook URL: clear errors, nothing stored, and the server keeps serving. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../support/engines.ts';
import { conversationWithHook, countRows, messagesOf } from '../support/hooks.ts';
import { startNode } from '../support/runtime.ts';

const LIMITS = { HOOK_BODY_LIMIT_BYTES: '32KiB', HOOK_FILE_LIMIT_BYTES: '8KiB', HOOK_FILES_PER_REQUEST: '2', HOOK_RATE_PER_MINUTE: '1000' };

function multipart(parts: { name: string; filename?: string; type?: string; data: string | Buffer }[], boundary = 'xYzBoundary'): { headers: Record<string, string>; payload: Buffer } {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(chunks) };
}

for (const engine of ENGINES) {
  test(`${engine}: every rejected hook request answers a clear error and stores nothing`, async (t) => {
    const node = await startNode(t, engine, LIMITS);
    const { conv, path } = await conversationWithHook(node);
    const json = { 'content-type': 'application/json' };
    const deep = `{"message":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const truncated = multipart([{ name: 'message', data: 'hello' }, { name: 'files', filename: 'a.txt', type: 'text/plain', data: 'abc' }]);
    const cases = [
      { name: 'malformed JSON', headers: json, payload: '{"message": "x"', status: 400, code: 'malformed_json' },
      { name: 'JSON nested 10,000 levels', headers: json, payload: deep, status: 422, code: 'invalid_payload' },
      { name: 'invalid UTF-8', headers: json, payload: Buffer.from([0x7b, 0x22, 0x6d, 0x65, 0x73, 0x73, 0x61, 0x67, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), status: 400, code: 'malformed_request' },
      { name: 'unsupported content type', headers: { 'content-type': 'application/xml' }, payload: '<message>x</message>', status: 415, code: 'unsupported_content_type' },
      { name: 'no text and no file', headers: json, payload: '{"message": ""}', status: 422, code: 'empty_message' },
      { name: 'empty JSON object', headers: json, payload: '{}', status: 422, code: 'empty_message' },
      { name: 'no body at all', headers: {}, payload: undefined, status: 422, code: 'empty_message' },
      { name: 'body over the limit', headers: json, payload: JSON.stringify({ message: 'x'.repeat(40_000) }), status: 413, code: 'payload_too_large' },
      { name: 'form over the limit', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `message=${'x'.repeat(40_000)}`, status: 413, code: 'payload_too_large' },
      { name: 'file over the limit', ...multipart([{ name: 'message', data: 'big' }, { name: 'files', filename: 'big.bin', type: 'application/octet-stream', data: Buffer.alloc(9000, 1) }]), status: 413, code: 'payload_too_large' },
      { name: 'too many files', ...multipart([1, 2, 3].map((i) => ({ name: 'files', filename: `f${i}.txt`, type: 'text/plain', data: `file ${i}` }))), status: 413, code: 'payload_too_large' },
      { name: 'truncated multipart', headers: truncated.headers, payload: truncated.payload.subarray(0, truncated.payload.length - 30), status: 400, code: 'malformed_request' },
      { name: 'wrong field type', headers: json, payload: '{"message": 5}', status: 422, code: 'invalid_payload' },
    ];
    for (const c of cases) {
      const res = await node.app.inject({ method: 'POST', url: path, headers: c.headers, payload: c.payload });
      assert.equal(res.statusCode, c.status, `${c.name}: ${res.body}`);
      assert.equal(res.json().error.code, c.code, c.name);
      assert.ok(res.json().error.message.length > 0, c.name);
    }
    assert.deepEqual(await countRows(node), { messages: 0, attachments: 0, cases: 0 });
    const unknown = await node.app.inject({ method: 'POST', url: '/hook/AAAAAAAAAAAAAAAAAAAAAA', headers: json, payload: '{"message":"x"}' });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'hook_not_found');
    // still serving
    const ok = await node.app.inject({ method: 'POST', url: path, headers: json, payload: '{"message":"still here"}' });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual((await messagesOf(node, conv.id)).map((m) => m.body), ['still here']);
  });

  test(`${engine}: a hook over its rate answers 429 with Retry-After`, async (t) => {
    const node = await startNode(t, engine, { HOOK_RATE_PER_MINUTE: '3' });
    const { path } = await conversationWithHook(node);
    const statuses = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await node.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json' }, payload: { message: `m${i}` } });
      statuses.push(last.statusCode);
    }
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    assert.equal(last!.json().error.code, 'rate_limited');
    assert.ok(Number(last!.headers['retry-after']) > 0);
    assert.equal((await countRows(node)).messages, 3);
  });

  test(`${engine}: deleting a hook kills its URL at once; rotating replaces it`, async (t) => {
    const node = await startNode(t, engine);
    const { hook, path } = await conversationWithHook(node);
    const post = (p: string) => node.app.inject({ method: 'POST', url: p, headers: { 'content-type': 'application/json' }, payload: { message: 'x' } });
    assert.equal((await post(path)).statusCode, 200);
    const rotated = (await node.app.inject({ method: 'POST', url: `/api/v1/hooks/${hook.id}/rotate`, headers: node.auth })).json();
    assert.notEqual(rotated.url, hook.url);
    assert.match(rotated.url, /\/hook\/[A-Za-z0-9_-]{22}$/);
    assert.equal((await post(path)).statusCode, 404);
    const newPath = new URL(rotated.url).pathname;
    assert.equal((await post(newPath)).statusCode, 200);
    assert.equal((await node.app.inject({ method: 'DELETE', url: `/api/v1/hooks/${hook.id}`, headers: node.auth })).statusCode, 204);
    assert.equal((await post(newPath)).statusCode, 404);
    assert.deepEqual((await node.app.inject({ url: `/api/v1/conversations/${hook.conversation_id}/hooks`, headers: node.auth })).json().hooks, []);
    const outsider = await node.newUser('Mallory');
    assert.equal((await node.app.inject({ method: 'DELETE', url: `/api/v1/hooks/${hook.id}`, headers: outsider.auth })).statusCode, 404);
  });
}
