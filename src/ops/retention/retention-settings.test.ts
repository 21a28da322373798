import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../config.ts';
import { retentionSettings } from './retention-settings.ts';

const DAY = 86_400_000;

test('the defaults: deliveries 30 days, events 7, keys a day, bridge ids 7, temp files an hour', () => {
  assert.deepEqual(retentionSettings(loadConfig({})), {
    deliveriesMs: 30 * DAY, eventsMs: 7 * DAY, idempotencyKeysMs: DAY, bridgeSeenMs: 7 * DAY, tempFilesMs: 3_600_000, sweepMs: 60_000, batchRows: 500,
  });
});

const bad = [
  { name: 'a duration without a unit', env: { RETAIN_EVENTS: '7' }, error: /RETAIN_EVENTS: invalid/ },
  { name: 'two durations', env: { RETAIN_DELIVERIES: '30d,1d' }, error: /RETAIN_DELIVERIES/ },
  { name: 'batches of no rows', env: { RETENTION_BATCH_ROWS: '0' }, error: /RETENTION_BATCH_ROWS must be between 1 and 10000/ },
  { name: 'batches too large to stay short', env: { RETENTION_BATCH_ROWS: '100000' }, error: /RETENTION_BATCH_ROWS/ },
];
for (const c of bad) {
  test(`refused at start: ${c.name}`, () => {
    assert.throws(() => retentionSettings(loadConfig(c.env)), c.error);
  });
}

test('every bad setting is named at once', () => {
  assert.throws(() => retentionSettings(loadConfig({ RETAIN_BRIDGE_SEEN: 'week', RETAIN_TEMP_FILES: '-1h' })), (error: Error) => /RETAIN_BRIDGE_SEEN/.test(error.message) && /RETAIN_TEMP_FILES/.test(error.message));
});
