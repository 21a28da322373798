import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHeapSpaceStatistics } from 'node:v8';
import { shouldTrim, startMemoryTrim, TRIM_DEFAULTS, type TrimProbes } from './memory-trim.ts';

const MiB = 1024 * 1024;
const settings = { checkMs: 1000, quietUtilisation: 0.05, slackBytes: 16 * MiB };

const cases = [
  { name: 'quiet and grown: trims', utilisation: 0.01, heapBytes: 120 * MiB, baseline: 40 * MiB, want: true },
  { name: 'busy: never trims', utilisation: 0.3, heapBytes: 300 * MiB, baseline: 40 * MiB, want: false },
  { name: 'quiet but within the slack: nothing to give back', utilisation: 0, heapBytes: 50 * MiB, baseline: 40 * MiB, want: false },
  { name: 'at the threshold counts as busy', utilisation: 0.05, heapBytes: 120 * MiB, baseline: 40 * MiB, want: false },
];
for (const c of cases) {
  test(`shouldTrim: ${c.name}`, () => {
    assert.equal(shouldTrim({ utilisation: c.utilisation, heapBytes: c.heapBytes }, c.baseline, settings), c.want);
  });
}

test('trims once after start-up, then again only after the heap grows back while quiet', (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  const state = { utilisation: 0.01, heapBytes: 180 * MiB, collections: 0 };
  const probes: TrimProbes = {
    utilisation: () => state.utilisation,
    heapBytes: () => state.heapBytes,
    collect: () => {
      state.collections++;
      state.heapBytes = 40 * MiB;
    },
  };
  const logged: object[] = [];
  const trim = startMemoryTrim({ log: { debug: (o) => logged.push(o) }, settings, probes });
  t.mock.timers.tick(1000);
  assert.equal(state.collections, 1, 'start-up garbage is trimmed on the first quiet check');
  t.mock.timers.tick(3000);
  assert.equal(state.collections, 1, 'nothing grew: no more collections');
  state.heapBytes = 200 * MiB;
  state.utilisation = 0.6;
  t.mock.timers.tick(3000);
  assert.equal(state.collections, 1, 'busy: waits');
  state.utilisation = 0.02;
  t.mock.timers.tick(1000);
  assert.equal(state.collections, 2, 'quiet again: trims');
  assert.deepEqual(logged[1], { heap_before_bytes: 200 * MiB, heap_after_bytes: 40 * MiB, duration_ms: 0 });
  trim.stop();
  state.heapBytes = 500 * MiB;
  t.mock.timers.tick(5000);
  assert.equal(state.collections, 2, 'stopped');
});

test('the real collection gives the young generation back and leaves no global gc', async () => {
  const garbage: unknown[] = [];
  for (let i = 0; i < 200_000; i++) garbage.push({ i, text: `row ${i}` });
  garbage.length = 0;
  const youngBefore = newSpaceBytes();
  let trimmed = false;
  const trim = startMemoryTrim({ log: { debug: () => (trimmed = true) }, settings: { ...TRIM_DEFAULTS, checkMs: 50, quietUtilisation: 1.01, slackBytes: 0 } });
  while (!trimmed) await new Promise((r) => setTimeout(r, 20));
  trim.stop();
  const youngAfter = newSpaceBytes();
  assert.ok(youngAfter < 4 * MiB && youngAfter <= youngBefore, `young generation ${youngBefore} → ${youngAfter} bytes`);
  assert.equal((globalThis as { gc?: unknown }).gc, undefined);
});

function newSpaceBytes(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.physical_space_size;
}
