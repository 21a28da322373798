/** A Store on a fresh database of one engine, closed after the test, and a connection of the test's own beside it. */
import type { TestContext } from 'node:test';
import pg from 'pg';
import { openStore, type Store, type StoreOptions } from '../../src/store/store.ts';
import type { EngineName } from './engines.ts';
import { defer, freshDatabase } from './runtime.ts';

export interface TestStore {
  store: Store;
  dataDir: string;
  /** PostgreSQL only: the database's URL, for connections that are not the store's */
  databaseUrl: string;
}

export async function openTestStore(t: TestContext, engine: EngineName, options: Partial<StoreOptions> = {}): Promise<TestStore> {
  const env = await freshDatabase(t, engine);
  const databaseUrl = env.DATABASE_URL ?? '';
  const store = await openStore({ databaseUrl, dataDir: env.DATA_DIR, writeBatchMax: 64, ...options });
  defer(t, () => store.close());
  return { store, dataDir: env.DATA_DIR, databaseUrl };
}

/** A PostgreSQL connection of the test's own (another node, an observer), ended after the test. */
export async function pgClient(t: TestContext, url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  defer(t, () => client.end());
  return client;
}
