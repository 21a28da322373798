/**
 * The Kysely a write transaction hands out as `tx.db`: the store's Kysely (its compiler, adapter
 * and plugins) on the one connection the transaction holds, the way Kysely's own
 * `db.connection()` builds one, except that every query first writes what the transaction holds.
 * Nothing global is patched: it is a Kysely of its own, made on first use by its transaction.
 */
import {
  Kysely, SingleConnectionProvider,
  type AbortableOperationOptions, type CompiledQuery, type DatabaseConnection, type Dialect, type Driver, type QueryResult,
} from 'kysely';
import type { Database } from '../schema.ts';

/** What a query waits for first: undefined when it may run at once. */
export interface BeforeQuery {
  beforeQuery(sql: string): Promise<void> | undefined;
}

/** `db` and `dialect`: the store's Kysely and the dialect it was built with. */
export function transactionKyselyFactory(db: Kysely<Database>, dialect: Dialect): (connection: DatabaseConnection, held: BeforeQuery) => Kysely<Database> {
  const driver = new TransactionOwnedDriver();
  return (connection, held) => {
    const guarded: DatabaseConnection = {
      async executeQuery<R>(query: CompiledQuery, options?: AbortableOperationOptions): Promise<QueryResult<R>> {
        const wait = held.beforeQuery(query.sql);
        if (wait) await wait;
        return connection.executeQuery<R>(query, options);
      },
      streamQuery: <R>(query: CompiledQuery, chunkSize: number, options?: AbortableOperationOptions) => connection.streamQuery<R>(query, chunkSize, options),
    };
    const executor = db.getExecutor().withConnectionProvider(new SingleConnectionProvider(guarded));
    return new Kysely<Database>({ config: { dialect }, dialect, driver, executor });
  };
}

/** The write batcher begins and ends the transaction; through `tx.db` neither can be done. */
class TransactionOwnedDriver implements Driver {
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    throw new Error('tx.db runs on its transaction\'s connection only');
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
