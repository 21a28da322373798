/** Identifiers and secrets. Random parts come from the CSPRNG; tokens carry at least 128 bits. */
import { createHash, randomBytes } from 'node:crypto';

// Ids are drawn from a pool refilled 4 KiB at a time: one CSPRNG call per ~340 ids instead of one
// each (the same trick Node uses for randomUUID); every id still gets fresh random bytes.
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let offset = 0;

/**
 * An unguessable id with a readable prefix: `msg_1jb8q0m3k` + 96 random bits.
 *
 * The first nine characters are the creation time in milliseconds, base 32 (`0-9a-v`, which sorts
 * the same as the numbers), so new rows land at the right edge of every id index instead of on a
 * random page: on a table of a million messages a random id dirtied one more index page per insert,
 * and writing those pages was most of a commit's cost. The random part keeps ids unguessable.
 */
export function newId(prefix: string): string {
  if (offset + 12 > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  const random = pool.toString('base64url', offset, offset + 12);
  offset += 12;
  return `${prefix}_${timePart()}${random}`;
}

let lastMs = -1;
let lastTime = '';
function timePart(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastTime = ms.toString(32).padStart(9, '0');
    lastMs = ms;
  }
  return lastTime;
}

/** A URL-safe secret of `bytes` random bytes (default 16 = 128 bits, 22 characters, like Fleep's hook keys). */
export function newToken(bytes = 16): string {
  return randomBytes(bytes).toString('base64url');
}

/** API keys are high-entropy random strings, so a fast hash is enough to store them (unlike passwords). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
