/** Builds a real Switchboard node for a test, on a fresh database of the chosen engine, closed after it. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { createApiKey } from '../../src/core/users/api-keys.ts';
import { createUser, type User } from '../../src/core/users/users.ts';
import { createPgDatabase, type EngineName } from './engines.ts';

export interface TestNode extends Runtime {
  /** an admin user and its API key, ready to call the API */
  admin: User;
  token: string;
  auth: { authorization: string };
  /** creates another user with an API key */
  newUser(name: string): Promise<{ user: User; token: string; auth: { authorization: string } }>;
}

type Env = Record<string, string>;

/** Cleanups of one test, run last-in first-out (nodes close before their database is dropped). */
const cleanups = new WeakMap<TestContext, (() => Promise<unknown>)[]>();
export function defer(t: TestContext, fn: () => Promise<unknown>): void {
  let list = cleanups.get(t);
  if (!list) {
    cleanups.set(t, (list = []));
    t.after(async () => {
      for (const cleanup of list!.reverse()) await cleanup();
    });
  }
  list.push(fn);
}

/** A fresh database (a temp dir for SQLite, a new database for PostgreSQL) for one test. */
export async function freshDatabase(t: TestContext, engine: EngineName): Promise<Env> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sb-test-'));
  defer(t, () => rm(dataDir, { recursive: true, force: true }));
  if (engine === 'sqlite') return { DATA_DIR: dataDir };
  const db = await createPgDatabase();
  defer(t, () => db.drop());
  return { DATA_DIR: dataDir, DATABASE_URL: db.url };
}

export async function startNode(t: TestContext, engine: EngineName, env: Env = {}, opts: { listen?: boolean; database?: Env } = {}): Promise<TestNode> {
  const database = opts.database ?? (await freshDatabase(t, engine));
  // Nodes sharing one database are separate nodes: each gets its own identity (lease owner).
  const identity = opts.database ? { NODE_ID: `test-node-${Math.random().toString(36).slice(2, 10)}` } : {};
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ...database, ...identity, ...env });
  const runtime = await createRuntime(config);
  defer(t, () => runtime.close());
  if (opts.listen) {
    const url = await runtime.listen();
    runtime.config.publicUrl = url;
  }
  const newUser = async (name: string) => {
    const user = await createUser(runtime.ctx, { email: `${name.toLowerCase()}-${Math.random().toString(36).slice(2)}@example.test`, name, password: 'password123' });
    const key = await createApiKey(runtime.ctx, user.id, { name: `${name}'s key` });
    return { user, token: key.token, auth: { authorization: `Bearer ${key.token}` } };
  };
  const admin = await createUser(runtime.ctx, { email: `admin-${Math.random().toString(36).slice(2)}@example.test`, name: 'Admin', role: 'admin', password: 'password123' });
  const key = await createApiKey(runtime.ctx, admin.id, { name: 'admin key' });
  return Object.assign(runtime, { admin, token: key.token, auth: { authorization: `Bearer ${key.token}` }, newUser });
}
