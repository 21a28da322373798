/**
 * Run by openStore after migrating, before anything reads a token: checks the sealing key against
 * the database (a wrong key fails the start) and seals what migration 007 left in plaintext.
 * Being part of opening the store, every opener does it: serve, `switchboard migrate`, the CLI.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { loadSecretKey, type KeyOptions } from './secret-key.ts';
import { sealLegacyTokens } from './seal-legacy-tokens.ts';
import { TokenSeal } from './token-seal.ts';

export async function openTokenSeal(db: Kysely<Database>, options: KeyOptions): Promise<TokenSeal> {
  const { key, source } = await loadSecretKey(db, options);
  const seal = new TokenSeal(key, source);
  await sealLegacyTokens(db, seal);
  return seal;
}

/** Logged at start when the key is kept in the database itself. */
export const KEY_IN_DATABASE_WARNING =
  'SWITCHBOARD_SECRET_KEY is not set: the key sealing hook and bridge tokens is kept in the database, so a dump of the database alone reveals every hook and bridge URL. Set SWITCHBOARD_SECRET_KEY to the stored key (select stored_key from sealing_key) on every node; the next start then removes it from the database.';

/** Warns through the node's logger when the key lives in the database (PostgreSQL without SWITCHBOARD_SECRET_KEY). */
export function warnIfKeyInDatabase(seal: TokenSeal, log: { warn(message: string): void }): void {
  if (seal.keySource === 'database') log.warn(KEY_IN_DATABASE_WARNING);
}
