/**
 * Statements of the write path declare what they touch, once, beside their SQL: whole tables, or
 * only some columns (`conversations(id, title)`). The transaction then computes whether held writes
 * must be written before a statement runs, and refuses what its rules forbid (write-behind.ts).
 */
export type Row = Record<string, unknown>;
export type Statement = [sql: string, params: unknown[]];

/** table → the columns touched, or null for the whole row */
export type Touches = ReadonlyMap<string, ReadonlySet<string> | null>;

/** `touches('messages', 'conversations(id, title)')` */
export function touches(...targets: string[]): Touches {
  const map = new Map<string, Set<string> | null>();
  for (const target of targets) {
    const match = /^\s*(\w+)\s*(?:\(([^)]*)\))?\s*$/.exec(target);
    if (!match) throw new Error(`not a table or table(columns): ${target}`);
    const [, table, list] = match;
    const columns = list === undefined ? null : new Set(list.split(',').map((c) => c.trim()));
    const before = map.get(table);
    map.set(table, before === null || columns === null ? null : new Set([...(before ?? []), ...columns]));
  }
  return map;
}

/** Whether `t` touches `table`'s `columns` (null: any column of it). */
export function overlaps(t: Touches, table: string, columns: ReadonlySet<string> | null): boolean {
  if (!t.has(table)) return false;
  const mine = t.get(table)!;
  if (mine === null || columns === null) return true;
  for (const column of columns) if (mine.has(column)) return true;
  return false;
}

/** A statement run at once, with `?` placeholders. */
export interface RawStatement {
  readonly sql: string;
  readonly touches: Touches;
  /** a SELECT: it leaves memoised reads valid */
  readonly reads: boolean;
}

export function statement(sql: string, ...targets: string[]): RawStatement {
  return { sql, touches: touches(...targets), reads: /^\s*select\b/i.test(sql) };
}

/** A read memoised for the transaction and fetched for every key of the batch at once. */
export interface MemoRead {
  /** the SQL, given the keys' placeholders (after the other parameters) */
  readonly sql: (placeholders: string) => string;
  /** the column its rows are grouped by */
  readonly keyColumn: string;
  readonly touches: Touches;
}

export function memoRead(sql: (placeholders: string) => string, keyColumn: string, ...targets: string[]): MemoRead {
  return { sql, keyColumn, touches: touches(...targets) };
}

/**
 * An update held until the next statement that needs it, or commit; a later one with the same id
 * replaces it. It names its table, the columns it sets and the rows it changes (by `keyColumn`),
 * so the transaction can check it against held inserts and memoised reads.
 */
export interface HeldUpdate {
  readonly table: string;
  readonly columns: ReadonlySet<string>;
  readonly keyColumn: string;
  /** the rows' keys, read at flush time */
  keys(): Iterable<unknown>;
  /** the statement, built at flush time */
  build(): Statement;
}
