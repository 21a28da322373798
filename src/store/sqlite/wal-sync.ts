/**
 * Durable group commit without blocking the event loop. SQLite runs with synchronous=NORMAL in WAL
 * mode: a commit writes its frames to the WAL but does not fsync them (checkpoints still sync
 * safely, so the database cannot corrupt). Before any writer is acknowledged, this barrier fsyncs
 * the WAL file on libuv's thread pool; once that returns, every commit made before it is on disk.
 * Meanwhile the event loop keeps reading requests and building the next batch.
 *
 * Calls that arrive while an fsync is running share the next one, so there is at most one fsync
 * in flight and one queued, however many batches commit.
 */
import { open, type FileHandle } from 'node:fs/promises';

/**
 * Wraps one fsync, for tests that observe or hold the durability barrier: it must call `fsync`
 * (the real one) and resolve after it; the writers waiting on the barrier wait for it too.
 */
export type AroundFsync = (fsync: () => Promise<void>) => Promise<void>;

export class WalSync {
  readonly #walPath: string;
  readonly #around: AroundFsync | undefined;
  #handle: Promise<FileHandle> | null = null;
  #running: Promise<void> | null = null;
  #queued: Promise<void> | null = null;

  constructor(walPath: string, around?: AroundFsync) {
    this.#walPath = walPath;
    this.#around = around;
  }

  /** Resolves when an fsync that started after this call has finished. */
  sync(): Promise<void> {
    if (!this.#running) return (this.#running = this.#fsync());
    if (!this.#queued) {
      this.#queued = this.#running.catch(() => {}).then(() => {
        this.#queued = null;
        return (this.#running = this.#fsync());
      });
    }
    return this.#queued;
  }

  async #fsync(): Promise<void> {
    try {
      if (this.#around) await this.#around(() => this.#datasync());
      else await this.#datasync();
    } finally {
      this.#running = null;
    }
  }

  async #datasync(): Promise<void> {
    // The WAL file exists once the first transaction committed; it is reused, not replaced,
    // while the connection is open, so one handle serves for the life of the store.
    this.#handle ??= open(this.#walPath, 'r+');
    await (await this.#handle).datasync();
  }

  async close(): Promise<void> {
    if (this.#running) await this.#running.catch(() => {});
    if (this.#queued) await this.#queued.catch(() => {});
    if (this.#handle) await (await this.#handle).close();
    this.#handle = null;
  }
}
