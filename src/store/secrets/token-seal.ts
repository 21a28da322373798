/**
 * Hook and bridge tokens at rest. A token is looked up by its SHA-256 (`token_hash`, never reversed)
 * and kept sealed with AES-256-GCM (`token_sealed`) only so that its URL can still be shown: the
 * contract lists hooks and bridges with their `url`, and the UI copies a hook's URL at any time.
 *
 * Sealed format, versioned so the algorithm or key can change later:
 * `v1.<iv>.<tag>.<ciphertext>`, each part base64url, a fresh 96-bit IV per seal.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { hashToken } from '../../lib/ids.ts';

const VERSION = 'v1';
/** What every sealed value starts with; a token (base64url) never contains a dot. */
export const SEALED_PREFIX = `${VERSION}.`;
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const CHECK_LABEL = 'switchboard token sealing key check v1';

/** Where the key came from: only `database` is a concern (a dump of the database then opens every URL). */
export type KeySource = 'config' | 'file' | 'database';

export class TokenSeal {
  readonly keySource: KeySource;
  readonly #key: Buffer;

  constructor(key: Buffer, keySource: KeySource) {
    this.#key = key;
    this.keySource = keySource;
  }

  /** What a row stores of a token: its hash, for lookup, and its sealed form, to show it again. */
  columns(token: string): { token_hash: string; token_sealed: string } {
    return { token_hash: hashToken(token), token_sealed: this.seal(token) };
  }

  seal(token: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#key, iv);
    const ciphertext = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  /** The token; throws if the value was not sealed with this key or was altered. */
  open(sealed: string): string {
    const [version, iv, tag, ciphertext, ...rest] = sealed.split('.');
    if (version !== VERSION || ciphertext === undefined || rest.length) throw new Error(`not a ${VERSION} sealed token`);
    const decipher = createDecipheriv(ALGORITHM, this.#key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/** True for a value in the sealed format; a pre-007 row holds its plaintext token there until sealed. */
export const isSealed = (value: string): boolean => value.startsWith(SEALED_PREFIX);

/**
 * A value that tells whether a key is the one the database's tokens were sealed with, without
 * revealing it (an HMAC of a constant): checked at every start, so a wrong key fails the start
 * instead of serving URLs that cannot be built.
 */
export function keyCheck(key: Buffer): string {
  return createHmac('sha256', key).update(CHECK_LABEL).digest('base64url');
}
