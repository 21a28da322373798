/**
 * Conformance, every engine: migrating a migrated database runs nothing and changes nothing, and
 * neither does opening it again (the open also seals tokens and checks the key).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { ENGINES } from '../../../test/support/engines.ts';
import { defer } from '../../../test/support/runtime.ts';
import { openTestStore } from '../../../test/support/store.ts';
import { migrationProvider } from '../migrations/index.ts';
import { migrateToLatest, openStore, type Store } from '../store.ts';
import type { EngineName } from '../engine.ts';

/** Every index and constraint, as each engine describes its own schema. */
const SCHEMA_OBJECTS: Record<EngineName, string> = {
  sqlite: "select type || ' ' || name || ': ' || coalesce(sql, '') as line from sqlite_master order by type, name",
  postgres: `select 'index ' || indexname || ': ' || indexdef as line from pg_indexes where schemaname = 'public'
    union all select 'constraint ' || conname || ': ' || pg_get_constraintdef(oid) from pg_constraint where connamespace = 'public'::regnamespace
    order by line`,
};

async function describeSchema(store: Store): Promise<unknown> {
  const tables = await store.db.introspection.getTables({ withInternalKyselyTables: true });
  const objects = await sql<{ line: string }>`${sql.raw(SCHEMA_OBJECTS[store.engine.name])}`.execute(store.db);
  const migrations = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
  return { tables, objects: objects.rows.map((r) => r.line), migrations: migrations.rows.map((r) => r.name) };
}

for (const engine of ENGINES) {
  test(`${engine}: migrations run twice, and an open twice, leave the schema unchanged`, async (t) => {
    const { store, dataDir, databaseUrl } = await openTestStore(t, engine);
    const migrated = await describeSchema(store);
    const names = Object.keys(await migrationProvider.getMigrations()).sort();
    assert.deepEqual((migrated as { migrations: string[] }).migrations, names, 'not every migration ran once');

    assert.deepEqual(await migrateToLatest(store.db), [], 'a migration ran again');
    assert.deepEqual(await describeSchema(store), migrated);

    // A second open of the same database, as the next start would make it.
    const again = await openStore({ databaseUrl, dataDir, writeBatchMax: 64 });
    defer(t, () => again.close());
    assert.deepEqual(await describeSchema(again), migrated);
  });
}
