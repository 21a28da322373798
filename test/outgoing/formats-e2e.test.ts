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
    // A tampered body or another secret does not verify: the check above can fail.
    const r = receiver.received[0];
    assert.throws(() => new Webhook(webhooks.get('standard')!.secret).verify(`${r.body} `, r.headers as Record<string, string>));
  });
}
