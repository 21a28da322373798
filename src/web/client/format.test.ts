import { test } from 'node:test';
import assert from 'node:assert/strict';
import { colorSlot, formatBytes, formatTime, initials } from './format.ts';

test('formatTime shortens by distance from now', () => {
  const now = new Date(2026, 2, 10, 18, 0);
  assert.equal(formatTime(new Date(2026, 2, 10, 9, 5).toISOString(), now), '09:05');
  assert.equal(formatTime(new Date(2026, 0, 3, 14, 5).toISOString(), now), '3 Jan 14:05');
  assert.equal(formatTime(new Date(2024, 6, 1, 8, 0).toISOString(), now), '1 Jul 2024');
  assert.equal(formatTime('not a date', now), '');
});

test('formatBytes, initials and colorSlot', () => {
  const sizes: [number | null, string][] = [[null, ''], [0, '0 B'], [1023, '1023 B'], [1536, '1.5 KB'], [5 * 1024 ** 2, '5.0 MB']];
  for (const [n, text] of sizes) assert.equal(formatBytes(n), text);
  const names: [string, string][] = [['Ada Lovelace', 'AL'], ['grafana', 'G'], ['  ', '?'], ['Jean Luc Picard', 'JP'], ['élodie', 'É']];
  for (const [name, text] of names) assert.equal(initials(name), text);
  assert.equal(colorSlot('Ada'), colorSlot('Ada'));
  assert.ok(colorSlot('anything') >= 0 && colorSlot('anything') < 6);
});
