import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from 'typebox';
import { validatorCompiler } from './validators.ts';

const compile = (httpPart: string, schema: object) => validatorCompiler({ schema, httpPart, method: 'GET', url: '/' } as Parameters<typeof validatorCompiler>[0]) as (data: unknown) => boolean;

test('an integer query parameter refuses Infinity and NaN, and still coerces digits', () => {
  const validate = compile('querystring', Type.Object({ after: Type.Optional(Type.Integer({ minimum: 0 })) }));
  for (const after of ['1e309', 'Infinity', 'NaN', '1.5']) assert.equal(validate({ after }), false, after);
  const ok = { after: '12' };
  assert.equal(validate(ok), true);
  assert.equal(ok.after, 12);
});

test('a body number refuses the Infinity that JSON.parse makes of 1e309', () => {
  const validate = compile('body', Type.Object({ limit: Type.Number() }));
  assert.equal(validate(JSON.parse('{"limit": 1e309}')), false);
  assert.equal(validate({ limit: 5 }), true);
});

test('integers past 2^53 are refused where the schema says integer, in the URL and in bodies', () => {
  const query = compile('querystring', Type.Object({ after: Type.Optional(Type.Integer({ minimum: 0 })) }));
  for (const after of ['99999999999999999999', '9223372036854775808']) assert.equal(query({ after }), false, after);
  assert.equal(query({ after: String(Number.MAX_SAFE_INTEGER) }), true);
  const body = compile('body', Type.Object({ position: Type.Optional(Type.Integer()), nested: Type.Optional(Type.Array(Type.Object({ n: Type.Integer() }))), free: Type.Optional(Type.Unknown()) }));
  assert.equal(body({ position: 1e20 }), false);
  assert.equal(body({ nested: [{ n: 2 }, { n: 1e300 }] }), false);
  // Free-form JSON (a bridge payload to preview) keeps its big numbers: only declared integers are bounded.
  assert.equal(body({ position: 3, nested: [{ n: 5 }], free: { phone: 49151123456789012345 } }), true);
});
