import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { defer, freshDatabase } from '../../test/support/runtime.ts';
import { waitFor } from '../../test/support/wait-for.ts';
import { openStore } from '../store/store.ts';
import { Leases } from './leases.ts';

test('the heartbeat keeps held leases alive; without it they run out and attempts stop starting', async (t) => {
  const env = await freshDatabase(t, 'sqlite');
  const store = await openStore({ databaseUrl: '', dataDir: env.DATA_DIR, writeBatchMax: 64 });
  defer(t, () => store.close());
  const now = Date.now();
  // The leases' clock, moved by the test; only the heartbeat's period (lease/3) is real time.
  let clock = now;
  await store.db.insertInto('conversations').values({ id: 'cnv_1', title: 'c', kind: 'team', status: 'open', created_by: null, last_seq: 0, created_at: now, updated_at: now } as never).execute();
  await store.db.insertInto('webhooks').values({ id: 'whk_1', conversation_id: 'cnv_1', url: 'http://127.0.0.1:9', format: 'standard', events: '[]', filters: '{}', secret: 's', previous_secret: null, previous_secret_until: null, status: 'active', parallel: 0, reply_hook_id: null, failing_since: null, disabled_reason: null, created_by: null, created_at: now, updated_at: now }).execute();
  const row = { id: 'dlv_1', webhook_id: 'whk_1', conversation_id: 'cnv_1', event_id: 'evt_1', event_type: 'message.created', seq: 1, sample: null, ordered: 1, status: 'sending' as const, attempts: 0, auto_attempts: 0, manual_retry: 0, next_attempt_at: now + 300, lease_owner: 'me', lease_until: now + 300, last_status_code: null, last_error: null, created_at: now, updated_at: now, part: null };
  await store.db.insertInto('deliveries').values(row).execute();
  const leaseOf = () => store.db.selectFrom('deliveries').select(['lease_until', 'next_attempt_at']).where('id', '=', 'dlv_1').executeTakeFirstOrThrow();

  const leases = new Leases({ store, owner: 'me', leaseMs: 300, timeoutMs: 100, log: pino({ level: 'silent' }), now: () => clock });
  leases.hold([row], now);
  clock = now + 250;
  assert.equal(leases.covers('dlv_1'), false, 'an attempt started now would outlive the claimed lease');
  leases.start();
  // The next beat renews from the moved clock: a full lease from now + 250.
  await waitFor(async () => (await leaseOf()).lease_until === clock + 300 && leases.covers('dlv_1'));
  const renewed = await leaseOf();
  assert.ok(renewed.lease_until! > clock, 'renewed in the database');
  assert.equal(renewed.next_attempt_at, renewed.lease_until, 'a sending row is due again exactly when its lease ends');
  assert.equal(leases.covers('dlv_1'), true);

  leases.stop();
  clock += 250;
  assert.equal(leases.covers('dlv_1'), false, 'an attempt would outlive the lease: it must not start');
  await leases.release([row]);
  const released = await store.db.selectFrom('deliveries').select(['status', 'lease_owner', 'next_attempt_at']).where('id', '=', 'dlv_1').executeTakeFirstOrThrow();
  assert.deepEqual({ ...released }, { status: 'pending', lease_owner: null, next_attempt_at: clock });
});

test('stopping gives back at once what no attempt has started on, and keeps the attempts in flight leased', async (t) => {
  const env = await freshDatabase(t, 'sqlite');
  const store = await openStore({ databaseUrl: '', dataDir: env.DATA_DIR, writeBatchMax: 64 });
  defer(t, () => store.close());
  const now = Date.now();
  await store.db.insertInto('conversations').values({ id: 'cnv_1', title: 'c', kind: 'team', status: 'open', created_by: null, last_seq: 0, created_at: now, updated_at: now } as never).execute();
  await store.db.insertInto('webhooks').values({ id: 'whk_1', conversation_id: 'cnv_1', url: 'http://127.0.0.1:9', format: 'standard', events: '[]', filters: '{}', secret: 's', previous_secret: null, previous_secret_until: null, status: 'active', parallel: 1, reply_hook_id: null, failing_since: null, disabled_reason: null, created_by: null, created_at: now, updated_at: now }).execute();
  const lease = now + 60_000;
  const rows = ['dlv_sending', 'dlv_waiting'].map((id, i) => ({ id, webhook_id: 'whk_1', conversation_id: 'cnv_1', event_id: `evt_${i}`, event_type: 'message.created', seq: i + 1, sample: null, ordered: 0, status: 'sending' as const, attempts: 0, auto_attempts: 0, manual_retry: 0, next_attempt_at: lease, lease_owner: 'me', lease_until: lease, last_status_code: null, last_error: null, created_at: now, updated_at: now, part: null }));
  await store.db.insertInto('deliveries').values(rows).execute();

  const leases = new Leases({ store, owner: 'me', leaseMs: 60_000, timeoutMs: 100, log: pino({ level: 'silent' }), now: () => now });
  leases.hold(rows, now);
  leases.begin('dlv_sending');
  await leases.releaseWaiting();
  const after = await store.db.selectFrom('deliveries').select(['id', 'status', 'lease_owner', 'next_attempt_at']).orderBy('id').execute();
  assert.deepEqual(after.map((r) => [r.id, r.status, r.lease_owner]), [['dlv_sending', 'sending', 'me'], ['dlv_waiting', 'pending', null]]);
  assert.equal(after[1].next_attempt_at, now, 'the waiting one is due at once, for another node');
  assert.equal(leases.covers('dlv_sending'), true, 'the attempt in flight keeps its lease');
  assert.equal(leases.covers('dlv_waiting'), false, 'no attempt starts on what was given back');
});
