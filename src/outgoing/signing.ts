/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com/), computed by the `standardwebhooks`
 * package rather than our own HMAC code: signed content is `<id>.<unix seconds>.<raw body>`.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** 32 random bytes (the spec asks for at least 24). */
const SECRET_BYTES = 32;

/** The three headers every outgoing delivery carries, whatever its format. */
export interface SignatureHeaders {
  /** the delivery id: the same on every retry, so receivers can de-duplicate */
  'webhook-id': string;
  /** Unix seconds of this attempt */
  'webhook-timestamp': string;
  /** space-separated `v1,<base64>` entries, one per secret */
  'webhook-signature': string;
}

/** A new webhook secret: `whsec_` + base64 of 32 random bytes. */
export function generateSecret(): string {
  return `whsec_${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/**
 * Signs one attempt. Several secrets (old and new during a rotation overlap) give several entries,
 * so receivers holding either secret accept the request.
 * @example signHeaders({ id: 'dlv_1', timestamp: new Date(), body: '{}', secrets: [secret] })
 */
export function signHeaders(input: { id: string; timestamp: Date; body: string; secrets: string[] }): SignatureHeaders {
  if (input.secrets.length === 0) throw new Error('signHeaders needs at least one secret');
  const signatures = input.secrets.map((secret) => new Webhook(secret).sign(input.id, input.timestamp, input.body));
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(Math.floor(input.timestamp.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}
