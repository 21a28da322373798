/**
 * Hook and bridge tokens at rest (issue 15): the database holds only their SHA-256 and a sealed copy,
 * requests are looked up by the hash, the API still lists working URLs (also a fleep webhook's
 * reply_url, on the wire too), and rotation and deletion kill the old URL at once — on PostgreSQL
 * on the other node too, through the hash-keyed notification, well before the cache's lifetime ends.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ENGINES, POSTGRES_AVAILABLE } from '../support/engines.ts';
import { createBridge, gatewayPost } from '../support/bridges.ts';
import { conversationWithHook } from '../support/hooks.ts';
import { startReceiver } from '../support/receiver.ts';
import { freshDatabase, startNode, type TestNode } from '../support/runtime.ts';
import { createWebhook, FAST_DELIVERY_ENV, postMessage } from '../support/webhooks.ts';

const tokenOf = (url: string): string => new URL(url).pathname.split('/').pop()!;
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Every column of every hooks and bridges row, as text. */
async function storedTokenRows(node: TestNode): Promise<string[]> {
  const rows = [...(await node.ctx.store.db.selectFrom('hooks').selectAll().execute()), ...(await node.ctx.store.db.selectFrom('bridges').selectAll().execute())];
  return rows.flatMap((row) => Object.values(row).map((value) => String(value)));
}

const postHook = (node: TestNode, url: string) =>
  node.app.inject({ method: 'POST', url: new URL(url).pathname, headers: { 'content-type': 'application/json' }, payload: { message: 'ping' } });
const postBridge = (node: TestNode, url: string, id: string) =>
  node.app.inject({ method: 'POST', url: new URL(url).pathname, headers: { 'content-type': 'application/json' }, payload: gatewayPost({ id, text: 'hi', chat: { id: 'c1' } }) });

/** Polls until `check` answers the status: far shorter than the 5 s cache lifetime, so only the notification explains it. */
async function statusSoon(check: () => Promise<{ statusCode: number }>, status: number, withinMs = 1000): Promise<void> {
  const deadline = Date.now() + withinMs;
  let last = 0;
  while (Date.now() < deadline) {
    if ((last = (await check()).statusCode) === status) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`expected ${status} within ${withinMs} ms, last answer ${last}`);
}

