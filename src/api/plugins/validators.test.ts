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
