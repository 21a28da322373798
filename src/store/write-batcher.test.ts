import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { ENGINES } from '../../test/support/engines.ts';
import { defer, freshDatabase } from '../../test/support/runtime.ts';
import { openStore } from './store.ts';

for (const engine of ENGINES) {
  test(`${engine}: concurrent writes share transactions and are answered after commit`, async (t) => {
    const env = await freshDatabase(t, engine);
    const batches: number[] = [];
    const store = await openStore({ databaseUrl: env.DATABASE_URL ?? '', dataDir: env.DATA_DIR, writeBatchMax: 64, onBatch: (n) => batches.push(n) });
    defer(t, () => store.close());
    await store.db.insertInto('idempotency_keys').values({ scope: 's', key: 'seed', status_code: 200, content_type: 'x', body: '', created_at: 0 }).execute();

    const writes = Array.from({ length: 100 }, (_, i) =>
      store.write(`k${i % 3}`, async (db) => {
        await db.insertInto('idempotency_keys').values({ scope: 's', key: `k${i}`, status_code: 200, content_type: 'x', body: '', created_at: i }).execute();
        return i;
      }),
    );
    assert.deepEqual(await Promise.all(writes), Array.from({ length: 100 }, (_, i) => i));
    // 100 writes in far fewer transactions: that is the group commit.
    assert.equal(batches.reduce((a, b) => a + b, 0), 100);
    assert.ok(batches.length <= 4, `expected a few batches, got ${batches.length}: ${batches.join(',')}`);
    const rows = await store.db.selectFrom('idempotency_keys').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(rows.n), 101);
  });

  test(`${engine}: a failing write is rolled back alone; the rest of its batch commits`, async (t) => {
    const env = await freshDatabase(t, engine);
    const store = await openStore({ databaseUrl: env.DATABASE_URL ?? '', dataDir: env.DATA_DIR, writeBatchMax: 64 });
    defer(t, () => store.close());
    const insert = (key: string, fail = false) =>
      store.write('same', async (db) => {
        await db.insertInto('idempotency_keys').values({ scope: 's', key, status_code: 200, content_type: 'x', body: '', created_at: 0 }).execute();
        if (fail) throw new Error(`refused ${key}`);
        return key;
      });
    const results = await Promise.allSettled([insert('a'), insert('b', true), insert('a'), insert('c')]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    assert.match(String((results[1] as PromiseRejectedResult).reason), /refused b/);
    const keys = (await store.db.selectFrom('idempotency_keys').select('key').orderBy('key').execute()).map((r) => r.key);
    assert.deepEqual(keys, ['a', 'c']);
  });
}
