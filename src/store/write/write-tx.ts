/**
 * WriteTx: one write transaction, passed by hand down the write path (`store.write(key, (tx) => …)`).
 * Everything the path needs from its transaction is asked of it by name: the Kysely for statements
 * off the hot path, held inserts, the write path's own statements, memoised lookups, sequence
 * numbers and the notifications sent at commit. README.md beside this file shows one batch.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { RawRunner } from './raw-runner.ts';
import { Sequences } from './sequences.ts';
import type { HeldUpdate, MemoRead, RawStatement, Row } from './statements.ts';
import { WriteBehind } from './write-behind.ts';

export interface WriteTx {
  /**
   * Kysely on the transaction's connection, for statements off the hot path. Each query first
   * writes what the transaction holds, so it sees every earlier write of the transaction.
   * @example await tx.db.insertInto('cases').values(row).execute()
   */
  readonly db: Kysely<Database>;
  /** the keys (conversation ids) of the batch: lookups by key and the sequence lock cover them all at once */
  readonly keys: readonly string[];
  /** whether rows or updates are held, not yet written */
  readonly pending: boolean;
  /**
   * Holds a row for `table`, written with the transaction's other rows of that table as one
   * multi-row insert, before the next statement touching the table, or at commit. Pass one
   * constant `columns` array per statement.
   */
  hold(table: string, columns: readonly string[], values: unknown[]): void;
  /** Runs a declared statement (statements.ts) now, after the held writes to what it touches. */
  run<T = Row>(statement: RawStatement, params: unknown[]): Promise<T[]>;
  /** A read memoised for the transaction, fetched for every key of the batch at once; refuses what is held unwritten. */
  memoByKey<T = Row>(read: MemoRead, params: unknown[], key: string): Promise<T[]>;
  /** Holds an update; a later one with the same id replaces it. It must not touch rows held for insert. */
  deferUpdate(id: string, update: HeldUpdate): void;
  /** The conversation's next sequence number (null: no such conversation); the first call locks the batch's conversations. */
  nextSeq(conversationId: string, at: number): Promise<number | null>;
  /** whether notifications reach anyone (other nodes share the database); false: notifyAtCommit does nothing */
  readonly notifies: boolean;
  /** Tells the other nodes when the transaction commits; once per channel and payload. */
  notifyAtCommit(channel: string, payload: string): void;
}

/** The write batcher's side of a WriteTx: flushing, rolling back one write, ending. */
export class Transaction implements WriteTx {
  readonly #runner: RawRunner;
  readonly #held: WriteBehind;
  readonly #seqs: Sequences;
  readonly #openDb: (tx: Transaction) => Kysely<Database>;
  #db: Kysely<Database> | null = null;
  /** notifications sent or to send, by channel: the deduplication */
  readonly #notified = new Map<string, Set<string>>();
  #channels: string[] = [];
  #payloads: string[] = [];

  /** `openDb` builds the transaction's Kysely, on first use (tx-kysely.ts). */
  constructor(runner: RawRunner, keys: readonly string[], openDb: (tx: Transaction) => Kysely<Database>) {
    this.#runner = runner;
    this.#held = new WriteBehind((sql, params) => runner.exec(sql, params), runner.execAll && ((statements) => runner.execAll!(statements)), keys);
    this.#seqs = new Sequences(this.#held);
    this.#openDb = openDb;
  }

  get db(): Kysely<Database> {
    return (this.#db ??= this.#openDb(this));
  }

  get keys(): readonly string[] {
    return this.#held.keys;
  }

  get pending(): boolean {
    return this.#held.pending;
  }

  get notifies(): boolean {
    return this.#runner.notify !== undefined;
  }

  hold(table: string, columns: readonly string[], values: unknown[]): void {
    this.#held.insert(table, columns, values);
  }

  async run<T = Row>(statement: RawStatement, params: unknown[]): Promise<T[]> {
    return (await this.#held.run(statement, params)) as T[];
  }

  async memoByKey<T = Row>(read: MemoRead, params: unknown[], key: string): Promise<T[]> {
    return (await this.#held.memoByKey(read, params, key)) as T[];
  }

  deferUpdate(id: string, update: HeldUpdate): void {
    this.#held.deferUpdate(id, update);
  }

  nextSeq(conversationId: string, at: number): Promise<number | null> {
    return this.#seqs.next(conversationId, at);
  }

  notifyAtCommit(channel: string, payload: string): void {
    if (!this.#runner.notify) return;
    let sent = this.#notified.get(channel);
    if (!sent) this.#notified.set(channel, (sent = new Set()));
    if (sent.has(payload)) return;
    sent.add(payload);
    this.#channels.push(channel);
    this.#payloads.push(payload);
  }

  /** Before a query on the transaction's Kysely: the held writes go first. */
  beforeQuery(sql: string): Promise<void> | undefined {
    return this.#held.beforeQuery(sql);
  }

  /** Writes what is held and sends the notifications collected so far (before commit, after each isolated write). */
  async flush(): Promise<void> {
    const extra = this.#channels.length ? [this.#runner.notify!(this.#channels, this.#payloads)] : [];
    this.#channels = [];
    this.#payloads = [];
    await this.#held.flush(extra);
  }

  /**
   * The current write was rolled back to its savepoint: what it left held is dropped, counters
   * and memoised reads start afresh, and its notifications may be sent again by a later write
   * (the next flush still sends them inside the savepoint, whose rollback takes them back).
   */
  discard(): void {
    this.#held.discard();
    this.#seqs.discard();
    this.#channels.forEach((channel, i) => this.#notified.get(channel)?.delete(this.#payloads[i]));
  }

  /** The transaction ended: nothing can be written through it any more. */
  close(): void {
    this.#held.close();
  }
}
