/**
 * Write-behind inside one write transaction. A batch of messages used to cost, per message, an
 * insert into messages, one into events, one per delivery, a bump of the conversation's sequence
 * counter and two lookups (webhooks, actions). On PostgreSQL each is a network round trip made
 * while the batch holds the conversation's row lock: a batch of 25 took about 27 ms and ingest
 * stalled near 900 messages/s. Here those statements are held instead:
 *
 * - hot-path inserts are kept in memory and written as one multi-row insert per table;
 * - a held update keeps only its latest version per id (the sequence counters: one UPDATE locks
 *   the batch's conversations and reads their counters, one writes them back);
 * - lookups of what the held writes do not change are memoised for the transaction, and fetched
 *   for all the batch's keys (conversations) at once.
 *
 * The rules, checked here rather than trusted (statements declare what they touch: statements.ts):
 * 1. a statement runs after the held writes to the tables it touches (a Kysely query, which
 *    declares nothing, after all of them); on PostgreSQL one flush is one statement;
 * 2. a memoised read refuses a table (or columns) with held writes, and any other write forgets
 *    the memoised reads;
 * 3. a held update must not touch rows held for insert: PostgreSQL runs a flush as one statement,
 *    whose parts do not see each other's rows.
 */
import { overlaps, type HeldUpdate, type MemoRead, type RawStatement, type Row, type Statement, type Touches } from './statements.ts';

/** runs a statement on the transaction's connection, past the write-behind */
export type Exec = (sql: string, params: unknown[]) => Row[] | Promise<Row[]>;
/** runs several statements (no results wanted) as one, in order */
export type ExecAll = (statements: Statement[]) => Promise<void>;

/** rows per multi-row insert: well under SQLite's and PostgreSQL's parameter limits */
const ROWS_PER_STATEMENT = 64;

interface HeldInsert {
  table: string;
  columns: readonly string[];
  rows: unknown[][];
}

export class WriteBehind {
  readonly #exec: Exec;
  readonly #execAll: ExecAll | undefined;
  readonly #inserts = new Map<unknown, HeldInsert>();
  readonly #updates = new Map<string, HeldUpdate>();
  readonly #memoByKey = new Map<MemoRead, Map<string, Map<string, Row[]>>>();
  #flushing = false;
  #closed = false;
  /** the keys (conversation ids) of the batch's writes: lookups by key fetch them all at once */
  readonly keys: readonly string[];

  constructor(exec: Exec, execAll: ExecAll | undefined, keys: readonly string[]) {
    this.#exec = exec;
    this.#execAll = execAll;
    this.keys = keys;
  }

  /** The transaction ended: nothing held may be written after it, even by a late caller. */
  close(): void {
    this.#closed = true;
    this.#inserts.clear();
    this.#updates.clear();
    this.#memoByKey.clear();
  }

  /** A write was rolled back to its savepoint: what it left held is dropped, memoised reads start afresh. */
  discard(): void {
    this.#inserts.clear();
    this.#updates.clear();
    this.#memoByKey.clear();
  }

  get pending(): boolean {
    return this.#inserts.size > 0 || this.#updates.size > 0;
  }

  /** Holds a row for `table`; rows of one table keep their order, tables are written in first-use order. */
  insert(table: string, columns: readonly string[], row: unknown[]): void {
    // Keyed by the column list itself (callers pass one constant array per statement), which
    // spares building a string per row; a list shared by two tables falls back to a string key.
    const first = this.#inserts.get(columns);
    const key = !first || first.table === table ? columns : `${table}(${columns.join(',')})`;
    let held = this.#inserts.get(key);
    if (!held) this.#inserts.set(key, (held = { table, columns, rows: [] }));
    held.rows.push(row);
  }

  /** Holds an update; a later one with the same id replaces it (and runs last). Rule 3 is checked at flush. */
  deferUpdate(id: string, update: HeldUpdate): void {
    this.#updates.delete(id);
    this.#updates.set(id, update);
  }

