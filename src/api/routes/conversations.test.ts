import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../../../test/support/engines.ts';
import { startNode } from '../../../test/support/runtime.ts';

for (const engine of ENGINES) {
  test(`${engine}: conversations, members and visibility`, async (t) => {
    const node = await startNode(t, engine);
    const { app } = node;
    const created = await app.inject({ method: 'POST', url: '/api/v1/conversations', headers: node.auth, payload: { title: 'Stats' } });
    assert.equal(created.statusCode, 201);
    const conv = created.json();
    assert.equal(conv.title, 'Stats');
    assert.equal(conv.kind, 'team');
    assert.equal(conv.status, 'open');
    assert.match(conv.created_at, /^\d{4}-\d\d-\d\dT/);

    const list = await app.inject({ url: '/api/v1/conversations', headers: node.auth });
    assert.deepEqual(list.json().conversations.map((c: { id: string }) => c.id), [conv.id]);

    // Another user sees nothing and gets 404, not 403, until added.
    const bob = await node.newUser('Bob');
    assert.equal((await app.inject({ url: `/api/v1/conversations/${conv.id}`, headers: bob.auth })).statusCode, 404);
    assert.deepEqual((await app.inject({ url: '/api/v1/conversations', headers: bob.auth })).json().conversations, []);
    const post = await app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/messages`, headers: bob.auth, payload: { body: 'hi' } });
    assert.equal(post.statusCode, 404);
    assert.equal(post.json().error.code, 'conversation_not_found');

    const added = await app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/members`, headers: node.auth, payload: { email: bob.user.email } });
    assert.equal(added.statusCode, 201);
    assert.equal((await app.inject({ url: `/api/v1/conversations/${conv.id}`, headers: bob.auth })).statusCode, 200);
    const members = (await app.inject({ url: `/api/v1/conversations/${conv.id}/members`, headers: bob.auth })).json().members;
    assert.deepEqual(members.map((m: { name: string }) => m.name).sort(), ['Admin', 'Bob']);

    const removed = await app.inject({ method: 'DELETE', url: `/api/v1/conversations/${conv.id}/members/${bob.user.id}`, headers: node.auth });
    assert.equal(removed.statusCode, 204);
    assert.equal((await app.inject({ url: `/api/v1/conversations/${conv.id}`, headers: bob.auth })).statusCode, 404);
  });

  test(`${engine}: closing and reopening a conversation are events`, async (t) => {
    const node = await startNode(t, engine);
    const conv = (await node.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: node.auth, payload: { title: 'Desk', kind: 'support' } })).json();
    const closed = await node.app.inject({ method: 'PATCH', url: `/api/v1/conversations/${conv.id}`, headers: node.auth, payload: { status: 'closed' } });
    assert.equal(closed.json().status, 'closed');
    await node.app.inject({ method: 'PATCH', url: `/api/v1/conversations/${conv.id}`, headers: node.auth, payload: { status: 'open', title: 'Help desk' } });
    const types = (await node.ctx.store.db.selectFrom('events').select(['type', 'seq']).where('conversation_id', '=', conv.id).orderBy('seq').execute()).map((e) => e.type);
    assert.deepEqual(types, ['conversation.closed', 'conversation.reopened', 'conversation.updated']);
    const filtered = (await node.app.inject({ url: '/api/v1/conversations?kind=support&status=open', headers: node.auth })).json();
    assert.deepEqual(filtered.conversations.map((c: { title: string }) => c.title), ['Help desk']);
  });
}
