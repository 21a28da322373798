/**
 * The hook pipeline's verification step, run after the body is read and before anything is
 * stored or a stored answer replayed (hook-plugin.ts).
 */
import { SwitchboardError } from '../../core/errors.ts';
import type { HookRow } from '../../core/hooks/hooks.ts';
import type { RawHookRequest } from '../types.ts';
import { VERIFIERS, verifierByName } from './registry.ts';
import type { HookVerification } from './verifier.ts';

/**
 * What `hook` asks of its senders. No hook holds a verification setting yet, so every hook has
 * nothing to verify; issue 11 adds the setting (its secret sealed like the hook token) and reads it here.
 */
export function hookVerification(_hook: HookRow): HookVerification | null {
  return null;
}

/**
 * Passes when there is nothing to verify or the hook's verifier accepts the request; otherwise
 * throws 401 `invalid_signature`. A setting naming no known verifier is a plain error (500): a
 * misconfigured hook refuses everything rather than accepting anything.
 */
export function verifyHookRequest(verification: HookVerification | null, request: RawHookRequest, nowMs: number): void {
  if (verification === null) return;
  const verifier = verifierByName(verification.verifier);
  if (verifier === undefined) throw new Error(`the hook names the verifier "${verification.verifier}", which does not exist (known: ${[...VERIFIERS.keys()].join(', ')})`);
  const result = verifier.verify(request, verification.secret, nowMs);
  if (!result.ok) throw new SwitchboardError('invalid_signature', result.message);
}