  /**
   * A memoised read by key, for every key of the batch at once: `read.sql` gets the placeholders
   * of the keys (after `params`), and its rows are grouped by `read.keyColumn`. Ten conversations
   * in a batch cost one lookup, not ten round trips. It never waits for held writes: rule 2 refuses
   * a read of what they change.
   */
  async memoByKey(read: MemoRead, params: unknown[], key: string): Promise<Row[]> {
    // Nested maps, not one long string key: this runs once per event on the ingest hot path.
    let byParams = this.#memoByKey.get(read);
    if (!byParams) this.#memoByKey.set(read, (byParams = new Map()));
    const paramsKey = params.join('\u0000');
    let byKey = byParams.get(paramsKey);
    if (!byKey) byParams.set(paramsKey, (byKey = new Map()));
    const hit = byKey.get(key);
    if (hit) return hit;
    if (this.#closed) throw new Error('this write transaction has ended');
    const held = this.#heldIn(read.touches);
    if (held) throw new Error(`a memoised read must not read what the transaction holds unwritten (table ${held})`);
    const keys = this.keys.includes(key) ? this.keys : [key];
    const rows = await this.#exec(read.sql(keys.map(() => '?').join(', ')), [...params, ...keys]);
    for (const k of keys) byKey.set(k, []);
    for (const row of rows) byKey.get(String(row[read.keyColumn]))?.push(row);
    return byKey.get(key)!;
  }

  /**
   * Runs a statement after the held writes to what it touches (rule 1); a write forgets the
   * memoised reads. `besides`: a held update the statement is known to be apart from (the
   * sequence lock takes only rows the counter write-back does not hold).
   */
  async run(stmt: RawStatement, params: unknown[], besides?: HeldUpdate): Promise<Row[]> {
    if (this.#closed) throw new Error('this write transaction has ended');
    if (!stmt.reads) this.#memoByKey.clear();
    if (this.pending && this.#heldIn(stmt.touches, besides)) await this.flush();
    return this.#exec(stmt.sql, params);
  }

  /** Before a Kysely query, which declares nothing: it runs after everything held. Undefined: it may run now. */
  beforeQuery(sql: string): Promise<void> | undefined {
    if (this.#closed) throw new Error('this write transaction has ended');
    if (this.#flushing) return undefined;
    if (!/^\s*select\b/i.test(sql)) this.#memoByKey.clear();
    return this.pending ? this.flush() : undefined;
  }

  /** The first table among `t` with held writes, if any. */
  #heldIn(t: Touches, besides?: HeldUpdate): string | null {
    for (const held of this.#inserts.values()) if (t.has(held.table)) return held.table;
    for (const update of this.#updates.values()) if (update !== besides && overlaps(t, update.table, update.columns)) return update.table;
    return null;
  }

  /**
   * Writes everything held: inserts first (table by table, in order), then the held updates, then
   * `extra` (the notifications). Where the runner can send several statements as one
   * (PostgreSQL), they go in one round trip.
   */
  async flush(extra: Statement[] = []): Promise<void> {
    if (this.#flushing || this.#closed || (!this.pending && !extra.length)) return;
    this.#flushing = true;
    try {
      const statements: Statement[] = [];
      for (const held of this.#inserts.values()) {
        for (let i = 0; i < held.rows.length; i += ROWS_PER_STATEMENT) {
          const chunk = held.rows.slice(i, i + ROWS_PER_STATEMENT);
          statements.push([insertSql(held.table, held.columns, chunk.length), chunk.flat()]);
        }
      }
      for (const update of this.#updates.values()) {
        this.#refuseHeldRows(update);
        statements.push(update.build());
      }
      statements.push(...extra);
      this.#inserts.clear();
      this.#updates.clear();
      if (this.#execAll && statements.length > 1) await this.#execAll(statements);
      else for (const [sql, params] of statements) await this.#exec(sql, params);
    } finally {
      this.#flushing = false;
    }
  }

  /** Rule 3. Costs nothing unless the update's table has held inserts (never on the ingest path). */
  #refuseHeldRows(update: HeldUpdate): void {
    let keys: Set<unknown> | null = null;
    for (const held of this.#inserts.values()) {
      if (held.table !== update.table) continue;
      const at = held.columns.indexOf(update.keyColumn);
      keys ??= new Set(update.keys());
      if (at < 0 || held.rows.some((row) => keys!.has(row[at]))) {
        throw new Error(`a held update must not touch rows held for insert (table ${update.table}): one flush is one statement on PostgreSQL, whose parts do not see each other's rows`);
      }
    }
  }
}

const insertTexts = new Map<string, string>();
function insertSql(table: string, columns: readonly string[], rows: number): string {
  const key = `${table}(${columns.join(',')})${rows}`;
  let text = insertTexts.get(key);
  if (!text) {
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    insertTexts.set(key, (text = `insert into ${table} (${columns.join(', ')}) values ${Array(rows).fill(tuple).join(', ')}`));
  }
  return text;
}
