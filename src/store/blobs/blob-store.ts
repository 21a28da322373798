/**
 * Uploaded files, content-addressed by SHA-256 under DATA_DIR/files/ab/cd/<sha256>. The same bytes
 * are stored once; a blob is fsynced before the message that refers to it commits. `sweep` removes
 * unfinished uploads and blobs no attachment names (src/ops/retention/).
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { newToken } from '../../lib/ids.ts';

/** What `sweep` removes; see there. */
export interface SweepOptions {
  /** files last modified before this (epoch ms) may go */
  beforeMs: number;
  /** which of these blobs an attachment names (they stay) */
  referenced(sha256s: string[]): Promise<Set<string>>;
  /** how many of the 256 top-level folders to walk this call (default 4) */
  shards?: number;
}

const SHARDS = 256;
/** blobs asked about in one `referenced` call */
const REFERENCE_CHUNK = 500;

export class BlobStore {
  readonly #root: string;
  /** the top-level folder the next sweep starts with */
  #nextShard = 0;
  constructor(dataDir: string) {
    this.#root = path.join(dataDir, 'files');
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha256');
    return path.join(this.#root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** A fresh temporary path on the same file system, so the final move is an atomic rename. */
  async tempPath(): Promise<string> {
    return path.join(await this.#tempDir(), newToken(12));
  }

  /** Streams `source` to a temp file while hashing it; `limitBytes` aborts with `tooLarge` beyond it. */
  async receive(source: Readable, limitBytes: number): Promise<{ path: string; sha256: string; size: number }> {
    const tmp = await this.tempPath();
    const hash = createHash('sha256');
    let size = 0;
    try {
      await pipeline(
        source,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            size += chunk.length;
            if (size > limitBytes) throw Object.assign(new Error('file too large'), { tooLarge: true });
            hash.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(tmp),
      );
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    return { path: tmp, sha256: hash.digest('hex'), size };
  }

  /** Moves a received temp file into place (durably); a blob that exists already is kept. */
  async commit(tmpPath: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    // Touched, an existing blob is wanted again: the sweep leaves it alone (it compares mtimes). If
    // the sweep has just taken it away, this upload puts its own copy in place.
    if (await touch(target)) {
      await rm(tmpPath, { force: true });
      return;
    }
    const handle = await open(tmpPath, 'r+');
    await handle.sync();
    await handle.close();
    await mkdir(path.dirname(target), { recursive: true });
    await rename(tmpPath, target);
  }

  async discard(tmpPath: string): Promise<void> {
    await rm(tmpPath, { force: true });
  }

  read(sha256: string): Readable {
    return createReadStream(this.pathOf(sha256));
  }

  /**
   * Removes temp files (uploads never committed) and blobs `referenced` does not name, last
   * modified before `beforeMs`. A blob is written before its message commits, so `beforeMs` must
   * leave a grace (RETAIN_TEMP_FILES) longer than any upload takes to commit. Each call walks
   * `shards` of the 256 top-level folders, resuming where the last call stopped, so one call stays
   * small however many files are stored.
   * @example await blobs.sweep({ beforeMs: Date.now() - 3_600_000, referenced: async (shas) => new Set(shas), shards: 256 })
   */
  async sweep(options: SweepOptions): Promise<{ tempFiles: number; blobs: number }> {
    const tempFiles = await this.#sweepTemp(options.beforeMs);
    let blobs = 0;
    for (let i = 0; i < Math.min(SHARDS, options.shards ?? 4); i++) {
      const shard = this.#nextShard.toString(16).padStart(2, '0');
      this.#nextShard = (this.#nextShard + 1) % SHARDS;
      const old = await this.#oldBlobs(path.join(this.#root, shard), options.beforeMs);
      for (let j = 0; j < old.length; j += REFERENCE_CHUNK) {
        const chunk = old.slice(j, j + REFERENCE_CHUNK);
        const named = await options.referenced(chunk.map((b) => b.sha256));
        for (const blob of chunk) if (!named.has(blob.sha256) && (await this.#remove(blob))) blobs++;
      }
    }
    return { tempFiles, blobs };
  }

  async #sweepTemp(beforeMs: number): Promise<number> {
    const dir = path.join(this.#root, 'tmp');
    let removed = 0;
    for (const name of await list(dir)) {
      const file = path.join(dir, name);
      const info = await stat(file).catch(() => null);
      if (info?.isFile() && info.mtimeMs < beforeMs) {
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  async #oldBlobs(shardDir: string, beforeMs: number): Promise<OldBlob[]> {
    const out: OldBlob[] = [];
    for (const sub of await list(shardDir)) {
      for (const name of await list(path.join(shardDir, sub))) {
        if (!/^[0-9a-f]{64}$/.test(name)) continue;
        const file = path.join(shardDir, sub, name);
        const info = await stat(file).catch(() => null);
        if (info?.isFile() && info.mtimeMs < beforeMs) out.push({ sha256: name, file, mtimeMs: info.mtimeMs });
      }
    }
    return out;
  }

  /**
   * Moves the blob aside, then deletes it only if nobody touched it since it was found old: an
   * upload of the same bytes that touched it before the move (commit() does) had it put back; one
   * that comes after the move finds no blob and writes its own.
   */
  async #remove(blob: OldBlob): Promise<boolean> {
    const aside = path.join(await this.#tempDir(), `swept-${blob.sha256}-${newToken(6)}`);
    if (!(await rename(blob.file, aside).then(() => true, ignoreMissing))) return false;
    const info = await stat(aside);
    if (info.mtimeMs !== blob.mtimeMs) {
      await rename(aside, blob.file);
      return false;
    }
    await rm(aside, { force: true });
    return true;
  }

  async #tempDir(): Promise<string> {
    const dir = path.join(this.#root, 'tmp');
    await mkdir(dir, { recursive: true });
    return dir;
  }
}

interface OldBlob {
  sha256: string;
  file: string;
  mtimeMs: number;
}

/** Sets the file's mtime to now; false if there is no such file. */
async function touch(file: string): Promise<boolean> {
  const at = new Date();
  return utimes(file, at, at).then(() => true, ignoreMissing);
}

async function list(dir: string): Promise<string[]> {
  return readdir(dir).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' || error.code === 'ENOTDIR' ? [] : Promise.reject(error)));
}

function ignoreMissing(error: NodeJS.ErrnoException): false {
  if (error.code === 'ENOENT') return false;
  throw error;
}
