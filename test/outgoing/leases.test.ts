/**
 * Heartbeats: a run that takes longer than the lease keeps its deliveries, because the worker
 * renews its leases; a second node on the same database, claiming all the while, never sends any
 * of them too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../support/engines.ts';
import { startReceiver } from '../support/receiver.ts';
import { freshDatabase, startNode } from '../support/runtime.ts';
import { FAST_DELIVERY_ENV, allDelivered, createWebhook, newConversation, waitForDeliveries } from '../support/webhooks.ts';

for (const engine of ENGINES) {
  test(`${engine}: leases are renewed during long runs; another node never takes them over`, async (t) => {
    const database = await freshDatabase(t, engine);
    const env = { ...FAST_DELIVERY_ENV, DELIVERY_LEASE_MS: '1000', DELIVERY_TIMEOUT_MS: '500', DELIVERY_POLL_MS: '20' };
    const receiver = await startReceiver(t, async () => {
      await new Promise((r) => setTimeout(r, 300));
      return { status: 200 };
    });
    const a = await startNode(t, engine, env, { database });
    const conv = await newConversation(a);
    const webhook = await createWebhook(a, conv.id, { url: receiver.url, format: 'standard' });
    // Pause, queue six, resume: one run of six takes ~1.8 s, nearly twice the lease.
    await a.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${webhook.id}`, headers: a.auth, payload: { status: 'paused' } });
    for (let i = 0; i < 6; i++) await a.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/messages`, headers: a.auth, payload: { body: `m${i}` } });
    // Its own identity: a node with the same one would take the first one's leases back at start.
    await startNode(t, engine, { ...env, NODE_ID: 'node-b' }, { database });
    await a.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${webhook.id}`, headers: a.auth, payload: { status: 'active' } });

    const log = await waitForDeliveries(a, webhook.id, allDelivered(6), 15_000);
    assert.equal(receiver.received.length, 6, 'each sent once');
    assert.deepEqual(new Set(receiver.received.map((r) => r.headers['webhook-id'])), new Set(log.map((d) => d.id)));
    const seqs = receiver.received.map((r) => JSON.parse(r.body).data.message.seq);
    assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y), 'in order');
    const span = receiver.received.at(-1)!.endedAt! - receiver.received[0].startedAt;
    assert.ok(span > 1000, `the run outlived one lease (${span} ms)`);
  });
}
