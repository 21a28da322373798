import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { ENGINES } from '../../../test/support/engines.ts';
import { defer, freshDatabase } from '../../../test/support/runtime.ts';
import { statement } from './statements.ts';
import { openStore } from '../store.ts';

const KEY_COLUMNS = ['scope', 'key', 'status_code', 'content_type', 'body', 'created_at'] as const;

for (const engine of ENGINES) {
  test(`${engine}: concurrent writes share transactions and are answered after commit`, async (t) => {
    const env = await freshDatabase(t, engine);
    const batches: number[] = [];
    const store = await openStore({ databaseUrl: env.DATABASE_URL ?? '', dataDir: env.DATA_DIR, writeBatchMax: 64, onBatch: (n) => batches.push(n) });
    defer(t, () => store.close());
    await store.db.insertInto('idempotency_keys').values({ scope: 's', key: 'seed', status_code: 200, content_type: 'x', body: '', created_at: 0 }).execute();

    const writes = Array.from({ length: 100 }, (_, i) =>
      store.write(`k${i % 3}`, async (tx) => {
        await tx.db.insertInto('idempotency_keys').values({ scope: 's', key: `k${i}`, status_code: 200, content_type: 'x', body: '', created_at: i }).execute();
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
      store.write('same', async (tx) => {
        await tx.db.insertInto('idempotency_keys').values({ scope: 's', key, status_code: 200, content_type: 'x', body: '', created_at: 0 }).execute();
        if (fail) throw new Error(`refused ${key}`);
        return key;
      });
    const results = await Promise.allSettled([insert('a'), insert('b', true), insert('a'), insert('c')]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    assert.match(String((results[1] as PromiseRejectedResult).reason), /refused b/);
    const keys = (await store.db.selectFrom('idempotency_keys').select('key').orderBy('key').execute()).map((r) => r.key);
    assert.deepEqual(keys, ['a', 'c']);
  });

  test(`${engine}: after a failure the rest of the batch commits in one more transaction, not one each`, async (t) => {
    const env = await freshDatabase(t, engine);
    const commits: number[] = [];
    const store = await openStore({ databaseUrl: env.DATABASE_URL ?? '', dataDir: env.DATA_DIR, writeBatchMax: 64, onBatch: (n) => commits.push(n) });
    defer(t, () => store.close());
    await store.db.insertInto('idempotency_keys').values({ scope: 's', key: 'taken', status_code: 200, content_type: 'x', body: '', created_at: 0 }).execute();
    // Queued in one tick: one batch. Writes 7 and 8 throw; write 23's held row collides only at commit.
    const writes = Array.from({ length: 40 }, (_, i) =>
      store.write('k', async (wtx) => {
        if (i === 7 || i === 8) throw new Error(`refused ${i}`);
        const [tx] = engine === 'postgres' ? await wtx.run<{ id: string }>(statement('select txid_current()::text as id'), []) : [{ id: 'sqlite' }];
        wtx.hold('idempotency_keys', KEY_COLUMNS, ['s', i === 23 ? 'taken' : `k${i}`, 200, 'x', '', i]);
        return tx.id;
      }),
    );
    const results = await Promise.allSettled(writes);
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []));
    assert.deepEqual(failed, [7, 8, 23]);
    assert.match(String((results[7] as PromiseRejectedResult).reason), /refused 7/);
    assert.match(String((results[23] as PromiseRejectedResult).reason), /unique|duplicate/i);
    // The 37 good writes share one transaction (the retry), whatever the engine.
    assert.deepEqual(commits, [37]);
    const txids = new Set(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])));
    assert.equal(txids.size, 1, `transactions of the good writes: ${[...txids].join(', ')}`);
    const rows = await store.db.selectFrom('idempotency_keys').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(rows.n), 38);
  });

  test(`${engine}: a write rolled back to its savepoint leaves no trace: sequence numbers stay gapless`, async (t) => {
    const env = await freshDatabase(t, engine);
    const store = await openStore({ databaseUrl: env.DATABASE_URL ?? '', dataDir: env.DATA_DIR, writeBatchMax: 64 });
    defer(t, () => store.close());
    for (const id of ['c1', 'c2']) {
      await store.db.insertInto('conversations').values({ id, title: id, kind: 'team', status: 'open', created_by: null, last_seq: 0, created_at: 0, updated_at: 0 } as never).execute();
    }
    // Write 4 takes c1's next number, then fails: the numbers after it must not skip one.
    const writes = Array.from({ length: 10 }, (_, i) =>
      store.write(i % 2 ? 'c2' : 'c1', async (tx) => {
        const seq = await tx.nextSeq(i % 2 ? 'c2' : 'c1', i + 1);
        if (i === 4) throw new Error('refused 4');
        return seq;
      }),
    );
    const results = await Promise.allSettled(writes);
    assert.deepEqual(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed')), [1, 1, 2, 2, 'failed', 3, 3, 4, 4, 5]);
    const seqs = await store.db.selectFrom('conversations').select(['id', 'last_seq']).orderBy('id').execute();
    assert.deepEqual(seqs.map((r) => [r.id, Number(r.last_seq)]), [['c1', 4], ['c2', 5]]);
  });
}
