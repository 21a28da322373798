/**
 * Hook and bridge tokens stop being stored in plaintext (issue 15): `token` becomes
 * `token_sealed` (AES-256-GCM, for showing the URL) beside a new `token_hash` (SHA-256 hex, the
 * only thing looked up; unique). See src/store/secrets/.
 *
 * Sealing needs the key, which this migration does not have (on PostgreSQL a generated key lives in
 * the `sealing_key` table created here). So this migration hashes every existing token and leaves
 * its plaintext in `token_sealed`; openStore then loads the key and seals those values at once
 * (src/store/secrets/seal-legacy-tokens.ts), before anything reads a token.
 *
 * The column is renamed rather than dropped and re-added: SQLite cannot drop a UNIQUE column
 * without rebuilding the table (and rebuilding `bridges` would cascade into its chats). The
 * unique constraint thus stays on `token_sealed`, harmless: a random IV makes every sealed value
 * unique. `token_hash` is nullable in SQL only because SQLite cannot add a NOT NULL column without a
 * default; every row has one.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';

const sha256 = (token: string): string => createHash('sha256').update(token).digest('hex');

// `any`: the two tables are named at run time.
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['hooks', 'bridges']) {
    await db.schema.alterTable(table).renameColumn('token', 'token_sealed').execute();
    await db.schema.alterTable(table).addColumn('token_hash', 'text').execute();
    const rows: { id: string; token_sealed: string }[] = await db.selectFrom(table).select(['id', 'token_sealed']).execute();
    for (const row of rows) await db.updateTable(table).set({ token_hash: sha256(row.token_sealed) }).where('id', '=', row.id).execute();
    await db.schema.createIndex(`${table}_token_hash`).on(table).column('token_hash').unique().execute();
  }

  // One row: the check value of the sealing key, and the key itself only when PostgreSQL generated it.
  await db.schema
    .createTable('sealing_key')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key_check', 'text', (c) => c.notNull())
    .addColumn('stored_key', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}
