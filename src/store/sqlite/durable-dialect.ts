/**
 * Kysely's SqliteDialect, made durable for writes outside the write batcher (users, keys,
 * conversations, settings): with synchronous=NORMAL a commit is not yet on disk, so whoever wrote
 * while holding the connection waits for the WAL fsync before its query returns. Reads pay nothing.
 */
import { SqliteDialect, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';

/** Counts statements that changed the database; shared with the raw hot-path runner's adapter. */
export interface WriteCounter {
  writes: number;
}

export class DurableSqliteDialect extends SqliteDialect {
  readonly #counter: WriteCounter;
  readonly #sync: () => Promise<void>;

  constructor(config: SqliteDialectConfig, counter: WriteCounter, sync: () => Promise<void>) {
    super(config);
    this.#counter = counter;
    this.#sync = sync;
  }

  createDriver(): Driver {
    const driver = super.createDriver();
    const counter = this.#counter;
    const sync = this.#sync;
    const acquire = driver.acquireConnection.bind(driver);
    const release = driver.releaseConnection.bind(driver);
    // One connection, handed out under a mutex: acquire and release pairs never interleave.
    let writesAtAcquire = 0;
    driver.acquireConnection = async (options?: Parameters<Driver['acquireConnection']>[0]): Promise<DatabaseConnection> => {
      const connection = await acquire(options);
      writesAtAcquire = counter.writes;
      return connection;
    };
    driver.releaseConnection = async (connection: DatabaseConnection): Promise<void> => {
      const wrote = counter.writes > writesAtAcquire;
      await release(connection);
      if (wrote) await sync();
    };
    return driver;
  }
}
