import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../../../test/support/engines.ts';
import { startNode } from '../../../test/support/runtime.ts';

for (const engine of ENGINES) {
  test(`${engine}: API keys are shown once, listed by prefix, scoped and revocable`, async (t) => {
    const node = await startNode(t, engine);
    const { app } = node;
    const mine = (await app.inject({ method: 'POST', url: '/api/v1/conversations', headers: node.auth, payload: { title: 'Bot room' } })).json();
    const other = (await app.inject({ method: 'POST', url: '/api/v1/conversations', headers: node.auth, payload: { title: 'Private' } })).json();

    const created = await app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: node.auth, payload: { name: 'Stats bot', conversation_ids: [mine.id] } });
    assert.equal(created.statusCode, 201);
    const key = created.json();
    assert.match(key.token, /^sb_[A-Za-z0-9_-]{43}$/);
    assert.ok(key.token.startsWith(key.prefix));
    const stored = await node.ctx.store.db.selectFrom('api_keys').selectAll().where('id', '=', key.id).executeTakeFirstOrThrow();
    assert.notEqual(stored.token_hash, key.token, 'only a hash is stored');
    assert.equal(stored.token_hash.length, 64);

    const listed = (await app.inject({ url: '/api/v1/api-keys', headers: node.auth })).json().api_keys;
    const entry = listed.find((k: { id: string }) => k.id === key.id);
    assert.equal(entry.prefix, key.prefix);
    assert.equal(entry.token, undefined, 'the token is never listed');

    const bot = { authorization: `Bearer ${key.token}` };
    assert.equal((await app.inject({ url: '/api/v1/me', headers: bot })).json().id, node.admin.id);
    assert.equal((await app.inject({ url: `/api/v1/conversations/${mine.id}`, headers: bot })).statusCode, 200);
    assert.equal((await app.inject({ url: `/api/v1/conversations/${other.id}`, headers: bot })).statusCode, 404, 'outside its scope');
    assert.deepEqual((await app.inject({ url: '/api/v1/conversations', headers: bot })).json().conversations.map((c: { id: string }) => c.id), [mine.id]);

    const notMine = await app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: node.auth, payload: { name: 'x', conversation_ids: ['conv_nope'] } });
    assert.equal(notMine.statusCode, 422);
    assert.match(notMine.json().error.message, /conversation_ids/);

    assert.equal((await app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${key.id}`, headers: node.auth })).statusCode, 204);
    assert.equal((await app.inject({ url: '/api/v1/me', headers: bot })).statusCode, 401, 'revoked');
    assert.equal((await app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${key.id}`, headers: node.auth })).statusCode, 404);
  });

  test(`${engine}: only admins manage users; the bootstrap token creates the first admin`, async (t) => {
    const node = await startNode(t, engine, { SWITCHBOARD_ADMIN_TOKEN: 'bootstrap-secret-token-0123456789' });
    const boot = { authorization: 'Bearer bootstrap-secret-token-0123456789' };
    const me = (await node.app.inject({ url: '/api/v1/me', headers: boot })).json();
    assert.equal(me.role, 'admin');
    const made = await node.app.inject({ method: 'POST', url: '/api/v1/users', headers: boot, payload: { email: 'Carol@Example.test', name: 'Carol', password: 'long enough' } });
    assert.equal(made.statusCode, 201);
    assert.equal(made.json().email, 'carol@example.test');
    const dup = await node.app.inject({ method: 'POST', url: '/api/v1/users', headers: boot, payload: { email: 'carol@example.test', name: 'C2' } });
    assert.equal(dup.statusCode, 409);
    const short = await node.app.inject({ method: 'POST', url: '/api/v1/users', headers: boot, payload: { email: 'd@example.test', name: 'D', password: 'short' } });
    assert.equal(short.statusCode, 422);
    assert.match(short.json().error.message, /password/);
    const member = await node.newUser('Dave');
    assert.equal((await node.app.inject({ url: '/api/v1/users', headers: member.auth })).statusCode, 403);
  });
}
