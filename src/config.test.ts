import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from './config.ts';

test('defaults follow the contract', () => {
  const c = loadConfig({});
  assert.equal(c.port, 8080);
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.publicUrl, 'http://127.0.0.1:8080');
  assert.equal(c.databaseUrl, '');
  assert.equal(c.hookBodyLimitBytes, 1024 * 1024);
  assert.equal(c.hookFileLimitBytes, 25 * 1024 * 1024);
  assert.deepEqual(c.deliveryRetrySchedule, ['0s', '5s', '5m', '30m', '2h', '5h', '10h', '10h']);
  assert.deepEqual(c.outgoingAllowedNets, []);
});

test('values are parsed with units, and every bad one is reported at once', () => {
  const c = loadConfig({ PORT: '9000', HOOK_BODY_LIMIT_BYTES: '64KiB', PUBLIC_URL: 'https://chat.example.test/', OUTGOING_ALLOWED_NETS: '127.0.0.1/32, 10.0.0.0/8' });
  assert.equal(c.port, 9000);
  assert.equal(c.hookBodyLimitBytes, 65536);
  assert.equal(c.publicUrl, 'https://chat.example.test');
  assert.deepEqual(c.outgoingAllowedNets, ['127.0.0.1/32', '10.0.0.0/8']);
  assert.throws(() => loadConfig({ PORT: 'eighty', HOOK_FILE_LIMIT_BYTES: 'lots' }), (err: Error) => /PORT/.test(err.message) && /HOOK_FILE_LIMIT_BYTES/.test(err.message));
  assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL/);
});
