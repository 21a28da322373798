/**
 * Conformance: notifications sent inside a write reach the other nodes after its commit, and
 * never after a rollback.
 * - SQLite: one node, nobody to tell: the write says so (`notifies` false) and `listen` is a no-op.
 * - PostgreSQL: a listener (store.engine.listen, as every node runs it) hears a write's
 *   notification only once the write's rows are visible to other connections, and never hears
 *   one of a write rolled back, even when the rest of its batch commits. PostgreSQL delivers
 *   notifications in commit order, so a notification sent at the wrong moment would arrive before
 *   a later marker, and the test sees it without waiting for time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import { POSTGRES_AVAILABLE } from '../../../test/support/engines.ts';
import { defer } from '../../../test/support/runtime.ts';
import { openTestStore, pgClient } from '../../../test/support/store.ts';
import type { Database } from '../schema.ts';
import { first, holdCommits, lockWaitSeen } from './probes.ts';

const CHANNEL = 'conformance';
const log = { warn: (details: object, message: string) => assert.fail(`${message}: ${JSON.stringify(details)}`) };
const insertKey = (db: Kysely<Database>, key: string) =>
  db.insertInto('idempotency_keys').values({ scope: 'notify', key, status_code: 200, content_type: 'text/plain', body: '', created_at: 0 }).execute();

test('sqlite: a write notifies nobody, and listening hears nothing', async (t) => {
  const { store } = await openTestStore(t, 'sqlite');
  const heard: string[] = [];
  const stop = await store.engine.listen([CHANNEL], (_channel, payload) => heard.push(payload), log);
  const notifies = await store.write('k', async (tx) => {
    tx.notifyAtCommit(CHANNEL, 'a');
    await insertKey(tx.db, 'a');
    return tx.notifies;
  });
  assert.equal(notifies, false);
  await stop();
  assert.deepEqual(heard, []);
});

test('postgres: a notification sent inside a write is heard after its commit, never after its rollback', { skip: !POSTGRES_AVAILABLE }, async (t) => {
  const { store, databaseUrl } = await openTestStore(t, 'postgres');
  const observer = await pgClient(t, databaseUrl);
  const rowVisible = async (key: string) => (await observer.query<{ n: number }>("select count(*)::int as n from idempotency_keys where scope = 'notify' and key = $1", [key])).rows[0].n === 1;

  // What the listener heard, in order, and whether the payload's row was visible when it did.
  const heard: string[] = [];
  const arrivals = new Map<string, PromiseWithResolvers<boolean>>();
  const arrival = (payload: string) => {
    if (!arrivals.has(payload)) arrivals.set(payload, Promise.withResolvers<boolean>());
    return arrivals.get(payload)!;
  };
  const listenerDb = await pgClient(t, databaseUrl);
  const stop = await store.engine.listen([CHANNEL], (_channel, payload) => {
    heard.push(payload);
    listenerDb.query<{ n: number }>("select count(*)::int as n from idempotency_keys where scope = 'notify' and key = $1", [payload]).then(
      (r) => arrival(payload).resolve(r.rows[0].n === 1),
      (error) => arrival(payload).reject(error),
    );
  }, log);
  defer(t, stop);
  const marker = async (payload: string) => {
    await observer.query('select pg_notify($1, $2)', [CHANNEL, payload]);
    await arrival(payload).promise;
  };

  // While the write's COMMIT is held, a marker sent now arrives, and nothing before it.
  const commits = await holdCommits(observer, 'idempotency_keys');
  defer(t, () => commits.release());
  const write = store.write('k', async (tx) => {
    await insertKey(tx.db, 'committed');
    tx.notifyAtCommit(CHANNEL, 'committed');
    return tx.notifies;
  });
  assert.equal(await first(['commit held', lockWaitSeen(observer)], ['answered', write]), 'commit held');
  await marker('marker-1');
  assert.deepEqual(heard, ['marker-1'], 'the notification was sent before its COMMIT');
  assert.equal(await rowVisible('committed'), false);
  await commits.release();
  assert.equal(await write, true);
  assert.equal(await arrival('committed').promise, true, 'the notification arrived before its row was visible');

  // A failing write in a batch whose other write commits: only the other one is heard.
  const batch = await Promise.allSettled([
    store.write('a', async (tx) => {
      await insertKey(tx.db, 'kept');
      tx.notifyAtCommit(CHANNEL, 'kept');
    }),
    store.write('b', async (tx) => {
      await insertKey(tx.db, 'rolled-back');
      tx.notifyAtCommit(CHANNEL, 'rolled-back');
      throw new Error('refused');
    }),
  ]);
  assert.deepEqual(batch.map((r) => r.status), ['fulfilled', 'rejected']);
  // And a write alone, rolled back whole.
  await assert.rejects(store.write('c', async (tx) => {
    tx.notifyAtCommit(CHANNEL, 'rolled-back-alone');
    await insertKey(tx.db, 'rolled-back-alone');
    throw new Error('refused');
  }));
  await marker('marker-2');
  assert.deepEqual(heard, ['marker-1', 'committed', 'kept', 'marker-2']);
});
