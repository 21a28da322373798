/**
 * Uploaded files, content-addressed by SHA-256 under DATA_DIR/files/ab/cd/<sha256>. The same bytes
 * are stored once; a blob is fsynced before the message that refers to it commits.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { newToken } from '../../core/ids.ts';

export class BlobStore {
  readonly #root: string;
  constructor(dataDir: string) {
    this.#root = path.join(dataDir, 'files');
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha256');
    return path.join(this.#root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** A fresh temporary path on the same file system, so the final move is an atomic rename. */
  async tempPath(): Promise<string> {
    const dir = path.join(this.#root, 'tmp');
    await mkdir(dir, { recursive: true });
    return path.join(dir, newToken(12));
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
    if (await exists(target)) {
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
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
