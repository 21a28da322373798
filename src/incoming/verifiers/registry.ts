/**
 * Every inbound verifier, by the name a hook's setting gives. Adding one: a file beside this one
 * exporting a `Verifier`, its test, and its entry here. A name missing here fails closed
 * (verify-hook-request.ts), never a silent pass.
 */
import { gitlabTokenVerifier } from './gitlab-token.ts';
import type { Verifier } from './verifier.ts';

export const VERIFIERS: ReadonlyMap<string, Verifier> = new Map([gitlabTokenVerifier].map((verifier) => [verifier.name, verifier]));

export function verifierByName(name: string): Verifier | undefined {
  return VERIFIERS.get(name);
}
