/**
 * Inbound verification: proof that a hook request comes from the sender the hook expects (a
 * signature over the raw body, a shared token in a header). Verifiers are pure like dialects: no
 * I/O; the clock is passed in (for signatures that carry a timestamp).
 */
import type { RawHookRequest } from '../types.ts';

/** What a hook asks of its senders: the verifier's name (a key of `VERIFIERS`) and the secret it checks against. */
export interface HookVerification {
  verifier: string;
  secret: string;
}

export type VerifyResult = { ok: true } | { ok: false; message: string };

/**
 * One way of checking a sender. Fails closed: a missing header, or a request without the raw
 * bytes a signature needs (`raw_body` is `null` for multipart), is a failure, never a pass.
 * @example { name: 'gitlab', verify: (request, secret) => sameSecret(request.headers['x-gitlab-token'], secret) ? VERIFIED : refused('…') }
 */
export interface Verifier {
  /** the name a hook's setting gives, e.g. `gitlab` */
  readonly name: string;
  /** `message` says what was wrong without echoing anything secret */
  verify(request: RawHookRequest, secret: string, nowMs: number): VerifyResult;
}

export const VERIFIED: VerifyResult = { ok: true };

export const refused = (message: string): VerifyResult => ({ ok: false, message });
