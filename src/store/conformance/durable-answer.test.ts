/**
 * Conformance, every engine: a writer is answered only once its write is durable, and the writers
 * of one group commit are answered only after that commit.
 * - SQLite commits with synchronous=NORMAL, so a commit is durable only after the WAL fsync: the
 *   test holds that fsync (the real one runs when released) and watches the writers wait for it.
 * - PostgreSQL's commit is durable when COMMIT returns: the test holds the commit itself (a
 *   deferred trigger that waits for a lock the test holds) and checks that, the moment a writer
 *   is answered, its row is visible from another connection.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import { POSTGRES_AVAILABLE } from '../../../test/support/engines.ts';
import { defer } from '../../../test/support/runtime.ts';
import { openTestStore, pgClient } from '../../../test/support/store.ts';
import type { Database } from '../schema.ts';
import { first, gate, holdCommits, lockWaitSeen, settledFlag, turns, type Gate } from './probes.ts';

const WRITERS = 20;
const insertKey = (db: Kysely<Database>, key: string) =>
  db.insertInto('idempotency_keys').values({ scope: 'durable', key, status_code: 200, content_type: 'text/plain', body: '', created_at: 0 }).execute();
const keys = Array.from({ length: WRITERS }, (_, i) => `w${i}`);

test('sqlite: writers are answered only after the WAL fsync of their commit has completed', async (t) => {
  let hold: Gate | null = null;
  const fsyncEntered = gate();
  let fsyncsCompleted = 0;
  let committedAtFsync = -1;
  let file = '';
  const { store, dataDir } = await openTestStore(t, 'sqlite', {
    aroundWalFsync: async (fsync) => {
      if (hold) {
        // What this fsync will make durable, read on a connection of its own: committed rows only.
        const reader = new DatabaseSync(file, { readOnly: true });
        committedAtFsync = (reader.prepare("select count(*) as n from idempotency_keys where scope = 'durable'").get() as { n: number }).n;
        reader.close();
        fsyncEntered.open();
        await hold.promise;
      }
      await fsync();
      fsyncsCompleted++;
    },
  });
  file = path.join(dataDir, 'switchboard.db');
  const held = (hold = gate());
  // A failed assertion must still let the fsync run, or the store could never close.
  defer(t, async () => held.open());
  const completedAtAnswer: number[] = [];
  const writes = keys.map((key) => store.write(key, (tx) => insertKey(tx.db, key)).then(() => void completedAtAnswer.push(fsyncsCompleted)));
  const flags = writes.map(settledFlag);

  // A writer answered before any fsync began was answered before its write was durable.
  assert.equal(await first(['fsync', fsyncEntered.promise], ['answer', Promise.race(writes)]), 'fsync', 'a writer was answered before the WAL fsync began');
  assert.equal(committedAtFsync, WRITERS, 'the fsync began before the group commit it must make durable');
  await turns();
  assert.deepEqual(flags.filter((f) => f.settled), [], 'a writer was answered while the WAL fsync was held');

  const released = fsyncsCompleted;
  hold.open();
  hold = null;
  await Promise.all(writes);
  assert.ok(completedAtAnswer.every((n) => n > released), `answered before the held fsync completed: ${completedAtAnswer.join(',')}`);
});

test('postgres: writers are answered only after COMMIT returned, and their rows are visible to another connection then', { skip: !POSTGRES_AVAILABLE }, async (t) => {
  const { store, databaseUrl } = await openTestStore(t, 'postgres');
  const observer = await pgClient(t, databaseUrl);
  const commits = await holdCommits(observer, 'idempotency_keys');
  defer(t, () => commits.release());

  const visibleAtAnswer: boolean[] = [];
  // One query at a time on the observer's connection, in the order the writers were answered.
  let queue: Promise<unknown> = Promise.resolve();
  const countOf = (key: string) => {
    const count = queue.then(async () => (await observer.query<{ n: number }>("select count(*)::int as n from idempotency_keys where scope = 'durable' and key = $1", [key])).rows[0].n);
    queue = count.catch(() => {});
    return count;
  };
  const writes = keys.map((key) => store.write(key, (tx) => insertKey(tx.db, key)).then(async () => void visibleAtAnswer.push((await countOf(key)) === 1)));
  const flags = writes.map(settledFlag);

  assert.equal(await first(['commit held', lockWaitSeen(observer)], ['answer', Promise.race(writes)]), 'commit held', 'a writer was answered before its COMMIT ran');
  await turns();
  assert.deepEqual(flags.filter((f) => f.settled), [], 'a writer was answered while its COMMIT was held');
  assert.equal(await countOf('w0'), 0, 'the rows were visible before COMMIT');

  await commits.release();
  await Promise.all(writes);
  assert.deepEqual(visibleAtAnswer, keys.map(() => true));
});
