import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startNode } from '../../test/support/runtime.ts';

test('every answer carries its request id: a given one is kept, errors and unknown routes included', async (t) => {
  const node = await startNode(t, 'sqlite');
  const ok = await node.app.inject({ url: '/api/v1/me', headers: node.auth });
  assert.equal(ok.statusCode, 200);
  assert.match(String(ok.headers['x-request-id']), /^[0-9a-f-]{36}$/);

  const given = await node.app.inject({ url: '/api/v1/me', headers: { ...node.auth, 'x-request-id': 'trace-42' } });
  assert.equal(given.headers['x-request-id'], 'trace-42');

  for (const [url, status] of [['/api/v1/me', 401], ['/no/such/route', 404]] as const) {
    const res = await node.app.inject({ url });
    assert.equal(res.statusCode, status);
    assert.match(String(res.headers['x-request-id']), /^[0-9a-f-]{36}$/, `${url} answers with an id`);
  }
  const hook = await node.app.inject({ method: 'POST', url: '/hook/not-a-token', payload: { message: 'x' } });
  assert.equal(hook.statusCode, 404);
  assert.ok(hook.headers['x-request-id']);
});
