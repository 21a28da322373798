/** The contract's error body, checked strictly: exactly `{"error": {"code", "message"}}`, a snake_case code, a sentence. */
import assert from 'node:assert/strict';

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/** Why `body` is not a contract error body, or null when it is one. */
export function errorBodyProblem(body: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return 'the body is not JSON';
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return 'the body is not an object';
  const keys = Object.keys(json);
  if (keys.length !== 1 || keys[0] !== 'error') return `the body's keys are ${JSON.stringify(keys)}, not ["error"]`;
  const error = (json as { error: unknown }).error;
  if (!error || typeof error !== 'object' || Array.isArray(error)) return 'error is not an object';
  const inner = Object.keys(error).sort();
  if (inner.length !== 2 || inner[0] !== 'code' || inner[1] !== 'message') return `error's keys are ${JSON.stringify(inner)}, not ["code","message"]`;
  const { code, message } = error as { code: unknown; message: unknown };
  if (typeof code !== 'string' || !SNAKE_CASE.test(code)) return `code ${JSON.stringify(code)} is not snake_case`;
  if (typeof message !== 'string' || message.length === 0) return 'message is not a non-empty string';
  return null;
}

/** Asserts a contract error answer, optionally with the expected status and code. */
export function assertErrorAnswer(answer: { status: number; body: string; headers?: Record<string, string | string[] | undefined> }, status?: number, code?: string): void {
  const problem = errorBodyProblem(answer.body);
  assert.equal(problem, null, `${answer.status} ${answer.body.slice(0, 300)}: ${problem}`);
  if (status !== undefined) assert.equal(answer.status, status, answer.body);
  if (code !== undefined) assert.equal(JSON.parse(answer.body).error.code, code, answer.body);
  const type = answer.headers?.['content-type'];
  if (type !== undefined) assert.match(String(type), /^application\/json/, 'an error answers application/json');
}
