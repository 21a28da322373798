/** Constant-time comparison of a sent secret (a token, a signature) with the expected one. */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * True when `sent` is exactly `expected`. Both are hashed first, so the comparison takes the same
 * time whatever their lengths, and `timingSafeEqual` never sees buffers of different sizes.
 */
export function sameSecret(sent: string | undefined, expected: string): boolean {
  if (sent === undefined) return false;
  return timingSafeEqual(digest(sent), digest(expected));
}
