/**
 * Retries against a real receiver: down for a while then up (every event delivered, in order, the
 * failures logged), Retry-After honoured, the schedule running out (dead), manual retry and replay.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../support/engines.ts';
import { startReceiver } from '../support/receiver.ts';
import { startNode } from '../support/runtime.ts';
import { FAST_DELIVERY_ENV, allDelivered, createWebhook, deliveriesOf, newConversation, postMessage, waitForDeliveries } from '../support/webhooks.ts';

const seqOf = (body: string) => JSON.parse(body).data.message.seq as number;

for (const engine of ENGINES) {
  test(`${engine}: receiver down then up: every event delivered in order, failures logged`, async (t) => {
    const node = await startNode(t, engine, { ...FAST_DELIVERY_ENV, DELIVERY_RETRY_SCHEDULE: '0s,100ms,200ms,300ms,400ms,500ms' });
    const receiver = await startReceiver(t);
    const conv = await newConversation(node);
    const ordered = await createWebhook(node, conv.id, { url: `${receiver.url}/ordered`, format: 'standard' });
    const parallel = await createWebhook(node, conv.id, { url: `${receiver.url}/parallel`, format: 'standard', parallel: true });
    await receiver.down();
    const seqs: number[] = [];
    for (let i = 1; i <= 5; i++) seqs.push((await postMessage(node, conv.id, `event ${i}`)).seq);
    // Up again once the ordered line's head has failed twice, however long that took.
    await waitForDeliveries(node, ordered.id, (ds) => ds.some((d) => d.seq === seqs[0] && d.attempt_log.length >= 2));
    await receiver.up();

    const log = await waitForDeliveries(node, ordered.id, allDelivered(5));
    await waitForDeliveries(node, parallel.id, allDelivered(5));
    const arrived = receiver.received.filter((r) => r.path === '/ordered').map((r) => seqOf(r.body));
    assert.deepEqual(arrived, seqs, 'the ordered webhook got each event once, in order');
    assert.deepEqual(new Set(receiver.received.filter((r) => r.path === '/parallel').map((r) => seqOf(r.body))), new Set(seqs));

    const first = log.find((d) => d.seq === seqs[0])!;
    assert.ok(first.attempts >= 3, `the first delivery was tried ${first.attempts} times`);
    assert.equal(first.attempt_log.length, first.attempts);
    assert.deepEqual(first.attempt_log.at(-1)!.status_code, 200);
    for (const failed of first.attempt_log.slice(0, -1)) {
      assert.equal(failed.status_code, null);
      assert.match(failed.error!, /^network_error: /);
    }
    for (const later of log.filter((d) => d.seq !== seqs[0])) {
      assert.equal(later.attempts, 1, 'later events waited behind the first instead of failing themselves');
    }
  });

  test(`${engine}: the schedule runs out (dead), the line moves on; manual retry and replay send again`, async (t) => {
    const node = await startNode(t, engine, FAST_DELIVERY_ENV);
    const receiver = await startReceiver(t, () => ({ status: 500, body: '{"error":"boom"}' }));
    const conv = await newConversation(node);
    const webhook = await createWebhook(node, conv.id, { url: receiver.url, format: 'standard' });
    await postMessage(node, conv.id, 'one');
    await postMessage(node, conv.id, 'two');

    const dead = await waitForDeliveries(node, webhook.id, (ds) => ds.length === 2 && ds.every((d) => d.status === 'dead'));
    for (const d of dead) {
      assert.equal(d.attempts, 4, 'one attempt per schedule entry');
      assert.equal(d.last_status_code, 500);
      assert.equal(d.last_error, 'the receiver answered HTTP 500');
      assert.equal(d.next_attempt_at, null);
    }
    assert.equal(receiver.received.length, 8);

    receiver.respond = () => ({ status: 200 });
    const retried = await node.app.inject({ method: 'POST', url: `/api/v1/deliveries/${dead[1].id}/retry`, headers: node.auth });
    assert.equal(retried.statusCode, 202);
    const [, one] = await waitForDeliveries(node, webhook.id, (ds) => ds[1].status === 'delivered');
    assert.equal(one.attempts, 5);
    assert.deepEqual(one.attempt_log.map((a) => a.manual), [false, false, false, false, true]);
    assert.equal((await deliveriesOf(node, webhook.id))[0].status, 'dead', 'the other one is untouched');

    const replay = await node.app.inject({ method: 'POST', url: `/api/v1/webhooks/${webhook.id}/replay`, headers: node.auth, payload: { since: new Date(Date.now() - 60_000).toISOString() } });
    assert.equal(replay.statusCode, 202);
    assert.deepEqual(replay.json(), { count: 1 });
    await waitForDeliveries(node, webhook.id, allDelivered(2));
    assert.equal(receiver.received.length, 10);
    const none = await node.app.inject({ method: 'POST', url: `/api/v1/webhooks/${webhook.id}/replay`, headers: node.auth, payload: { since: new Date().toISOString() } });
    assert.deepEqual(none.json(), { count: 0 });
    const bad = await node.app.inject({ method: 'POST', url: `/api/v1/webhooks/${webhook.id}/replay`, headers: node.auth, payload: { since: 'yesterday' } });
    assert.equal(bad.statusCode, 422);
  });
}

test('Retry-After on a 503 postpones the next attempt beyond the schedule', async (t) => {
  const node = await startNode(t, 'sqlite', FAST_DELIVERY_ENV);
  const receiver = await startReceiver(t, (_r, i) => (i === 0 ? { status: 503, headers: { 'retry-after': '1' } } : { status: 200 }));
  const conv = await newConversation(node);
  const webhook = await createWebhook(node, conv.id, { url: receiver.url, format: 'standard' });
  await postMessage(node, conv.id, 'slow down');
  await waitForDeliveries(node, webhook.id, allDelivered(1), 5000);
  const [first, second] = receiver.received;
  assert.ok(second.startedAt - first.startedAt >= 950, `waited ${second.startedAt - first.startedAt} ms, not the scheduled 100 ms`);

});

test('a manual retry is one attempt now: failing, it keeps the status and the next scheduled attempt', async (t) => {
  const node = await startNode(t, 'sqlite', { ...FAST_DELIVERY_ENV, DELIVERY_RETRY_SCHEDULE: '0s,1h' });
  const receiver = await startReceiver(t, () => ({ status: 500 }));
  const conv = await newConversation(node);
  const webhook = await createWebhook(node, conv.id, { url: receiver.url, format: 'standard' });
  await postMessage(node, conv.id, 'needs a human');
  const [failed] = await waitForDeliveries(node, webhook.id, (ds) => ds[0]?.status === 'failed');
  assert.ok(Date.parse(failed.next_attempt_at!) > Date.now() + 50 * 60_000, 'next automatic attempt in about an hour');

  const retry = await node.app.inject({ method: 'POST', url: `/api/v1/deliveries/${failed.id}/retry`, headers: node.auth });
  assert.equal(retry.statusCode, 202);
  const [after] = await waitForDeliveries(node, webhook.id, (ds) => ds[0].attempts === 2 && !JSON.stringify(ds[0]).includes('"retry_requested":true'));
  assert.deepEqual([after.status, after.next_attempt_at, after.attempt_log.map((a) => a.manual)], ['failed', failed.next_attempt_at, [false, true]]);

  receiver.respond = () => ({ status: 204 });
  await node.app.inject({ method: 'POST', url: `/api/v1/deliveries/${failed.id}/retry`, headers: node.auth });
  const [done] = await waitForDeliveries(node, webhook.id, allDelivered(1));
  assert.deepEqual([done.attempts, done.last_status_code, done.next_attempt_at], [3, 204, null]);

  await node.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${webhook.id}`, headers: node.auth, payload: { status: 'paused' } });
  const refused = await node.app.inject({ method: 'POST', url: `/api/v1/deliveries/${failed.id}/retry`, headers: node.auth });
  assert.equal(refused.statusCode, 409);
  assert.equal(refused.json().error.code, 'webhook_not_active');
});
