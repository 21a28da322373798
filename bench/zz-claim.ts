import { mkdtempSync } from 'node:fs';
import { sql } from 'kysely';
import { openStore } from '../src/store/store.ts';
import { claimDueDeliveries } from '../src/outgoing/claim.ts';
import { loadDeliveryContexts } from '../src/outgoing/delivery-context.ts';
import { loadConfig } from '../src/config.ts';
const store = await openStore({ databaseUrl: process.env.PG ?? '', dataDir: mkdtempSync('/tmp/sbc-'), writeBatchMax: 256 });
const db = store.db;
const now = Date.now();
await db.insertInto('conversations').values({ id: 'c1', title: 't', kind: 'team', status: 'open', created_by: null, last_seq: 0, created_at: now, updated_at: now } as any).execute();
const parallel = Number(process.env.PARALLEL ?? 1);
await db.insertInto('webhooks').values({ id: 'w1', conversation_id: 'c1', url: 'http://x', format: 'standard', events: '[]', filters: '{}', secret: 's', previous_secret: null, previous_secret_until: null, status: 'active', parallel, reply_hook_id: null, failing_since: null, disabled_reason: null, created_by: null, created_at: now, updated_at: now }).execute();
const N = 6000;
for (let i = 0; i < N; i += 500) await db.insertInto('deliveries').values(Array.from({ length: 500 }, (_, j) => ({ id: `d${i + j}`, webhook_id: 'w1', conversation_id: 'c1', event_id: `e${i + j}`, event_type: 'message.created', seq: i + j + 1, sample: null, ordered: parallel ? 0 : 1, status: 'pending' as const, attempts: 0, auto_attempts: 0, manual_retry: 0, next_attempt_at: now, lease_owner: null, lease_until: null, last_status_code: null, last_error: null, created_at: now, updated_at: now }))).execute();
const config = loadConfig({});
let t = performance.now(); let claims = 0, n = 0, loadMs = 0;
for (;;) {
  const runs = await store.write('', (tx) => claimDueDeliveries(tx, { engine: store.engine, owner: 'me', now: Date.now(), leaseMs: 60000, limit: 64, runMax: 64 }));
  if (!runs.length) break;
  claims++; const ids = runs.flatMap((r) => r.deliveries.map((d) => d.id)); n += ids.length;
  const l0 = performance.now(); await loadDeliveryContexts(db, config, runs.flatMap((r) => r.deliveries)); loadMs += performance.now() - l0;
  await store.write('', (tx) => tx.updateTable('deliveries').set({ status: 'delivered', lease_owner: null, lease_until: null, next_attempt_at: null }).where('id', 'in', ids).execute());
}
const ms = performance.now() - t;
console.log(`${store.engine} parallel=${parallel}: ${claims} claims, ${n} rows, ${(ms / claims).toFixed(2)} ms per claim+load+finish cycle, load ${(loadMs / claims).toFixed(2)} ms; ${(n / ms * 1000).toFixed(0)} rows/s`);
await store.close();
