/** Ordered migrations, shared by both engines. A new migration is one file and one line here. */
import type { Migration, MigrationProvider } from 'kysely/migration';
import * as foundation from './001-foundation.ts';

const MIGRATIONS: Record<string, Migration> = {
  '001-foundation': foundation,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
