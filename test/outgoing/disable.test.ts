/**
 * When a webhook stops: 410 Gone disables it at once, an unbroken run of failures for
 * WEBHOOK_DISABLE_AFTER disables it too, and the conversation is told. Disabled webhooks collect
 * no deliveries; setting them active again resumes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../support/engines.ts';
import { messagesOf } from '../support/hooks.ts';
import { startReceiver } from '../support/receiver.ts';
import { startNode, type TestNode } from '../support/runtime.ts';
import { FAST_DELIVERY_ENV, allDelivered, createWebhook, deliveriesOf, newConversation, postMessage, waitForDeliveries } from '../support/webhooks.ts';

async function waitForStatus(node: TestNode, id: string, status: string) {
  for (let i = 0; i < 400; i++) {
    const webhook = (await node.app.inject({ url: `/api/v1/webhooks/${id}`, headers: node.auth })).json();
    if (webhook.status === status) return webhook;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`webhook ${id} never became ${status}`);
}

for (const engine of ENGINES) {
  test(`${engine}: 410 Gone disables the webhook and tells the conversation`, async (t) => {
    const node = await startNode(t, engine, FAST_DELIVERY_ENV);
    const receiver = await startReceiver(t, () => ({ status: 410 }));
    const conv = await newConversation(node);
    const webhook = await createWebhook(node, conv.id, { url: receiver.url, format: 'standard', name: 'Old CRM' });
    await postMessage(node, conv.id, 'hello');

    const disabled = await waitForStatus(node, webhook.id, 'disabled');
    assert.equal(disabled.disabled_reason, 'the receiver answered 410 Gone');
    const [delivery] = await deliveriesOf(node, webhook.id);
    assert.deepEqual([delivery.status, delivery.attempts, delivery.last_status_code], ['dead', 1, 410]);
    const notice = (await messagesOf(node, conv.id)).at(-1)!;
    assert.equal(notice.sender.type, 'system');
    assert.match(notice.body, /"Old CRM" .* was disabled: the receiver answered 410 Gone/);

    await postMessage(node, conv.id, 'nobody listens');
    assert.equal((await deliveriesOf(node, webhook.id)).length, 1, 'a disabled webhook collects nothing');
    assert.equal(receiver.received.length, 1);

    receiver.respond = () => ({ status: 200 });
    const resumed = await node.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${webhook.id}`, headers: node.auth, payload: { status: 'active' } });
    assert.deepEqual([resumed.json().status, resumed.json().disabled_reason], ['active', null]);
    await postMessage(node, conv.id, 'back again');
    await waitForDeliveries(node, webhook.id, (ds) => ds.length === 2 && ds[0].status === 'delivered');
  });
}

test('failing without a break for WEBHOOK_DISABLE_AFTER disables the webhook; any success resets the streak', async (t) => {
  const node = await startNode(t, 'sqlite', { ...FAST_DELIVERY_ENV, DELIVERY_RETRY_SCHEDULE: '0s,150ms,150ms,150ms,150ms,150ms', WEBHOOK_DISABLE_AFTER: '500ms' });
  let healthy = true;
  const receiver = await startReceiver(t, () => ({ status: healthy ? 200 : 502 }));
  const conv = await newConversation(node);
  const webhook = await createWebhook(node, conv.id, { url: receiver.url, format: 'dashly', name: 'Flaky' });

  // One failure starts a streak; the success right after ends it.
  healthy = false;
  await postMessage(node, conv.id, 'fine after a hiccup');
  await receiver.waitFor(1);
  healthy = true;
  const [fine] = await waitForDeliveries(node, webhook.id, allDelivered(1));
  assert.equal(fine.attempts, 2);
  const recoveredAt = Date.parse(fine.attempt_log[1].started_at);
  await new Promise((r) => setTimeout(r, 400));
  healthy = false;
  await postMessage(node, conv.id, 'broken');
  const disabled = await waitForStatus(node, webhook.id, 'disabled');
  assert.match(disabled.disabled_reason, /^every delivery failed for 500 ms \(last error: the receiver answered HTTP 502\)$/);
  assert.ok(Date.parse(disabled.failing_since) > recoveredAt, 'the streak started after the last success');
  const [broken] = await deliveriesOf(node, webhook.id);
  const streakMs = Date.parse(broken.attempt_log.at(-1)!.started_at) - Date.parse(disabled.failing_since);
  assert.ok(streakMs >= 500 && broken.attempts < 6, `disabled after a ${streakMs} ms streak, attempt ${broken.attempts}`);
  assert.match((await messagesOf(node, conv.id)).at(-1)!.body, /"Flaky" .* was disabled: every delivery failed for 500 ms/);
});
