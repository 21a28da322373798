/**
 * Request counts shared by the nodes of one PostgreSQL deployment, so a rate limit (per hook, per
 * sign-in address) holds for the deployment and not per node. One row per bucket and clock-aligned
 * window; nodes add what they counted about once a second (src/store/shared-rate-counts.ts).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_counts')
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_counts_pk', ['bucket', 'window_start'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rate_counts').execute();
}
