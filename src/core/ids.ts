/** Identifiers and secrets. Random parts come from the CSPRNG; tokens carry at least 128 bits. */
import { createHash, randomBytes } from 'node:crypto';

/** A sortable-enough, unguessable id with a readable prefix: `msg_2Jd9...` (96 random bits). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

/** A URL-safe secret of `bytes` random bytes (default 16 = 128 bits, 22 characters, like Fleep's hook keys). */
export function newToken(bytes = 16): string {
  return randomBytes(bytes).toString('base64url');
}

/** API keys are high-entropy random strings, so a fast hash is enough to store them (unlike passwords). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
