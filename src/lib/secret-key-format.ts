/**
 * SWITCHBOARD_SECRET_KEY's format: 32 bytes in base64 (`openssl rand -base64 32`; base64url and
 * a missing `=` are accepted too). In lib/, not beside store/secrets/secret-key.ts, so config.ts
 * can validate the setting without importing the store.
 */
export const SECRET_KEY_BYTES = 32;

/** The key's bytes, or null when the text is not 32 bytes of base64. */
export function parseSecretKey(text: string): Buffer | null {
  // Node's base64 decoder skips characters it does not know, so the shape is checked first.
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(text.trim())) return null;
  const key = Buffer.from(text.trim(), 'base64');
  return key.length === SECRET_KEY_BYTES ? key : null;
}
