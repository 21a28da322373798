/**
 * SQLite's runner for the write path's own statements (store/write/raw-runner.ts): prepared
 * statements on node:sqlite, cached for the life of the connection, run on the one connection the
 * write batcher holds (Kysely's statements use the same DatabaseSync).
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { RawRunner, RunnerFor } from '../write/raw-runner.ts';
import type { Row } from '../write/statements.ts';

const sqliteParams = (values: unknown[]) => values.map((v) => (v === undefined ? null : typeof v === 'boolean' ? Number(v) : v)) as (string | number | null)[];

export function sqliteRunnerFactory(raw: DatabaseSync): RunnerFor {
  // A statement that returns no columns is run, not iterated (RETURNING clauses have columns).
  const statements = new Map<string, { stmt: StatementSync; returns: boolean }>();
  const exec = (sql: string, values: unknown[]): Row[] => {
    let prepared = statements.get(sql);
    if (!prepared) {
      const stmt = raw.prepare(sql);
      statements.set(sql, (prepared = { stmt, returns: stmt.columns().length > 0 }));
    }
    if (prepared.returns) return prepared.stmt.all(...sqliteParams(values)) as Row[];
    prepared.stmt.run(...sqliteParams(values));
    return [];
  };
  // One node, one writer: no notifications, and no statements to combine.
  const runner: RawRunner = { exec };
  return () => runner;
}
