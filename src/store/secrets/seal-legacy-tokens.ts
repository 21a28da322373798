/**
 * The second half of migration 007. The SQL migration cannot seal (it runs before the key is
 * known: on PostgreSQL the generated key lives in a table that migration creates), so it hashes
 * the pre-007 plaintext tokens into `token_hash` and leaves each plaintext in `token_sealed`;
 * right after migrating, openStore loads the key and this step seals every such value in place.
 * A plaintext value is told apart by the missing `v1.` prefix (tokens are base64url: no dot).
 *
 * Idempotent and safe when several nodes start at once: each update only replaces the plaintext
 * it read, so a row is sealed once, by whichever node gets there first.
 * Old row versions can linger on disk until SQLite checkpoints and PostgreSQL vacuums.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { SEALED_PREFIX, type TokenSeal } from './token-seal.ts';

const TABLES = ['hooks', 'bridges'] as const;

/** Seals the tokens still held in plaintext; returns how many it sealed. */
export async function sealLegacyTokens(db: Kysely<Database>, seal: TokenSeal): Promise<number> {
  let sealed = 0;
  for (const table of TABLES) {
    const rows = await db.selectFrom(table).select(['id', 'token_sealed']).where('token_sealed', 'not like', `${SEALED_PREFIX}%`).execute();
    for (const row of rows) {
      const result = await db.updateTable(table).set({ token_sealed: seal.seal(row.token_sealed) }).where('id', '=', row.id).where('token_sealed', '=', row.token_sealed).executeTakeFirst();
      sealed += Number(result.numUpdatedRows);
    }
  }
  return sealed;
}
