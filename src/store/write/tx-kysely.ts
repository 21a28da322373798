/**
 * The Kysely a write transaction hands out as `tx.db`: built over the one connection the
 * transaction holds, whose every query first writes what the transaction holds. Nothing global is
 * patched: it is a Kysely of its own, made (on first use) by the transaction that owns it.
 */
import { Kysely, type AbortableOperationOptions, type CompiledQuery, type DatabaseConnection, type DialectAdapter, type Driver, type QueryCompiler, type QueryResult, type Dialect } from 'kysely';
import type { Database } from '../schema.ts';

/** What a query waits for first: undefined when it may run at once. */
export interface BeforeQuery {
  beforeQuery(sql: string): Promise<void> | undefined;
}

/** Built once per store: the dialect's adapter and compiler are shared by every transaction's Kysely. */
export function transactionKyselyFactory(dialect: Dialect): (connection: DatabaseConnection, held: BeforeQuery) => Kysely<Database> {
  const adapter: DialectAdapter = dialect.createAdapter();
  const compiler: QueryCompiler = dialect.createQueryCompiler();
  return (connection, held) => {
    const guarded: DatabaseConnection = {
      async executeQuery<R>(query: CompiledQuery, options?: AbortableOperationOptions): Promise<QueryResult<R>> {
        const wait = held.beforeQuery(query.sql);
        if (wait) await wait;
        return connection.executeQuery<R>(query, options);
      },
      streamQuery: <R>(query: CompiledQuery, chunkSize: number, options?: AbortableOperationOptions) => connection.streamQuery<R>(query, chunkSize, options),
    };
    return new Kysely<Database>({
      dialect: {
        createAdapter: () => adapter,
        createQueryCompiler: () => compiler,
        createIntrospector: (db) => dialect.createIntrospector(db),
        createDriver: () => new HeldConnectionDriver(guarded),
      },
    });
  };
}

/** Hands out the transaction's connection; the write batcher begins and ends the transaction itself. */
class HeldConnectionDriver implements Driver {
  readonly #connection: DatabaseConnection;

  constructor(connection: DatabaseConnection) {
    this.#connection = connection;
  }

  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.#connection;
  }
  async releaseConnection(): Promise<void> {}
  async beginTransaction(): Promise<void> {
    throw new Error('a write transaction cannot begin another: store.write() commits it');
  }
  async commitTransaction(): Promise<void> {
    throw new Error('store.write() commits the write transaction');
  }
  async rollbackTransaction(): Promise<void> {
    throw new Error('a write transaction rolls back by throwing from its write');
  }
  async destroy(): Promise<void> {}
}
