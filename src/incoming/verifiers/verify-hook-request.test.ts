import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SwitchboardError } from '../../core/errors.ts';
import { jsonRequest, withHeaders } from '../dialects/fake-requests.ts';
import { VERIFIERS } from './registry.ts';
import { verifyHookRequest } from './verify-hook-request.ts';

const request = withHeaders(jsonRequest({ text: 'deployed' }), { 'x-gitlab-token': 'right' });

test('a hook that asks for nothing has nothing to verify', () => {
  assert.doesNotThrow(() => verifyHookRequest(null, jsonRequest({ text: 'x' }), 0));
});

test("the hook's verifier accepts the request", () => {
  assert.doesNotThrow(() => verifyHookRequest({ verifier: 'gitlab', secret: 'right' }, request, 0));
});

test('a refusal is 401 invalid_signature with the verifier\'s reason', () => {
  assert.throws(
    () => verifyHookRequest({ verifier: 'gitlab', secret: 'other' }, request, 0),
    (error: unknown) => error instanceof SwitchboardError && error.code === 'invalid_signature' && error.statusCode === 401 && /X-Gitlab-Token/.test(error.message),
  );
});

test('an unknown verifier fails closed, as a server error', () => {
  assert.throws(
    () => verifyHookRequest({ verifier: 'gitlb', secret: 'right' }, request, 0),
    (error: unknown) => !(error instanceof SwitchboardError) && /"gitlb", which does not exist \(known: gitlab\)/.test((error as Error).message),
  );
});

test('every verifier is registered under its own name', () => {
  for (const [name, verifier] of VERIFIERS) assert.equal(verifier.name, name);
});
