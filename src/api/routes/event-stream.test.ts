import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, POSTGRES_AVAILABLE } from '../../../test/support/engines.ts';
import { freshDatabase, startNode } from '../../../test/support/runtime.ts';
import { openSse } from '../../../test/support/sse.ts';

async function post(base: string, auth: Record<string, string>, conversationId: string, body: string) {
  const res = await fetch(`${base}/api/v1/conversations/${conversationId}/messages`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ body }) });
  assert.equal(res.status, 201);
  return res.json();
}

for (const engine of ENGINES) {
  test(`${engine}: committed messages stream live, and Last-Event-ID resumes`, async (t) => {
    const node = await startNode(t, engine, {}, { listen: true });
    const base = node.config.publicUrl;
    const conv = await (await fetch(`${base}/api/v1/conversations`, { method: 'POST', headers: { ...node.auth, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Live' }) })).json();
    await post(base, node.auth, conv.id, 'one');
    await post(base, node.auth, conv.id, 'two');

    const stream = await openSse(`${base}/api/v1/conversations/${conv.id}/events`, { ...node.auth, 'last-event-id': '1' });
    t.after(() => stream.close());
    const missed = await stream.next();
    assert.equal(missed.id, '2');
    assert.equal(missed.event, 'message.created');
    assert.equal(JSON.parse(missed.data).data.message.body, 'two');
    await post(base, node.auth, conv.id, 'three');
    const live = await stream.next();
    assert.equal(live.id, '3');
    assert.equal(JSON.parse(live.data).data.message.body, 'three');

    const outsider = await node.newUser('Eve');
    const denied = await fetch(`${base}/api/v1/conversations/${conv.id}/events`, { headers: outsider.auth });
    assert.equal(denied.status, 404);
  });
}

test('postgres: a stream on one node sees messages written through another node', { skip: !POSTGRES_AVAILABLE && 'PostgreSQL unreachable on this machine' }, async (t) => {
  const database = await freshDatabase(t, 'postgres');
  const a = await startNode(t, 'postgres', {}, { listen: true, database });
  const b = await startNode(t, 'postgres', {}, { listen: true, database });
  const conv = await (await fetch(`${a.config.publicUrl}/api/v1/conversations`, { method: 'POST', headers: { ...a.auth, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Two nodes' }) })).json();
  const stream = await openSse(`${b.config.publicUrl}/api/v1/conversations/${conv.id}/events`, a.auth);
  t.after(() => stream.close());
  await post(a.config.publicUrl, a.auth, conv.id, 'from node A');
  const event = await stream.next();
  assert.equal(JSON.parse(event.data).data.message.body, 'from node A');
});

test('an in-process request (app.inject) opens the event stream too', async (t) => {
  const node = await startNode(t, 'sqlite');
  const conv = (await node.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: node.auth, payload: { title: 'Injected' } })).json();
  const res = await node.app.inject({ url: `/api/v1/conversations/${conv.id}/events`, headers: node.auth, payloadAsStream: true });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /text\/event-stream/);
  res.stream().destroy();
});
