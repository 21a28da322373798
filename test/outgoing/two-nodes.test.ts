/**
 * Two Switchboard processes on one PostgreSQL database, both taking messages and both running
 * delivery workers: no attempt is ever sent twice at the same time (the receiver checks every
 * webhook-id for overlapping requests), every delivery arrives, and ordered webhooks keep order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnNode } from '../support/child-node.ts';
import { POSTGRES_AVAILABLE } from '../support/engines.ts';
import { startReceiver, type Received } from '../support/receiver.ts';
import { freshDatabase } from '../support/runtime.ts';

const ENV = {
  OUTGOING_ALLOWED_NETS: '127.0.0.1/32',
  DELIVERY_RETRY_SCHEDULE: '0s,50ms,100ms,150ms,200ms,250ms',
  DELIVERY_POLL_MS: '50',
  DELIVERY_TIMEOUT_MS: '2000',
  DELIVERY_LEASE_MS: '5000',
  DELIVERY_CONCURRENCY: '8',
};
const CONVERSATIONS = 3;
const MESSAGES = 30;

test('postgres: two processes share the work and never send one attempt twice concurrently', { skip: !POSTGRES_AVAILABLE && 'PostgreSQL unreachable' }, async (t) => {
  const database = await freshDatabase(t, 'postgres');
  // Answers after a few milliseconds, so concurrent duplicates would overlap; every 7th request fails once.
  const receiver = await startReceiver(t, async (_r, i) => {
    await new Promise((r) => setTimeout(r, 2 + (i % 5)));
    return i % 7 === 3 ? { status: 503 } : { status: 200 };
  });
  const a = await spawnNode(t, { ...database, ...ENV });
  const b = await spawnNode(t, { ...database, ...ENV, DATA_DIR: `${database.DATA_DIR}-b` });

  const webhooks: { id: string; ordered: boolean }[] = [];
  const conversations: string[] = [];
  for (let c = 0; c < CONVERSATIONS; c++) {
    const conv = (await a.api('POST', '/conversations', { title: `Shared ${c}` })).json;
    conversations.push(conv.id);
    for (const parallel of [false, true]) {
      const webhook = (await a.api('POST', `/conversations/${conv.id}/webhooks`, { url: `${receiver.url}/${conv.id}/${parallel ? 'parallel' : 'ordered'}`, format: 'standard', parallel })).json;
      webhooks.push({ id: webhook.id, ordered: !parallel });
    }
  }
  // Both nodes take messages at once, each node a share of every conversation.
  await Promise.all(conversations.flatMap((id) => [a, b].map(async (node, n) => {
    for (let i = 0; i < MESSAGES / 2; i++) assert.equal((await node.api('POST', `/conversations/${id}/messages`, { body: `node ${n} message ${i}` })).status, 201);
  })));

  const expected = CONVERSATIONS * 2 * MESSAGES;
  const deadline = Date.now() + 30_000;
  let deliveries: { id: string; status: string; attempts: number }[] = [];
  for (;;) {
    deliveries = [];
    for (const w of webhooks) deliveries.push(...(await b.api('GET', `/webhooks/${w.id}/deliveries?limit=200`)).json.deliveries);
    if (deliveries.length === expected && deliveries.every((d) => d.status === 'delivered')) break;
    if (Date.now() > deadline) assert.fail(`not delivered: ${deliveries.filter((d) => d.status !== 'delivered').length} of ${deliveries.length}`);
    await new Promise((r) => setTimeout(r, 100));
  }

  const byId = Map.groupBy(receiver.received, (r) => String(r.headers['webhook-id']));
  for (const d of deliveries) {
    const requests = byId.get(d.id) ?? [];
    assert.equal(requests.length, d.attempts, `${d.id}: one request per logged attempt`);
    assertNoOverlap(d.id, requests);
  }
  assert.equal(receiver.received.length, deliveries.reduce((n, d) => n + d.attempts, 0));
  for (const conv of conversations) {
    const seqs = receiver.received.filter((r) => r.path === `/${conv}/ordered` && r.endedAt !== null).map((r) => JSON.parse(r.body).data.message.seq);
    const firstArrivals = [...new Set(seqs)];
    assert.deepEqual(firstArrivals, [...firstArrivals].sort((x, y) => x - y), 'ordered webhooks first see each event in order');
  }
});

function assertNoOverlap(id: string, requests: Received[]): void {
  const sorted = [...requests].sort((x, y) => x.startedAt - y.startedAt);
  for (let i = 1; i < sorted.length; i++) {
    assert.ok(sorted[i].startedAt >= sorted[i - 1].endedAt!, `${id}: attempt ${i + 1} started before attempt ${i} ended`);
  }
}
