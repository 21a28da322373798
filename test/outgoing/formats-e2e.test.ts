/**
 * Every format end to end: a message posted through the API reaches a local receiver in the
 * webhook's format, signed with Standard Webhooks headers that the `standardwebhooks` package
 * verifies, and the delivery log shows one successful attempt.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { ENGINES } from '../support/engines.ts';
import { startReceiver, type Received } from '../support/receiver.ts';
import { startNode } from '../support/runtime.ts';
import { FAST_DELIVERY_ENV, allDelivered, createWebhook, newConversation, postMessage, waitForDeliveries, type WebhookJson } from '../support/webhooks.ts';

const verify = (webhook: WebhookJson, r: Received) => new Webhook(webhook.secret).verify(r.body, r.headers as Record<string, string>, { jsonParse: false });

const checks: Record<string, (r: Received, webhook: WebhookJson, messageId: string) => void> = {
  fleep(r, webhook, messageId) {
    assert.equal(r.headers['content-type'], 'application/json');
    const payload = JSON.parse(r.body);
    assert.equal(payload.reply_url, webhook.reply_url);
    assert.equal(payload.messages[0].message_id, messageId);
    assert.equal(payload.messages[0].message, '<msg><p>Deploy 42 finished<br/>all green</p></msg>');
    // Fleep's name resolution: no sender_name, no hook_key, so the contact with the account id names the author.
    const contact = payload.contacts.find((c: { account_id: string }) => c.account_id === payload.messages[0].account_id);
    assert.equal(contact.display_name, 'Admin');
  },
  dashly(r, webhook, messageId) {
    assert.equal(r.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(r.headers['user-agent'], 'Switchboard Webhook 1.0');
    const form = new URLSearchParams(r.body);
    assert.equal(form.get('type'), 'conversation');
    assert.equal(form.get('token'), webhook.secret);
    const part = JSON.parse(form.get('conversation')!);
    assert.deepEqual([part.id, part.body, part.direction, part.type], [messageId, 'Deploy 42 finished\nall green', 'a2u', 'reply_admin']);
  },
  standard(r, _webhook, messageId) {
    const payload = JSON.parse(r.body);
    assert.equal(payload.type, 'message.created');
    assert.equal(payload.data.message.id, messageId);
    assert.equal(payload.data.message.body, 'Deploy 42 finished\nall green');
  },
};

for (const engine of ENGINES) {
  test(`${engine}: fleep, dashly and standard deliveries arrive signed and are logged`, async (t) => {
    const node = await startNode(t, engine, FAST_DELIVERY_ENV);
    const receiver = await startReceiver(t);
    const conv = await newConversation(node);
    const webhooks = new Map<string, WebhookJson>();
    for (const format of Object.keys(checks)) webhooks.set(format, await createWebhook(node, conv.id, { url: `${receiver.url}/${format}`, format }));

    const message = await postMessage(node, conv.id, 'Deploy 42 finished\nall green');
    await receiver.waitFor(3);
    for (const [format, webhook] of webhooks) {
      const r = receiver.received.find((x) => x.path === `/${format}`);
      assert.ok(r, `${format} delivery received`);
      assert.doesNotThrow(() => verify(webhook, r), `${format} signature verifies`);
      assert.match(String(r.headers['webhook-id']), /^dlv_/);
      checks[format](r, webhook, message.id);
      const [delivery] = await waitForDeliveries(node, webhook.id, allDelivered(1));
      assert.equal(delivery.id, r.headers['webhook-id'], 'the delivery id is the webhook-id header');
      assert.deepEqual(delivery.attempt_log.map((a) => [a.status_code, a.error, a.manual]), [[200, null, false]]);
      assert.equal(delivery.event, 'message.created');
      assert.equal(delivery.seq, message.seq);
    }
    // Counted once the outcome's commit is durable, a moment after the log shows it.
    let metrics = '';
    for (const deadline = Date.now() + 5000; !/status="delivered"\} 3/.test(metrics) && Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
      metrics = (await node.app.inject({ url: '/metrics' })).body;
    }
    assert.match(metrics, /switchboard_deliveries_total\{status="delivered"\} 3/);
    assert.match(metrics, /switchboard_delivery_queue_depth 0/);
    // A tampered body or another secret does not verify: the check above can fail.
    const r = receiver.received[0];
    assert.throws(() => new Webhook(webhooks.get('standard')!.secret).verify(`${r.body} `, r.headers as Record<string, string>));
  });
}

/** Fleep's sample parser: sender_name, else the hook_name of the matching hook_key, else the contact's display_name. */
function fleepAuthor(payload: { messages: { sender_name: string | null; hook_key: string | null; account_id: string }[]; hooks: { hook_key: string; hook_name: string }[]; contacts: { account_id: string; display_name: string; email: string | null }[] }): string | undefined {
  const [message] = payload.messages;
  if (message.sender_name) return message.sender_name;
  const hook = payload.hooks.find((h) => h.hook_key === message.hook_key);
  if (hook) return hook.hook_name;
  const contact = payload.contacts.find((c) => c.account_id === message.account_id);
  return contact?.display_name ?? contact?.email ?? undefined;
}

test('fleep: the receiver resolves the right author for user, hook and user-named hook posts', async (t) => {
  const node = await startNode(t, 'sqlite', FAST_DELIVERY_ENV);
  const receiver = await startReceiver(t);
  const conv = await newConversation(node);
  await createWebhook(node, conv.id, { url: receiver.url, format: 'fleep' });
  const hook = (await node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/hooks`, headers: node.auth, payload: { name: 'Build server' } })).json();
  const hookPath = new URL(hook.url).pathname;
  await postMessage(node, conv.id, 'by a user');
  await node.app.inject({ method: 'POST', url: hookPath, headers: { 'content-type': 'application/json' }, payload: { message: 'by the hook' } });
  await node.app.inject({ method: 'POST', url: hookPath, headers: { 'content-type': 'application/json' }, payload: { message: 'by a named sender', user: 'Nightly deploy' } });
  const received = await receiver.waitFor(3);
  const payloads = received.map((r) => JSON.parse(r.body));
  assert.deepEqual(payloads.map(fleepAuthor), ['Admin', 'Build server', 'Nightly deploy']);
  assert.equal(payloads[1].hooks[0].hook_key, payloads[1].messages[0].hook_key);
  assert.ok(!JSON.stringify(payloads).includes(hookPath.split('/').pop()!), 'the hook token (its secret) never goes out');
  assert.deepEqual(payloads.map((p) => p.messages[0].prev_message_nr), [null, payloads[0].messages[0].message_nr, payloads[1].messages[0].message_nr]);
});
