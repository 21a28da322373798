/**
 * Conformance, every engine: a store.write commits all it wrote or nothing, and a write that fails
 * inside a group-committed batch is rolled back alone (the batcher's savepoint retry), while the
 * others still share one commit.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import { ENGINES } from '../../../test/support/engines.ts';
import { openTestStore } from '../../../test/support/store.ts';
import type { Database } from '../schema.ts';

const insertKey = (db: Kysely<Database>, key: string) =>
  db.insertInto('idempotency_keys').values({ scope: 'conformance', key, status_code: 200, content_type: 'text/plain', body: '', created_at: 0 }).execute();

const keysIn = async (db: Kysely<Database>) => (await db.selectFrom('idempotency_keys').select('key').where('scope', '=', 'conformance').orderBy('key').execute()).map((r) => r.key);

for (const engine of ENGINES) {
  test(`${engine}: a write commits every statement it ran, or none of them`, async (t) => {
    const { store } = await openTestStore(t, engine);
    await store.write('k', async (tx) => {
      await insertKey(tx.db, 'both-1');
      await insertKey(tx.db, 'both-2');
    });
    // Alone in its batch: its first statement succeeded, so only a rollback can take it back.
    const failing = store.write('k', async (tx) => {
      await insertKey(tx.db, 'none-1');
      await insertKey(tx.db, 'none-2');
      throw new Error('refused after two inserts');
    });
    await assert.rejects(failing, /refused after two inserts/);
    assert.deepEqual(await keysIn(store.db), ['both-1', 'both-2']);
  });

  test(`${engine}: a failing write in a batch rolls back only itself; the others commit together`, async (t) => {
    const commits: number[] = [];
    const { store } = await openTestStore(t, engine, { onBatch: (n) => commits.push(n) });
    // Queued in one tick: one batch. The second write fails after its insert ran.
    const writes = ['a', 'b', 'c'].map((key) =>
      store.write(key, async (tx) => {
        await insertKey(tx.db, key);
        if (key === 'b') throw new Error('refused b');
        return key;
      }),
    );
    const results = await Promise.allSettled(writes);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.match(String((results[1] as PromiseRejectedResult).reason), /refused b/);
    assert.deepEqual(await keysIn(store.db), ['a', 'c']);
    // One commit of two writes: the retry isolated b by a savepoint, not by a transaction per write.
    assert.deepEqual(commits, [2]);
  });

  test(`${engine}: a write the database refuses (a duplicate key) is rolled back alone`, async (t) => {
    const { store } = await openTestStore(t, engine);
    await store.write('k', (tx) => insertKey(tx.db, 'taken'));
    // On PostgreSQL a refused statement aborts the whole transaction: only a savepoint saves x and y.
    const writes = ['x', 'taken', 'y'].map((key) => store.write(key, (tx) => insertKey(tx.db, key)));
    const results = await Promise.allSettled(writes);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.deepEqual(await keysIn(store.db), ['taken', 'x', 'y']);
  });
}
