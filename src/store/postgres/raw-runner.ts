/**
 * PostgreSQL's runner for the write path's own statements (store/write/raw-runner.ts), on the
 * connection the write transaction holds, past Kysely's query building: `?` placeholders become
 * `$n`, and a batch's held writes and its notifications go out as one statement.
 */
import { CompiledQuery, type DatabaseConnection } from 'kysely';
import type { RawRunner } from '../write/raw-runner.ts';
import type { Row, Statement } from '../write/statements.ts';

const NOTIFY_SQL = 'select pg_notify(c, p) from unnest(?::text[], ?::text[]) as t(c, p)';

export function pgRunner(connection: DatabaseConnection): RawRunner {
  const run = (text: string, values: unknown[]) => connection.executeQuery(CompiledQuery.raw(text, values));
  return {
    exec: async (sql, values) => (await run(toPg(sql), values)).rows as Row[],
    execAll: async (statements) => void (await run(...combinedPg(statements))),
    notify: (channels, payloads) => [NOTIFY_SQL, [channels, payloads]],
  };
}

const pgTexts = new Map<string, string>();
/** `?` placeholders become `$1, $2, …` (our hot-path SQL has no `?` inside literals). */
function toPg(sql: string): string {
  let text = pgTexts.get(sql);
  if (!text) pgTexts.set(sql, (text = numberPlaceholders(sql)));
  return text;
}

function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * Several statements as one: the writes become data-modifying CTEs, which PostgreSQL runs exactly
 * once each, in one round trip; a final SELECT (the notifications) is the main query. Foreign keys
 * are checked at the end of the statement, so rows may reference rows of an earlier part.
 */
function combinedPg(statements: Statement[]): [string, unknown[]] {
  const last = statements.at(-1)![0];
  const main = /^\s*select\b/i.test(last) ? last : null;
  const parts = (main ? statements.slice(0, -1) : statements).map(([sql], i) => `w${i} as (${sql})`);
  // Not cached: the text varies with every batch's row counts.
  return [numberPlaceholders(`with ${parts.join(', ')} ${main ?? 'select 1'}`), statements.flatMap(([, params]) => params)];
}
