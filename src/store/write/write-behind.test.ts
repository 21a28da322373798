import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../../../test/support/engines.ts';
import { defer, freshDatabase } from '../../../test/support/runtime.ts';
import { memoRead, statement } from './statements.ts';
import { openStore, type Store } from '../store.ts';

const KEY_COLUMNS = ['scope', 'key', 'status_code', 'content_type', 'body', 'created_at'] as const;
const keyRow = (key: string, at = 0) => ['s', key, 200, 'text/plain', '', at];

async function storeFor(t: Parameters<typeof freshDatabase>[0], engine: (typeof ENGINES)[number], onBatch?: (n: number) => void): Promise<Store> {
  const env = await freshDatabase(t, engine);
  const store = await openStore({ databaseUrl: env.DATABASE_URL ?? '', dataDir: env.DATA_DIR, writeBatchMax: 200, onBatch });
  defer(t, () => store.close());
  return store;
}

for (const engine of ENGINES) {
  test(`${engine}: held rows are written before the next statement of their transaction, Kysely's included`, async (t) => {
    const store = await storeFor(t, engine);
    const seen = await store.write('k', async (tx) => {
      tx.hold('idempotency_keys', KEY_COLUMNS, keyRow('a'));
      tx.hold('idempotency_keys', KEY_COLUMNS, keyRow('b'));
      assert.equal(tx.pending, true);
      const viaKysely = await tx.db.selectFrom('idempotency_keys').select('key').orderBy('key').execute();
      tx.hold('idempotency_keys', KEY_COLUMNS, keyRow('c'));
      const viaRaw = await tx.run<{ n: number }>(statement('select count(*) as n from idempotency_keys', 'idempotency_keys'), []);
      return { viaKysely: viaKysely.map((r) => r.key), viaRaw: Number(viaRaw[0].n) };
    });
    assert.deepEqual(seen, { viaKysely: ['a', 'b'], viaRaw: 3 });
  });

  test(`${engine}: a batch's held rows become multi-row inserts, in order, across many writes`, async (t) => {
    const batches: number[] = [];
    const store = await storeFor(t, engine, (n) => batches.push(n));
    // 150 rows: more than one multi-row statement holds (64), all in one or two batches.
    await Promise.all(Array.from({ length: 150 }, (_, i) => store.write('k', async (tx) => tx.hold('idempotency_keys', KEY_COLUMNS, keyRow(`k${String(i).padStart(3, '0')}`, i)))));
    assert.ok(batches.length <= 2, `batches: ${batches.join(',')}`);
    const rows = await store.db.selectFrom('idempotency_keys').select(['key', 'created_at']).orderBy('key').execute();
    assert.equal(rows.length, 150);
    assert.deepEqual(rows.map((r) => Number(r.created_at)), Array.from({ length: 150 }, (_, i) => i));
  });

  test(`${engine}: a held row that fails at commit fails only its own write`, async (t) => {
    const store = await storeFor(t, engine);
    await store.db.insertInto('idempotency_keys').values({ scope: 's', key: 'taken', status_code: 200, content_type: 'x', body: '', created_at: 0 }).execute();
    const hold = (key: string) => store.write('k', async (tx) => (tx.hold('idempotency_keys', KEY_COLUMNS, keyRow(key)), key));
    const results = await Promise.allSettled([hold('a'), hold('taken'), hold('b')]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    const keys = (await store.db.selectFrom('idempotency_keys').select('key').orderBy('key').execute()).map((r) => r.key);
    assert.deepEqual(keys, ['a', 'b', 'taken']);
  });

  test(`${engine}: a memoised read is reused until another write in the transaction`, async (t) => {
    const store = await storeFor(t, engine);
    const counts = await store.write('k', async (tx) => {
      const byScope = memoRead((keys: string) => `select scope, count(*) as n from idempotency_keys where scope in (${keys}) group by scope`, 'scope', 'idempotency_keys');
      const count = async () => Number((await tx.memoByKey(byScope, [], 's'))[0]?.n ?? 0);
      const before = await count();
      tx.hold('idempotency_keys', KEY_COLUMNS, keyRow('held')); // held writes must not be read through memo
      const stillMemoised = await count();
      await tx.db.insertInto('idempotency_keys').values({ scope: 's', key: 'direct', status_code: 200, content_type: 'x', body: '', created_at: 0 }).execute();
      const afterWrite = await count();
      return [before, stillMemoised, afterWrite];
    });
    assert.deepEqual(counts, [0, 0, 2]);
  });

  test(`${engine}: a deferred update keeps its latest version and is visible to the next statement`, async (t) => {
    const store = await storeFor(t, engine);
    await store.db.insertInto('idempotency_keys').values({ scope: 's', key: 'x', status_code: 200, content_type: 'x', body: '', created_at: 0 }).execute();
    const seen = await store.write('k', async (tx) => {
      tx.hold('idempotency_keys', KEY_COLUMNS, keyRow('y')); // written in the same flush
      for (const code of [201, 202, 203]) {
        tx.deferUpdate('x', { table: 'idempotency_keys', columns: new Set(['status_code']), keyColumn: 'key', keys: () => ['x'], build: () => ['update idempotency_keys set status_code = ? where key = ?', [code, 'x']] });
      }
      return (await tx.db.selectFrom('idempotency_keys').select(['key', 'status_code']).orderBy('key').execute()).map((r) => `${r.key}:${r.status_code}`);
    });
    assert.deepEqual(seen, ['x:203', 'y:200']);
  });

  test(`${engine}: a lookup by key fetches every key of the batch in one statement`, async (t) => {
    const store = await storeFor(t, engine);
    for (const key of ['a', 'b']) await store.db.insertInto('idempotency_keys').values({ scope: key, key: 'k1', status_code: 200, content_type: 'x', body: '', created_at: 0 }).execute();
    await store.db.insertInto('idempotency_keys').values({ scope: 'a', key: 'k2', status_code: 200, content_type: 'x', body: '', created_at: 0 }).execute();
    const byScope = memoRead((keys: string) => `select scope, key from idempotency_keys where scope in (${keys}) order by key`, 'scope', 'idempotency_keys');
    const found = await Promise.all(['a', 'b', 'c'].map((scope) =>
      store.write(scope, async (tx) => {
        const rows = await tx.memoByKey(byScope, [], scope);
        // Every key of the batch is memoised by the first lookup, the absent one as empty.
        const memoised = await Promise.all(tx.keys.map((k) => tx.memoByKey(byScope, [], k)));
        // A write in the transaction makes the lookup run again.
        await tx.db.insertInto('idempotency_keys').values({ scope, key: `new-${scope}`, status_code: 200, content_type: 'x', body: '', created_at: 0 }).execute();
        assert.equal((await tx.memoByKey(byScope, [], scope)).length, rows.length + 1);
        return { keys: [...tx.keys].sort(), rows: rows.map((r) => r.key), memoised: memoised.map((m) => m.length) };
      }),
    ));
    assert.deepEqual(found.map((f) => f.rows), [['k1', 'k2'], ['k1'], []]);
    assert.deepEqual(found[0].keys, ['a', 'b', 'c']); // one batch
  });
}

for (const engine of ENGINES) {
  test(`${engine}: the held-write rules are checked, not trusted`, async (t) => {
    const store = await storeFor(t, engine);
    // Rule 1: a statement on a table without held writes runs before them; one on a held table after.
    const order = await store.write('k', async (tx) => {
      tx.hold('idempotency_keys', KEY_COLUMNS, keyRow('r1'));
      const apart = await tx.run<{ n: number }>(statement('select count(*) as n from users', 'users'), []);
      const stillHeld = tx.pending;
      const seen = await tx.run<{ n: number }>(statement('select count(*) as n from idempotency_keys', 'idempotency_keys'), []);
      return { apart: Number(apart[0].n), stillHeld, seen: Number(seen[0].n), heldAfter: tx.pending };
    });
    assert.deepEqual(order, { apart: 0, stillHeld: true, seen: 1, heldAfter: false });
    // Rule 2: a memoised read of a table with held rows is refused.
    const byScope = memoRead((keys: string) => `select scope from idempotency_keys where scope in (${keys})`, 'scope', 'idempotency_keys');
    await assert.rejects(store.write('k', async (tx) => {
      tx.hold('idempotency_keys', KEY_COLUMNS, keyRow('r2'));
      await tx.memoByKey(byScope, [], 's');
    }), /memoised read must not read what the transaction holds/);
    // Rule 3: a held update of a row held for insert is refused at flush.
    await assert.rejects(store.write('k', async (tx) => {
      tx.hold('idempotency_keys', KEY_COLUMNS, keyRow('r3'));
      tx.deferUpdate('r3', { table: 'idempotency_keys', columns: new Set(['status_code']), keyColumn: 'key', keys: () => ['r3'], build: () => ['update idempotency_keys set status_code = 201 where key = ?', ['r3']] });
    }), /held update must not touch rows held for insert/);
    const keys = (await store.db.selectFrom('idempotency_keys').select('key').orderBy('key').execute()).map((r) => r.key);
    assert.deepEqual(keys, ['r1']);
  });
}
