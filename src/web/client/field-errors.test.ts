import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from './api.ts';
import { fieldErrorsOf, splitFieldMessage } from './field-errors.ts';

test('splitFieldMessage reads the field an API message names', () => {
  const cases: [string, ReturnType<typeof splitFieldMessage>][] = [
    ['reply: must not be empty', { field: 'reply', message: 'must not be empty' }],
    ['trigger.pattern: not a supported regular expression: x', { field: 'trigger.pattern', message: 'not a supported regular expression: x' }],
    ['trigger.keywords[2]: must be a string', { field: 'trigger.keywords', message: 'must be a string' }],
    ['cooldown_seconds: must be a whole number', { field: 'cooldown_seconds', message: 'must be a whole number' }],
    ['the server answered 500', null],
    ['Something: happened', null],
  ];
  for (const [text, expected] of cases) assert.deepEqual(splitFieldMessage(text), expected, text);
});

test('fieldErrorsOf places a 422 under the nearest known field, anything else under ""', () => {
  const known = ['trigger', 'trigger.pattern', 'reply', 'cooldown_seconds'];
  const cases: [unknown, Record<string, string>][] = [
    [new ApiError(422, 'invalid_field', 'trigger.pattern: bad'), { 'trigger.pattern': 'bad' }],
    [new ApiError(422, 'invalid_field', 'trigger.phrase: too long'), { trigger: 'too long' }],
    [new ApiError(422, 'invalid_field', 'name: must be short'), { '': 'name: must be short' }],
    [new ApiError(404, 'not_found', 'reply: not a field error'), { '': 'reply: not a field error' }],
    [new Error('network down'), { '': 'network down' }],
  ];
  for (const [error, expected] of cases) assert.deepEqual(fieldErrorsOf(error, known), expected, String(error));
});
