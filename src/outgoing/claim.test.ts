/**
 * The claim rules on both engines, on rows written directly: an ordered line yields only its head
 * (extended into a run), dead and delivered rows do not block, parallel webhooks and manual
 * retries bypass the line, expired leases are claimed again, competing claimers never share a row,
 * and a start gives back the leases its previous process left (its own; every one on SQLite).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { ENGINES } from '../../test/support/engines.ts';
import { defer, freshDatabase } from '../../test/support/runtime.ts';
import type { Database, DeliveriesTable } from '../store/schema.ts';
import { openStore, type Store } from '../store/store.ts';
import { claimDueDeliveries, continueRun, releaseDeliveries, releaseStaleLeases, type ClaimOptions } from './claim.ts';
import { writeOutgoing } from './outgoing-write.ts';

const NOW = 1_700_000_000_000;

async function seed(db: Kysely<Database>, webhooks: { id: string; parallel?: boolean; status?: 'active' | 'paused' }[]) {
  await db.insertInto('conversations').values({ id: 'cnv_1', title: 'c', kind: 'team', status: 'open', created_by: null, last_seq: 0, created_at: NOW, updated_at: NOW } as never).execute();
  for (const w of webhooks) {
    await db.insertInto('webhooks').values({
      id: w.id, conversation_id: 'cnv_1', url: 'http://127.0.0.1:9', format: 'standard', events: '[]', filters: '{}', secret: 'whsec_x',
      previous_secret: null, previous_secret_until: null, status: w.status ?? 'active', parallel: w.parallel ? 1 : 0, reply_hook_id: null,
      failing_since: null, disabled_reason: null, created_by: null, created_at: NOW, updated_at: NOW,
    }).execute();
  }
}

type Row = Partial<DeliveriesTable> & { id: string; webhook_id: string; seq: number };
async function deliveries(db: Kysely<Database>, rows: Row[]) {
  await db.insertInto('deliveries').values(rows.map((r) => ({
    conversation_id: 'cnv_1', event_id: `evt_${r.id}`, event_type: 'message.created', sample: null, ordered: 1, status: 'pending' as const,
    attempts: 0, auto_attempts: 0, manual_retry: 0, next_attempt_at: NOW, lease_owner: null, lease_until: null,
    last_status_code: null, last_error: null, created_at: NOW, updated_at: NOW, ...r,
  }))).execute();
}

const options = (store: Store, owner: string, extra: Partial<ClaimOptions> = {}): ClaimOptions => ({ engine: store.engine, owner, now: NOW, leaseMs: 60_000, limit: 10, runMax: 3, ...extra });
const claimIds = async (store: Store, owner: string, extra: Partial<ClaimOptions> = {}) =>
  (await writeOutgoing(store, (db) => claimDueDeliveries(db, options(store, owner, extra)), { atomic: false })).map((run) => run.deliveries.map((d) => d.id));

for (const engine of ENGINES) {
  test(`${engine}: an ordered line gives its head, extended into a run; a failed head blocks the line`, async (t) => {
    const env = await freshDatabase(t, engine);
    const store = await openStore({ databaseUrl: env.DATABASE_URL ?? '', dataDir: env.DATA_DIR, writeBatchMax: 64 });
    defer(t, () => store.close());
    await seed(store.db, [{ id: 'whk_a' }, { id: 'whk_paused', status: 'paused' }]);
    await deliveries(store.db, [
      { id: 'd0', webhook_id: 'whk_a', seq: 1, status: 'dead', next_attempt_at: null },
      { id: 'd1', webhook_id: 'whk_a', seq: 2 },
      { id: 'd2', webhook_id: 'whk_a', seq: 3 },
      { id: 'd3', webhook_id: 'whk_a', seq: 4 },
      { id: 'd4', webhook_id: 'whk_a', seq: 5 },
      { id: 'p1', webhook_id: 'whk_paused', seq: 1 },
    ]);
    assert.deepEqual(await claimIds(store, 'w1'), [['d1', 'd2', 'd3']], 'the dead row does not block; runMax 3; paused webhooks wait');
    assert.deepEqual(await claimIds(store, 'w2'), [], 'the line is held');
    const held = await store.db.selectFrom('deliveries').selectAll().where('id', '=', 'd3').executeTakeFirstOrThrow();
    assert.deepEqual((await writeOutgoing(store, (db) => continueRun(db, held, options(store, 'w1')))).map((d) => d.id), ['d4']);

    // d1 fails (retry later), the rest is given back: nothing of the line may go before d1.
    await store.db.updateTable('deliveries').set({ status: 'failed', auto_attempts: 1, next_attempt_at: NOW + 5000, lease_owner: null, lease_until: null }).where('id', '=', 'd1').execute();
    await writeOutgoing(store, (db) => releaseDeliveries(db, ['d2', 'd3', 'd4'], 'w1', NOW));
    assert.deepEqual(await claimIds(store, 'w2'), []);
    assert.deepEqual(await claimIds(store, 'w2', { now: NOW + 5000 }), [['d1', 'd2', 'd3']], 'when d1 is due, the line moves again');
  });

  test(`${engine}: parallel webhooks and manual retries bypass the line; expired leases are claimed again`, async (t) => {
    const env = await freshDatabase(t, engine);
    const store = await openStore({ databaseUrl: env.DATABASE_URL ?? '', dataDir: env.DATA_DIR, writeBatchMax: 64 });
    defer(t, () => store.close());
    await seed(store.db, [{ id: 'whk_o' }, { id: 'whk_p', parallel: true }]);
    await deliveries(store.db, [
      { id: 'o1', webhook_id: 'whk_o', seq: 1, status: 'failed', next_attempt_at: NOW + 60_000 },
      { id: 'o2', webhook_id: 'whk_o', seq: 2, status: 'dead', next_attempt_at: null, manual_retry: 1 },
      { id: 'p1', webhook_id: 'whk_p', seq: 1, ordered: 0 },
      { id: 'p2', webhook_id: 'whk_p', seq: 2, ordered: 0 },
      { id: 'p3', webhook_id: 'whk_p', seq: 3, ordered: 0, status: 'sending', lease_owner: 'dead-worker', lease_until: NOW - 1, next_attempt_at: NOW - 1 },
    ]);
    const runs = await writeOutgoing(store, (db) => claimDueDeliveries(db, options(store, 'w1')), { atomic: false });
    assert.deepEqual(runs.map((r) => [r.deliveries.map((d) => d.id), r.manual]).sort(), [[['o2'], true], [['p1'], false], [['p2'], false], [['p3'], false]]);
    const manual = await store.db.selectFrom('deliveries').select(['status', 'lease_owner']).where('id', '=', 'o2').executeTakeFirstOrThrow();
    assert.deepEqual({ ...manual }, { status: 'dead', lease_owner: 'w1' }, 'a manual claim keeps the status');
    assert.deepEqual(await claimIds(store, 'w2', { now: NOW + 1000 }), [], 'everything due is leased');
    assert.deepEqual((await claimIds(store, 'w2', { now: NOW + 60_001 })).sort(), [['o1'], ['o2'], ['p1'], ['p2'], ['p3']], 'leases run out: all claimable again');
  });

  test(`${engine}: claimers racing for the same rows never share one`, async (t) => {
    const env = await freshDatabase(t, engine);
    const stores = [];
    for (let i = 0; i < 3; i++) {
      const store = await openStore({ databaseUrl: env.DATABASE_URL ?? '', dataDir: env.DATA_DIR, writeBatchMax: 64 }, { migrate: i === 0 });
      defer(t, () => store.close());
      stores.push(store);
    }
    await seed(stores[0].db, [{ id: 'whk_p', parallel: true }, { id: 'whk_o' }]);
    await deliveries(stores[0].db, Array.from({ length: 200 }, (_, i) => ({ id: `p${i}`, webhook_id: 'whk_p', seq: i, ordered: 0 })));
    await deliveries(stores[0].db, Array.from({ length: 20 }, (_, i) => ({ id: `o${i}`, webhook_id: 'whk_o', seq: i })));
    const claimed = await Promise.all(stores.flatMap((store, s) => Array.from({ length: 8 }, (_, k) => claimIds(store, `w${s}-${k}`, { limit: 16, runMax: 5 }))));
    const ids = claimed.flat(2);
    assert.equal(new Set(ids).size, ids.length, 'no row claimed twice');
    const ordered = claimed.flat().filter((run) => run[0].startsWith('o'));
    assert.equal(ordered.length, 1, 'one claimer holds the ordered line');
    assert.deepEqual(ordered[0], ['o0', 'o1', 'o2', 'o3', 'o4']);
  });

  test(`${engine}: a start gives back its previous process's leases at once, due now, as they were`, async (t) => {
    const env = await freshDatabase(t, engine);
    const store = await openStore({ databaseUrl: env.DATABASE_URL ?? '', dataDir: env.DATA_DIR, writeBatchMax: 64 });
    defer(t, () => store.close());
    await seed(store.db, [{ id: 'whk_o' }, { id: 'whk_p', parallel: true }]);
    const leased = { status: 'sending' as const, lease_until: NOW + 60_000, next_attempt_at: NOW + 60_000 };
    await deliveries(store.db, [
      { id: 'o1', webhook_id: 'whk_o', seq: 1, ...leased, lease_owner: 'node-a', auto_attempts: 1 },
      { id: 'o2', webhook_id: 'whk_o', seq: 2, ...leased, lease_owner: 'node-a' },
      { id: 'm1', webhook_id: 'whk_o', seq: 3, status: 'dead', next_attempt_at: null, manual_retry: 1, lease_owner: 'node-a', lease_until: NOW + 60_000 },
      { id: 'p1', webhook_id: 'whk_p', seq: 1, ordered: 0, ...leased, lease_owner: 'node-b' },
    ]);
    assert.deepEqual(await claimIds(store, 'node-a', { now: NOW + 1 }), [], 'leased: nothing to claim before');

    const n = await writeOutgoing(store, (db) => releaseStaleLeases(db, { owner: 'node-a' }, NOW + 1), { atomic: false });
    assert.equal(n, 3, "node-a's three leases, not node-b's");
    const rows = await store.db.selectFrom('deliveries').select(['id', 'status', 'lease_owner', 'next_attempt_at', 'manual_retry']).orderBy('id').execute();
    assert.deepEqual(rows.map((r) => ({ ...r })), [
      { id: 'm1', status: 'dead', lease_owner: null, next_attempt_at: null, manual_retry: 1 },
      { id: 'o1', status: 'failed', lease_owner: null, next_attempt_at: NOW + 1, manual_retry: 0 },
      { id: 'o2', status: 'pending', lease_owner: null, next_attempt_at: NOW + 1, manual_retry: 0 },
      { id: 'p1', status: 'sending', lease_owner: 'node-b', next_attempt_at: NOW + 60_000, manual_retry: 0 },
    ]);
    assert.deepEqual((await claimIds(store, 'node-a', { now: NOW + 1 })).sort(), [['m1'], ['o1', 'o2']], 'claimable at once: the manual retry and the whole line');

    await writeOutgoing(store, (db) => releaseDeliveries(db, ['m1', 'o1', 'o2'], 'node-a', NOW + 2));
    assert.equal(await writeOutgoing(store, (db) => releaseStaleLeases(db, 'every', NOW + 2), { atomic: false }), 1, "'every' (SQLite) takes node-b's too");
    const p1 = await store.db.selectFrom('deliveries').select(['status', 'lease_owner', 'next_attempt_at']).where('id', '=', 'p1').executeTakeFirstOrThrow();
    assert.deepEqual({ ...p1 }, { status: 'pending', lease_owner: null, next_attempt_at: NOW + 2 });
  });
}
