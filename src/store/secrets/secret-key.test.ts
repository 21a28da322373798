/**
 * The sealing key across starts: generated and kept (DATA_DIR/secret-key on SQLite, the database on
 * PostgreSQL, with a warning), given by SWITCHBOARD_SECRET_KEY, or wrong — a wrong or missing key
 * fails the start with a message saying what to do, never serving URLs it cannot build. Two
 * PostgreSQL nodes starting at once on a fresh database agree on one key.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { ENGINES, POSTGRES_AVAILABLE } from '../../../test/support/engines.ts';
import { defer, freshDatabase } from '../../../test/support/runtime.ts';
import { loadConfig } from '../../config.ts';
import { createApiKey } from '../../core/users/api-keys.ts';
import { createUser } from '../../core/users/users.ts';
import { createRuntime, type Runtime } from '../../runtime.ts';
import { KEY_IN_DATABASE_WARNING } from './open-token-seal.ts';
import { KEY_FILE, loadSecretKey, SecretKeyError } from './secret-key.ts';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../schema.ts';
import { migrateToLatest } from '../store.ts';

type Env = Record<string, string>;
const newKey = (): string => randomBytes(32).toString('base64');

/** A node the test stops itself (to start another on the same database); its warnings are kept. */
async function boot(t: TestContext, database: Env, env: Env = {}) {
  const warnings: string[] = [];
  const stream = new Writable({ write(line, _encoding, done) { warnings.push(JSON.parse(String(line)).msg); done(); } });
  const runtime = await createRuntime(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ...database, ...env }), { logger: { level: 'warn', stream } });
  let stopped = false;
  const stop = async () => {
    if (!stopped) await runtime.close();
    stopped = true;
  };
  defer(t, stop);
  return { runtime, warnings, stop };
}

