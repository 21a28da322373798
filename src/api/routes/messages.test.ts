import { test } from 'node:test';
import assert from 'node:assert/strict';
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
