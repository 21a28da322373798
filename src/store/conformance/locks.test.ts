/**
 * Conformance: what keeps concurrent transactions apart.
 * - SQLite runs every write on one connection, one after another: its locks are no-ops by design,
 *   and that is what `serialWrites` promises.
 * - PostgreSQL: `lockKey` makes two transactions on one key run one after the other and leaves
 *   two keys apart; a claim ending in `skipLocked` never returns a row another claim holds, and
 *   never waits for it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { POSTGRES_AVAILABLE } from '../../../test/support/engines.ts';
import { defer } from '../../../test/support/runtime.ts';
import { openTestStore, pgClient } from '../../../test/support/store.ts';
import type { Database } from '../schema.ts';
import type { Store } from '../store.ts';
import { first, gate, lockWaitSeen, settledFlag, turns } from './probes.ts';

test('sqlite: writes are serial, so locks have nothing to keep apart', async (t) => {
  const { store } = await openTestStore(t, 'sqlite');
  assert.equal(store.engine.serialWrites, true);
  assert.equal(store.engine.sharedByNodes, false);
  // The no-op locks and claims still run inside a write, as callers use them.
  await store.write('k', async (tx) => {
    await store.engine.lockKey(tx.db, 'k');
    await store.engine.lockTable(tx.db, 'users');
    await sql`select 1 ${store.engine.skipLocked('x')}`.execute(tx.db);
  });
});

/** A transaction of its own that takes `key`, then waits for `release` before it ends. */
function holdKey(store: Store, key: string, release: Promise<void>) {
  const locked = gate();
  const done = store.db.transaction().execute(async (trx) => {
    await store.engine.lockKey(trx, key);
    locked.open();
    await release;
  });
  return { locked: locked.promise, done };
}

test('postgres: lockKey runs two transactions on one key one after the other, and two keys side by side', { skip: !POSTGRES_AVAILABLE }, async (t) => {
  const { store, databaseUrl } = await openTestStore(t, 'postgres');
  const observer = await pgClient(t, databaseUrl);
  assert.equal(store.engine.serialWrites, false);
  const releaseA = gate();
  // A failed assertion must still end the held transaction, or the store could never close.
  defer(t, async () => releaseA.open());
  const a = holdKey(store, 'conversation-1', releaseA.promise);
  await a.locked;

  // Another key: taken while A holds its own.
  const other = holdKey(store, 'conversation-2', Promise.resolve());
  assert.equal(await first(['taken', other.done], ['waiting', lockWaitSeen(observer)]), 'taken', 'a transaction on another key waited for A');

  // The same key: waits until A ends.
  const same = holdKey(store, 'conversation-1', Promise.resolve());
  const sameLocked = settledFlag(same.locked);
  assert.equal(await first(['taken', same.locked], ['waiting', lockWaitSeen(observer)]), 'waiting', 'a second transaction took the key A holds');
  await turns();
  assert.equal(sameLocked.settled, false);
  releaseA.open();
  await a.done;
  await same.done;
});

async function claimRows(db: Kysely<Database>, store: Store, count: number): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`select id from conformance_claims c where claimed = 0 order by id limit ${count} ${store.engine.skipLocked('c')}`.execute(db);
  return rows.map((r) => r.id);
}

/** A claim transaction that takes up to `count` rows, then waits for `release` before it ends. */
function holdClaim(store: Store, count: number, release: Promise<void>) {
  const claimed = Promise.withResolvers<number[]>();
  const done = store.db.transaction().execute(async (trx) => {
    const ids = await claimRows(trx, store, count);
    claimed.resolve(ids);
    await release;
    if (ids.length) await sql`update conformance_claims set claimed = 1 where id in (${sql.join(ids)})`.execute(trx);
  });
  done.catch((error) => claimed.reject(error));
  return { claimed: claimed.promise, done };
}

test('postgres: concurrent claims ending in skipLocked never return the same row, and never wait', { skip: !POSTGRES_AVAILABLE }, async (t) => {
  const { store, databaseUrl } = await openTestStore(t, 'postgres');
  const observer = await pgClient(t, databaseUrl);
  await observer.query('create table conformance_claims (id int primary key, claimed int not null default 0)');
  await observer.query('insert into conformance_claims (id) select generate_series(1, 10)');

  // Five claims held open at once: each must skip the rows the others hold.
  const release = gate();
  defer(t, async () => release.open());
  const claims = Array.from({ length: 5 }, () => holdClaim(store, 2, release.promise));
  const all = Promise.all(claims.map((c) => c.claimed));
  assert.equal(await first(['claimed', all], ['waiting', lockWaitSeen(observer)]), 'claimed', 'a claim waited for a row another claim holds');
  const ids = (await all).flat();
  assert.equal(ids.length, 10);
  assert.equal(new Set(ids).size, 10, `a row was claimed twice: ${ids.join(',')}`);

  // While all ten are held, a sixth claim finds nothing rather than waiting.
  const late = holdClaim(store, 2, Promise.resolve());
  assert.deepEqual(await late.claimed, []);
  release.open();
  await Promise.all([...claims.map((c) => c.done), late.done]);
  const left = await observer.query<{ n: number }>('select count(*)::int as n from conformance_claims where claimed = 0');
  assert.equal(left.rows[0].n, 0);
});
