import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SwitchboardError } from './errors.ts';
import { cleanText, hasNul, nulPath, stripNul } from './storable-text.ts';

const NUL = '\u0000';

const cases: { name: string; value: unknown; path: string | null; stripped: unknown }[] = [
  { name: 'clean text', value: { a: 'x', b: [1, 'y', null, { c: true }] }, path: null, stripped: { a: 'x', b: [1, 'y', null, { c: true }] } },
  { name: 'a string', value: `a${NUL}b`, path: '(body)', stripped: 'ab' },
  { name: 'a nested value', value: { a: 'x', b: [{ c: 'ok' }, { c: `n${NUL}` }] }, path: 'b[1].c', stripped: { a: 'x', b: [{ c: 'ok' }, { c: 'n' }] } },
  { name: 'a key', value: { [`k${NUL}`]: 'v' }, path: 'k\\u0000', stripped: { k: 'v' } },
  { name: 'an array of strings', value: ['a', `b${NUL}${NUL}`], path: '[1]', stripped: ['a', 'b'] },
  { name: 'not walked: a Buffer', value: Buffer.from([0]), path: null, stripped: Buffer.from([0]) },
];

for (const c of cases) {
  test(`storable text: ${c.name}`, () => {
    assert.equal(hasNul(c.value), c.path !== null);
    if (c.path !== null) assert.equal(nulPath(c.value), c.path);
    assert.deepEqual(stripNul(Buffer.isBuffer(c.value) ? c.value : structuredClone(c.value)), c.stripped);
  });
}

test('storable text: objects are cleaned in place, and the field is named when refused', () => {
  const body = { title: `T${NUL}`, keep: { n: 1 } };
  const keep = body.keep;
  assert.equal(cleanText(body, 'strip'), body);
  assert.deepEqual(body, { title: 'T', keep: { n: 1 } });
  assert.equal(body.keep, keep);
  assert.throws(() => cleanText({ before: NUL }, 'refuse', 'query'), (e: SwitchboardError) => e.code === 'invalid_text' && e.statusCode === 400 && /^query\.before: /.test(e.message));
  // Null-prototype objects (query strings) are walked too.
  assert.equal(hasNul(Object.assign(Object.create(null), { q: NUL })), true);
});

test('storable text: nesting deeper than the stack is walked', () => {
  let deep: unknown = `x${NUL}`;
  for (let i = 0; i < 200_000; i++) deep = [deep];
  assert.equal(hasNul(deep), true);
  assert.match(nulPath(deep)!, /^(\[0\]){200000}$/);
  stripNul(deep);
  assert.equal(hasNul(deep), false);
});
