/** Ordered migrations, shared by both engines. A new migration is one file and one line here. */
import type { Migration, MigrationProvider } from 'kysely/migration';
import * as foundation from './001-foundation.ts';
import * as outgoing from './002-outgoing.ts';
import * as support from './003-support.ts';
import * as bots from './004-bots.ts';
import * as actions from './005-actions.ts';
import * as rateCounts from './006-rate-counts.ts';
import * as hashedTokens from './007-hashed-tokens.ts';
import * as retention from './008-retention.ts';

const MIGRATIONS: Record<string, Migration> = {
  '001-foundation': foundation,
  '002-outgoing': outgoing,
  '003-support': support,
  '004-bots': bots,
  '005-actions': actions,
  '006-rate-counts': rateCounts,
  '007-hashed-tokens': hashedTokens,
  '008-retention': retention,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
