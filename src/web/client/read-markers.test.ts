import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markSeen, readSeen, seenQuery } from './read-markers.ts';

/** A real in-memory Storage implementation (the same two methods the browser's has). */
function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
}

test('read markers only move forwards and survive garbage', () => {
  const storage = memoryStorage();
  assert.deepEqual(readSeen(storage), {});
  assert.equal(markSeen(storage, 'conv_a', 5), true);
  assert.equal(markSeen(storage, 'conv_a', 3), false, 'never backwards');
  assert.equal(markSeen(storage, 'conv_b', 9), true);
  assert.deepEqual(readSeen(storage), { conv_a: 5, conv_b: 9 });
  assert.equal(seenQuery(readSeen(storage)), 'conv_a:5,conv_b:9');
  for (const junk of ['not json', '[1,2]', 'null']) assert.deepEqual(readSeen(memoryStorage({ 'switchboard.seen.v1': junk })), {}, junk);
  assert.equal(seenQuery({ a: 0, b: 1.5, c: 2 }), 'c:2');
});
