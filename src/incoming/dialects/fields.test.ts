import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Fields, PayloadRejection, httpUrlOrNull, parseEmbeddedJson } from './fields.ts';

/** [case, read, expected value or the rejection message] */
const readCases: Array<[string, () => unknown, unknown]> = [
  ['absent string is null', () => Fields.of({}).string('text'), null],
  ['null string is null', () => Fields.of({ text: null }).string('text'), null],
  ['string', () => Fields.of({ text: 'hi' }).string('text'), 'hi'],
  ['number is not a string', () => Fields.of({ text: 1 }).string('text'), '$.text must be a string, got number'],
  ['loose number', () => Fields.of({ user: 4.5 }).looseString('user'), '4.5'],
  ['loose boolean', () => Fields.of({ user: false }).looseString('user'), 'false'],
  ['loose object', () => Fields.of({ user: {} }).looseString('user'), '$.user must be a string, got object'],
  ['prototype keys are absent', () => Fields.of({}).raw('constructor'), null],
  ['prototype keys are absent for strings', () => Fields.of({}).string('toString'), null],
  ['nested path', () => Fields.of({ a: { b: [{ c: 1 }] } }).object('a')?.objects('b')[0].string('c'), '$.a.b[0].c must be a string, got number'],
  ['root name', () => Fields.of({ c: [] }, 'payload').string('c'), 'payload.c must be a string, got array'],
  ['not an object', () => Fields.of(null), '$ must be an object, got null'],
  ['array item not an object', () => Fields.of({ list: [1] }).objects('list'), '$.list[0] must be an object, got number'],
  ['absent array is empty list of objects', () => Fields.of({}).objects('list'), []],
  ['array', () => Fields.of({ list: [1, 'a'] }).array('list'), [1, 'a']],
  ['has ignores null', () => Fields.of({ a: null }).has('a'), false],
];

for (const [name, read, expected] of readCases) {
  test(`Fields: ${name}`, () => {
    let value: unknown;
    try {
      value = read();
    } catch (error) {
      assert.ok(error instanceof PayloadRejection, String(error));
      assert.equal(error.code, 'invalid_payload');
      value = error.message;
    }
    assert.deepEqual(value, expected);
  });
}

test('parseEmbeddedJson: a syntax error is a 400 malformed_json naming the field', () => {
  assert.deepEqual(parseEmbeddedJson('{"a":1}', 'payload'), { a: 1 });
  assert.throws(() => parseEmbeddedJson('{', 'payload_json'), (error: unknown) => {
    assert.ok(error instanceof PayloadRejection);
    assert.deepEqual([error.status, error.code], [400, 'malformed_json']);
    assert.match(error.message, /^form field payload_json is not valid JSON: /);
    return true;
  });
});

const urlCases: Array<[string | null, string | null]> = [
  ['https://a.example.org/x.png', 'https://a.example.org/x.png'],
  ['http://a.example.org', 'http://a.example.org'],
  ['javascript:alert(1)', null],
  ['data:image/png;base64,AA', null],
  ['/relative.png', null],
  ['', null],
  [null, null],
];
for (const [input, expected] of urlCases) {
  test(`httpUrlOrNull(${JSON.stringify(input)})`, () => assert.equal(httpUrlOrNull(input), expected));
}