for (const engine of ENGINES) {
  test(`${engine}: the database holds no hook or bridge token; lookups by hash and listed URLs work`, async (t) => {
    const node = await startNode(t, engine, FAST_DELIVERY_ENV);
    const receiver = await startReceiver(t);
    const { conv, hook } = await conversationWithHook(node);
    const bridge = await createBridge(node);
    const webhook = await createWebhook(node, conv.id, { url: `${receiver.url}/fleep`, format: 'fleep' });
    const tokens = [hook.url, bridge.url, webhook.reply_url].map(tokenOf);
    for (const token of tokens) assert.match(token, /^[A-Za-z0-9_-]{22}$/);

    const stored = await storedTokenRows(node);
    assert.ok(stored.length > 0);
    for (const token of tokens) assert.ok(!stored.some((value) => value.includes(token)), `no column holds the token ${token}`);
    const hashes = (await node.ctx.store.db.selectFrom('hooks').select('token_hash').execute()).map((r) => r.token_hash);
    assert.deepEqual(hashes.sort(), [tokenOf(hook.url), tokenOf(webhook.reply_url)].map(sha256).sort(), 'hooks are stored by their SHA-256');
    const sealed = await node.ctx.store.db.selectFrom('bridges').select('token_sealed').executeTakeFirstOrThrow();
    assert.match(sealed.token_sealed, /^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]{30}$/, 'sealed as v1.<iv>.<tag>.<ciphertext>');

    // Listing returns the same, working URLs.
    const listed = (await node.app.inject({ url: `/api/v1/conversations/${conv.id}/hooks`, headers: node.auth })).json().hooks as { id: string; url: string }[];
    assert.deepEqual(listed.map((h) => h.url).sort(), [hook.url, webhook.reply_url].sort());
    assert.equal((await node.app.inject({ url: '/api/v1/bridges', headers: node.auth })).json().bridges[0].url, bridge.url);
    assert.equal((await node.app.inject({ url: `/api/v1/webhooks/${webhook.id}`, headers: node.auth })).json().reply_url, webhook.reply_url);
    assert.equal((await postHook(node, hook.url)).statusCode, 200);
    assert.equal((await postHook(node, webhook.reply_url)).statusCode, 200);
    assert.equal((await postBridge(node, bridge.url, 'm1')).statusCode, 200);
    assert.equal((await postHook(node, `${hook.url.slice(0, -1)}${hook.url.endsWith('A') ? 'B' : 'A'}`)).statusCode, 404, 'a near-miss token is unknown');
    // A stored hash in the URL is no credential either.
    assert.equal((await postHook(node, `${node.config.publicUrl}/hook/${sha256(tokenOf(hook.url))}`)).statusCode, 404);

    // The delivery's reply_url is built from the sealed token, and works.
    await postMessage(node, conv.id, 'build 7 passed');
    const [delivered] = await receiver.waitFor(1);
    assert.equal(JSON.parse(delivered.body).reply_url, webhook.reply_url);
  });

  test(`${engine}: rotating or deleting a hook, and deleting a bridge, kill the old URL at once`, async (t) => {
    const node = await startNode(t, engine);
    const { hook } = await conversationWithHook(node);
    const bridge = await createBridge(node);
    assert.equal((await postHook(node, hook.url)).statusCode, 200, 'cached as live');
    const rotated = (await node.app.inject({ method: 'POST', url: `/api/v1/hooks/${hook.id}/rotate`, headers: node.auth })).json();
    assert.equal((await postHook(node, hook.url)).statusCode, 404);
    assert.equal((await postHook(node, rotated.url)).statusCode, 200);
    const [row] = await node.ctx.store.db.selectFrom('hooks').select('token_hash').where('id', '=', hook.id).execute();
    assert.equal(row.token_hash, sha256(tokenOf(rotated.url)));
    assert.equal((await node.app.inject({ url: `/api/v1/conversations/${hook.conversation_id}/hooks`, headers: node.auth })).json().hooks[0].url, rotated.url);
    assert.equal((await node.app.inject({ method: 'DELETE', url: `/api/v1/hooks/${hook.id}`, headers: node.auth })).statusCode, 204);
    assert.equal((await postHook(node, rotated.url)).statusCode, 404);

    assert.equal((await postBridge(node, bridge.url, 'm1')).statusCode, 200);
    assert.equal((await node.app.inject({ method: 'DELETE', url: `/api/v1/bridges/${bridge.id}`, headers: node.auth })).statusCode, 204);
    assert.equal((await postBridge(node, bridge.url, 'm2')).statusCode, 404);
  });
}

test('postgres: rotation and deletion on one node kill the old URL on the other at once', { skip: !POSTGRES_AVAILABLE && 'PostgreSQL unreachable' }, async (t) => {
  const database = await freshDatabase(t, 'postgres');
  const a = await startNode(t, 'postgres', {}, { database });
  const b = await startNode(t, 'postgres', {}, { database: { ...database, DATA_DIR: `${database.DATA_DIR}/b` } });
  const { conv, hook } = await conversationWithHook(a);
  const bridge = await createBridge(a);
  assert.equal((await postHook(b, hook.url)).statusCode, 200, 'node b has the hook cached as live');
  assert.equal((await postBridge(b, bridge.url, 'm1')).statusCode, 200);
  const listedOnB = (await b.app.inject({ url: `/api/v1/conversations/${conv.id}/hooks`, headers: a.auth })).json().hooks;
  assert.equal(listedOnB[0].url, hook.url, 'node b opens what node a sealed');

  const rotated = (await a.app.inject({ method: 'POST', url: `/api/v1/hooks/${hook.id}/rotate`, headers: a.auth })).json();
  await statusSoon(() => postHook(b, hook.url), 404);
  assert.equal((await postHook(b, rotated.url)).statusCode, 200);
  assert.equal((await b.app.inject({ url: `/api/v1/conversations/${conv.id}/hooks`, headers: a.auth })).json().hooks[0].url, rotated.url);

  assert.equal((await a.app.inject({ method: 'DELETE', url: `/api/v1/hooks/${hook.id}`, headers: a.auth })).statusCode, 204);
  await statusSoon(() => postHook(b, rotated.url), 404);
  assert.equal((await a.app.inject({ method: 'DELETE', url: `/api/v1/bridges/${bridge.id}`, headers: a.auth })).statusCode, 204);
  assert.equal((await postBridge(b, bridge.url, 'm2')).statusCode, 404);
});
