/**
 * Which key seals hook and bridge tokens (see token-seal.ts), checked against the database.
 *
 * - SWITCHBOARD_SECRET_KEY set: that key. The recommended set-up: a dump of the database, or a copy
 *   of DATA_DIR, then reveals no hook URL.
 * - unset, SQLite: generated once into DATA_DIR/secret-key (mode 0600), beside the database file.
 * - unset, PostgreSQL: nodes share the database but each has its own DATA_DIR, so a file cannot be
 *   shared; the key is generated once into the `sealing_key` row. Nodes starting together on a fresh
 *   database each insert a candidate with "on conflict do nothing" and then all read the one row.
 *   The runtime warns at start that SWITCHBOARD_SECRET_KEY should be set; once it is set to that
 *   key, the next start removes the key from the database.
 *
 * The row always holds `key_check` (keyCheck of the key), so a start with another key fails with
 * a message saying what to do, instead of serving URLs it cannot build.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { parseSecretKey, SECRET_KEY_BYTES } from '../../lib/secret-key-format.ts';
import { keyCheck, type KeySource } from './token-seal.ts';

const ROW_ID = 'tokens';
export const KEY_FILE = 'secret-key';

/** The start cannot go on with this key: the message says why and what to do. */
export class SecretKeyError extends Error {
  readonly code = 'secret_key_invalid';
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

export interface KeyOptions {
  engine: 'sqlite' | 'postgres';
  dataDir: string;
  /** SWITCHBOARD_SECRET_KEY; empty when unset */
  configured: string;
}

export async function loadSecretKey(db: Kysely<Database>, options: KeyOptions): Promise<{ key: Buffer; source: KeySource }> {
  let row = await readRow(db);
  if (!row) {
    // First start on this database (fresh, or just migrated to 007): record the key to check against.
    const candidate = options.configured ? configuredKey(options.configured) : options.engine === 'sqlite' ? await readKeyFile(options.dataDir, true) : randomBytes(SECRET_KEY_BYTES);
    const stored = !options.configured && options.engine === 'postgres' ? candidate.toString('base64') : null;
    await db.insertInto('sealing_key').values({ id: ROW_ID, key_check: keyCheck(candidate), stored_key: stored, created_at: Date.now() }).onConflict((oc) => oc.column('id').doNothing()).execute();
    row = (await readRow(db))!;
  }
  const { key, source } = await chooseKey(row, options);
  if (keyCheck(key) !== row.key_check) throw mismatch(source, options);
  if (source === 'config' && row.stored_key !== null) {
    // The operator moved the generated key into SWITCHBOARD_SECRET_KEY: it need not stay in the database.
    await db.updateTable('sealing_key').set({ stored_key: null }).where('id', '=', ROW_ID).execute();
  }
  return { key, source };
}

async function chooseKey(row: { stored_key: string | null }, options: KeyOptions): Promise<{ key: Buffer; source: KeySource }> {
  if (options.configured) return { key: configuredKey(options.configured), source: 'config' };
  if (options.engine === 'sqlite') return { key: await readKeyFile(options.dataDir, false), source: 'file' };
  if (row.stored_key === null) {
    throw new SecretKeyError('SWITCHBOARD_SECRET_KEY is not set, but this database\'s hook and bridge tokens were sealed with a key kept outside it: set SWITCHBOARD_SECRET_KEY to that key');
  }
  return { key: configuredKey(row.stored_key), source: 'database' };
}

function configuredKey(text: string): Buffer {
  const key = parseSecretKey(text);
  if (!key) throw new SecretKeyError('SWITCHBOARD_SECRET_KEY must be 32 bytes in base64 (for example the output of `openssl rand -base64 32`)');
  return key;
}

function mismatch(source: KeySource, options: KeyOptions): SecretKeyError {
  const where = { config: 'SWITCHBOARD_SECRET_KEY', file: path.join(options.dataDir, KEY_FILE), database: 'the key stored in the database' }[source];
  return new SecretKeyError(`${where} is not the key this database's hook and bridge tokens were sealed with, so their URLs cannot be shown: start with the key they were sealed with (SWITCHBOARD_SECRET_KEY, or ${KEY_FILE} in the DATA_DIR it was generated in)`);
}

/** DATA_DIR/secret-key, created (0600, never overwritten) when `create` and missing. */
async function readKeyFile(dataDir: string, create: boolean): Promise<Buffer> {
  const file = path.join(dataDir, KEY_FILE);
  try {
    const key = parseSecretKey(await readFile(file, 'utf8'));
    if (!key) throw new SecretKeyError(`${file} does not hold a 32-byte base64 key`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (!create) throw new SecretKeyError(`${file} is missing, but this database's hook and bridge tokens were sealed with a key: restore the file or set SWITCHBOARD_SECRET_KEY to that key`);
  }
  const key = randomBytes(SECRET_KEY_BYTES);
  await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

function readRow(db: Kysely<Database>) {
  return db.selectFrom('sealing_key').select(['key_check', 'stored_key']).where('id', '=', ROW_ID).executeTakeFirst();
}
