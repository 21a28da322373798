/**
 * SIGKILL while deliveries are pending and in flight: after a restart every delivery arrives, none
 * is lost, and the ones that were mid-attempt are sent again with the same webhook-id (the restarted
 * node takes its leases back at start; test/reliability/stop-restart.test.ts times that). Switchboard
 * runs as a separate process here, killed for real.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnNode, type ChildNode } from '../support/child-node.ts';
import { ENGINES } from '../support/engines.ts';
import { startReceiver } from '../support/receiver.ts';
import { freshDatabase } from '../support/runtime.ts';

const ENV = {
  OUTGOING_ALLOWED_NETS: '127.0.0.1/32',
  DELIVERY_RETRY_SCHEDULE: '0s,100ms,200ms,300ms',
  DELIVERY_POLL_MS: '50',
  DELIVERY_TIMEOUT_MS: '1000',
  DELIVERY_LEASE_MS: '2000',
  DELIVERY_CONCURRENCY: '3',
};

async function waitUntilDelivered(node: ChildNode, webhookIds: string[], count: number): Promise<{ id: string; seq: number; status: string }[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const all = [];
    for (const id of webhookIds) all.push(...(await node.api('GET', `/webhooks/${id}/deliveries?limit=200`)).json.deliveries);
    if (all.length === count && all.every((d: { status: string }) => d.status === 'delivered')) return all;
    if (Date.now() > deadline) assert.fail(`not all delivered: ${JSON.stringify(all.map((d: { seq: number; status: string }) => [d.seq, d.status]))}\n${node.log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const engine of ENGINES) {
  test(`${engine}: SIGKILL with deliveries pending and in flight loses nothing`, async (t) => {
    const env = { ...(await freshDatabase(t, engine)), ...ENV };
    let hang = true;
    const receiver = await startReceiver(t, () => (hang ? 'hang' : { status: 200 }));
    const first = await spawnNode(t, env);
    const conv = (await first.api('POST', '/conversations', { title: 'Crash' })).json;
    const ordered = (await first.api('POST', `/conversations/${conv.id}/webhooks`, { url: `${receiver.url}/ordered`, format: 'standard' })).json;
    const parallel = (await first.api('POST', `/conversations/${conv.id}/webhooks`, { url: `${receiver.url}/parallel`, format: 'fleep', parallel: true })).json;
    for (let i = 1; i <= 6; i++) assert.equal((await first.api('POST', `/conversations/${conv.id}/messages`, { body: `event ${i}` })).status, 201);

    // Three attempts hang (the ordered head and two parallel ones, DELIVERY_CONCURRENCY=3); the rest wait.
    while (receiver.received.length < 3) await new Promise((r) => setTimeout(r, 5));
    await first.kill('SIGKILL');
    const inFlight = receiver.received.map((r) => String(r.headers['webhook-id']));
    assert.equal(inFlight.length, 3);

    hang = false;
    const second = await spawnNode(t, env);
    const deliveries = await waitUntilDelivered(second, [ordered.id, parallel.id], 12);

    const answered = receiver.received.slice(3);
    const ids = answered.map((r) => String(r.headers['webhook-id']));
    assert.deepEqual(new Set(ids), new Set(deliveries.map((d) => d.id)), 'every delivery arrived after the restart');
    for (const id of inFlight) assert.ok(ids.includes(id), `the interrupted ${id} was sent again with the same webhook-id`);
    assert.equal(ids.length, 12, 'and each once');
    const orderedSeqs = answered.filter((r) => r.path === '/ordered').map((r) => JSON.parse(r.body).data.message.seq);
    assert.deepEqual(orderedSeqs, [...orderedSeqs].sort((a, b) => a - b), 'the ordered webhook still got them in order');
    await second.kill('SIGTERM');
  });
}

test('SIGTERM lets the attempt in flight finish and be recorded, then exits 0', async (t) => {
  const env = { ...(await freshDatabase(t, 'sqlite')), ...ENV };
  const receiver = await startReceiver(t, async () => {
    await new Promise((r) => setTimeout(r, 600));
    return { status: 200 };
  });
  const node = await spawnNode(t, env);
  const conv = (await node.api('POST', '/conversations', { title: 'Graceful' })).json;
  const webhook = (await node.api('POST', `/conversations/${conv.id}/webhooks`, { url: receiver.url, format: 'standard' })).json;
  await node.api('POST', `/conversations/${conv.id}/messages`, { body: 'slow one' });
  while (receiver.received.length < 1) await new Promise((r) => setTimeout(r, 5));

  const exited = new Promise<number | null>((resolve) => node.child.once('exit', resolve));
  node.child.kill('SIGTERM');
  assert.equal(await exited, 0);
  assert.ok(receiver.received[0].endedAt !== null, 'the receiver answered before the process left');

  const again = await spawnNode(t, env);
  const [delivery] = (await again.api('GET', `/webhooks/${webhook.id}/deliveries`)).json.deliveries;
  assert.deepEqual([delivery.status, delivery.attempts], ['delivered', 1], 'recorded before exit, so not sent again');
  const metrics = await (await fetch(`${again.url}/metrics`)).text();
  assert.match(metrics, /switchboard_delivery_queue_depth 0/);
  await again.kill('SIGTERM');
  assert.equal(receiver.received.length, 1);
});
