import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, POSTGRES_AVAILABLE } from '../../test/support/engines.ts';
import { conversationWithHook } from '../../test/support/hooks.ts';
import { defer, freshDatabase, startNode } from '../../test/support/runtime.ts';
import { openStore } from './store.ts';
import { SharedRateCounts } from './shared-rate-counts.ts';

const MINUTE = 60_000;
const T0 = 1_800_000_000_000; // a window start (a multiple of a minute)

for (const engine of ENGINES) {
  test(`${engine}: two nodes' counts add up after they sync, without storing the key`, async (t) => {
    const env = await freshDatabase(t, engine);
    const store = await openStore({ databaseUrl: env.DATABASE_URL ?? '', dataDir: env.DATA_DIR, writeBatchMax: 64 });
    defer(t, () => store.close());
    const a = new SharedRateCounts(store.db, 1000);
    const b = new SharedRateCounts(store.db, 1000);
    const id = 'bucket-1';
    for (let i = 0; i < 3; i++) a.increment(id, MINUTE, T0 + 1000);
    await a.sync(T0 + 2000);
    // B learns A's three on its own next sync; until then it only knows its own.
    assert.equal(b.increment(id, MINUTE, T0 + 3000).current, 1);
    await b.sync(T0 + 4000);
    assert.equal(b.increment(id, MINUTE, T0 + 5000).current, 5);
    await b.sync(T0 + 6000);
    await a.sync(T0 + 6000);
    assert.equal(a.increment(id, MINUTE, T0 + 7000).current, 6);
    const rows = await store.db.selectFrom('rate_counts').selectAll().execute();
    assert.deepEqual(rows.map((r) => [r.bucket, Number(r.window_start), Number(r.count)]), [[id, T0, 5]]);
  });
}

for (const engine of ENGINES) {
  test(`${engine}: take() reads the clock it is given; a window boundary between two nodes' requests still counts the earlier ones`, async (t) => {
    const env = await freshDatabase(t, engine);
    const store = await openStore({ databaseUrl: env.DATABASE_URL ?? '', dataDir: env.DATA_DIR, writeBatchMax: 64 });
    defer(t, () => store.close());
    let clock = T0 + MINUTE - 500;
    const a = new SharedRateCounts(store.db, 1000, { now: () => clock });
    const b = new SharedRateCounts(store.db, 1000, { now: () => clock });
    const id = 'bucket-2';
    for (let i = 1; i <= 3; i++) assert.equal((await a.take(id, MINUTE)).current, i);
    await a.sync();
    clock = T0 + MINUTE + 200;
    // B's first request in the new window reads A's three from the one before, nearly all still within the minute.
    assert.deepEqual(await b.take(id, MINUTE), { current: 4, ttl: MINUTE - 200 });
    assert.equal((await b.take(id, MINUTE)).current, 5);
    await b.sync();
    await a.sync();
    assert.equal((await a.take(id, MINUTE)).current, 6);
    // A's first request read the window before its own too, so its sync wrote that one as well (0).
    const rows = await store.db.selectFrom('rate_counts').selectAll().orderBy('window_start').execute();
    assert.deepEqual(rows.map((r) => [r.bucket, Number(r.window_start), Number(r.count)]), [[id, T0 - MINUTE, 0], [id, T0, 3], [id, T0 + MINUTE, 2]]);
  });
}

test('the previous window still counts in proportion, so a boundary does not reset a client', async (t) => {
  const env = await freshDatabase(t, 'sqlite');
  const store = await openStore({ databaseUrl: '', dataDir: env.DATA_DIR, writeBatchMax: 64 });
  defer(t, () => store.close());
  const counts = new SharedRateCounts(store.db, 1000);
  for (let i = 0; i < 10; i++) counts.increment('k', MINUTE, T0 + MINUTE - 100);
  // 100 ms into the next window, nearly all of the previous one is within the last minute.
  assert.equal(counts.increment('k', MINUTE, T0 + MINUTE + 100).current, 11);
  // Half-way through, half of it is.
  assert.equal(counts.increment('k', MINUTE, T0 + MINUTE + MINUTE / 2).current, 2 + 5);
  // A window with nothing before it starts from its own count.
  assert.equal(counts.increment('k', MINUTE, T0 + 3 * MINUTE + 1).current, 1);
});

test('postgres: a hook rate limit holds across two nodes', { skip: !POSTGRES_AVAILABLE && 'PostgreSQL unreachable' }, async (t) => {
  const database = await freshDatabase(t, 'postgres');
  // Syncs are driven by the test (the interval is long), so the figures are exact.
  const env = { HOOK_RATE_PER_MINUTE: '4', RATE_LIMIT_SYNC_MS: '3600000' };
  const first = await startNode(t, 'postgres', env, { database });
  const second = await startNode(t, 'postgres', env, { database });
  const { path } = await conversationWithHook(first);
  // The nodes count on the real clock; a minute boundary crossed meanwhile changes no figure, since
  // the window before carries over nearly whole in the seconds after it (the clock test above).
  const post = (node: typeof first) => node.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json' }, payload: { message: 'disk full' } });

  for (let i = 0; i < 3; i++) assert.equal((await post(first)).statusCode, 200);
  await first.ctx.rateCounts!.sync();
  // The other node's first request reads the shared count.
  assert.equal((await post(second)).statusCode, 200, 'the fourth, on the other node');
  const limited = await post(second);
  assert.equal(limited.statusCode, 429, 'the fifth: the limit counts both nodes');
  assert.equal(limited.json().error.code, 'rate_limited');
  await second.ctx.rateCounts!.sync();
  await first.ctx.rateCounts!.sync();
  assert.equal((await post(first)).statusCode, 429, 'the first node now knows too');
});

test('postgres: the bot reply limit holds across two nodes', { skip: !POSTGRES_AVAILABLE && 'PostgreSQL unreachable' }, async (t) => {
  const database = await freshDatabase(t, 'postgres');
  const env = { BOT_REPLIES_PER_MINUTE: '3', RATE_LIMIT_SYNC_MS: '3600000' };
  const first = await startNode(t, 'postgres', env, { database });
  const second = await startNode(t, 'postgres', env, { database });
  const conv = (await first.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: first.auth, payload: { title: 'Bots' } })).json();
  const key = (await first.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: first.auth, payload: { name: 'Echo bot', conversation_ids: [conv.id] } })).json();
  const reply = (node: typeof first) => node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/reply?auth_token=${key.token}`, payload: { body: 'echo' } });

  assert.equal((await reply(first)).statusCode, 201);
  assert.equal((await reply(first)).statusCode, 201);
  await first.ctx.rateCounts!.sync();
  assert.equal((await reply(second)).statusCode, 201, 'the third, on the other node');
  assert.equal((await reply(second)).statusCode, 429, 'the fourth: both nodes count');
});