/** A hook made through the API; returns its URL. */
async function makeHook(runtime: Runtime): Promise<string> {
  const user = await createUser(runtime.ctx, { email: `u-${randomBytes(4).toString('hex')}@example.test`, name: 'Ops', role: 'admin', password: 'password123' });
  const auth = { authorization: `Bearer ${(await createApiKey(runtime.ctx, user.id, { name: 'k' })).token}` };
  const conv = (await runtime.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: auth, payload: { title: 'Keys' } })).json();
  return (await runtime.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/hooks`, headers: auth, payload: { name: 'Monitor' } })).json().url;
}

async function listedUrls(runtime: Runtime): Promise<string[]> {
  const rows = await runtime.ctx.store.db.selectFrom('hooks').select(['token_hash', 'token_sealed']).execute();
  return rows.map((row) => `${runtime.config.publicUrl}/hook/${runtime.ctx.hookTokens.token(row)}`);
}

const postTo = (runtime: Runtime, url: string) => runtime.app.inject({ method: 'POST', url: new URL(url).pathname, headers: { 'content-type': 'application/json' }, payload: { message: 'x' } });

for (const engine of ENGINES) {
  test(`${engine}: without SWITCHBOARD_SECRET_KEY a key is generated once and kept for the next start`, async (t) => {
    const database = await freshDatabase(t, engine);
    const first = await boot(t, database);
    const url = await makeHook(first.runtime);
    const [row] = await first.runtime.ctx.store.db.selectFrom('sealing_key').selectAll().execute();
    const file = path.join(database.DATA_DIR, KEY_FILE);
    if (engine === 'sqlite') {
      assert.equal((await stat(file)).mode & 0o777, 0o600, 'the key file is readable by its owner only');
      assert.equal(row.stored_key, null, 'SQLite keeps the key out of the database file');
      assert.deepEqual(first.warnings, []);
    } else {
      await assert.rejects(stat(file), { code: 'ENOENT' });
      assert.match(row.stored_key ?? '', /^[A-Za-z0-9+/]{43}=$/);
      assert.deepEqual(first.warnings, [KEY_IN_DATABASE_WARNING], 'warned to set SWITCHBOARD_SECRET_KEY');
    }
    await first.stop();
    const second = await boot(t, database);
    assert.deepEqual(await listedUrls(second.runtime), [url]);
    assert.equal((await postTo(second.runtime, url)).statusCode, 200);
  });

  test(`${engine}: a start with a wrong or missing key fails with a clear message`, async (t) => {
    const database = await freshDatabase(t, engine);
    const key = newKey();
    const first = await boot(t, database, { SWITCHBOARD_SECRET_KEY: key });
    assert.equal(first.runtime.ctx.store.tokenSeal.keySource, 'config');
    const url = await makeHook(first.runtime);
    assert.deepEqual(first.warnings, []);
    await first.stop();

    await assert.rejects(boot(t, database, { SWITCHBOARD_SECRET_KEY: newKey() }), (error: Error) => {
      assert.ok(error instanceof SecretKeyError);
      assert.match(error.message, /SWITCHBOARD_SECRET_KEY is not the key this database's hook and bridge tokens were sealed with/);
      return true;
    });
    const missing = engine === 'sqlite' ? /secret-key is missing.*restore the file or set SWITCHBOARD_SECRET_KEY/ : /SWITCHBOARD_SECRET_KEY is not set.*set SWITCHBOARD_SECRET_KEY to that key/;
    await assert.rejects(boot(t, database), missing);
    // The right key still opens everything.
    const again = await boot(t, database, { SWITCHBOARD_SECRET_KEY: key });
    assert.deepEqual(await listedUrls(again.runtime), [url]);
  });
}

test('sqlite: a replaced DATA_DIR/secret-key fails the start, naming the file', async (t) => {
  const database = await freshDatabase(t, 'sqlite');
  await (await boot(t, database)).stop();
  await writeFile(path.join(database.DATA_DIR, KEY_FILE), `${newKey()}\n`);
  await assert.rejects(boot(t, database), new RegExp(`${path.join(database.DATA_DIR, KEY_FILE)} is not the key`));
});

test('postgres: setting SWITCHBOARD_SECRET_KEY to the stored key removes it from the database', { skip: !POSTGRES_AVAILABLE && 'PostgreSQL unreachable' }, async (t) => {
  const database = await freshDatabase(t, 'postgres');
  const first = await boot(t, database);
  const url = await makeHook(first.runtime);
  const stored = (await first.runtime.ctx.store.db.selectFrom('sealing_key').select('stored_key').executeTakeFirstOrThrow()).stored_key!;
  await first.stop();
  const second = await boot(t, database, { SWITCHBOARD_SECRET_KEY: stored });
  assert.deepEqual(second.warnings, []);
  assert.equal((await second.runtime.ctx.store.db.selectFrom('sealing_key').select('stored_key').executeTakeFirstOrThrow()).stored_key, null);
  assert.equal((await postTo(second.runtime, url)).statusCode, 200);
  assert.deepEqual(await listedUrls(second.runtime), [url]);
});

test('postgres: two nodes starting at once on a fresh database agree on the key', { skip: !POSTGRES_AVAILABLE && 'PostgreSQL unreachable' }, async (t) => {
  const database = await freshDatabase(t, 'postgres');
  const [a, b] = await Promise.all([boot(t, database), boot(t, { ...database, DATA_DIR: `${database.DATA_DIR}/b` })]);
  assert.equal((await a.runtime.ctx.store.db.selectFrom('sealing_key').selectAll().execute()).length, 1);
  const url = await makeHook(a.runtime);
  assert.deepEqual(await listedUrls(b.runtime), [url], 'what one node sealed the other opens');
  const sealedByB = b.runtime.ctx.store.tokenSeal.seal('shared');
  assert.equal(a.runtime.ctx.store.tokenSeal.open(sealedByB), 'shared');
});

test('postgres: first starts racing for the key all end with the one key that was stored', { skip: !POSTGRES_AVAILABLE && 'PostgreSQL unreachable' }, async (t) => {
  const database = await freshDatabase(t, 'postgres');
  // Separate pools, so the reads and inserts of the racers really interleave.
  const dbs = Array.from({ length: 6 }, () => new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.DATABASE_URL, max: 1 }) }) }));
  defer(t, () => Promise.all(dbs.map((db) => db.destroy())));
  await migrateToLatest(dbs[0]);
  await Promise.all(dbs.map((db) => db.selectFrom('sealing_key').selectAll().execute()));
  const keys = await Promise.all(dbs.map((db, i) => loadSecretKey(db, { engine: 'postgres', dataDir: `${database.DATA_DIR}/${i}`, configured: '' })));
  const stored = (await dbs[0].selectFrom('sealing_key').select('stored_key').execute()).map((r) => r.stored_key);
  assert.equal(stored.length, 1);
  assert.deepEqual(new Set(keys.map((k) => k.key.toString('base64'))), new Set(stored));
  assert.ok(keys.every((k) => k.source === 'database'));
});
