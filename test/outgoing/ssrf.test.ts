/**
 * The SSRF guard end to end: with OUTGOING_ALLOWED_NETS=127.0.0.1/32, webhooks aimed at other
 * loopback addresses (127.0.0.2, [::1]) are refused before any byte is sent, and the delivery says
 * why. Receivers listen on those addresses, so only the guard stands between them and the worker.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../support/engines.ts';
import { startReceiver } from '../support/receiver.ts';
import { startNode } from '../support/runtime.ts';
import { FAST_DELIVERY_ENV, allDelivered, createWebhook, newConversation, postMessage, waitForDeliveries } from '../support/webhooks.ts';

for (const engine of ENGINES) {
  test(`${engine}: targets outside OUTGOING_ALLOWED_NETS are refused with a clear error`, async (t) => {
    const node = await startNode(t, engine, { ...FAST_DELIVERY_ENV, OUTGOING_ALLOWED_NETS: '127.0.0.1/32' });
    const allowed = await startReceiver(t);
    const other = await startReceiver(t, undefined, '127.0.0.2');
    const v6 = await startReceiver(t, undefined, '::1');
    const conv = await newConversation(node);
    const control = await createWebhook(node, conv.id, { url: allowed.url, format: 'standard' });
    const targets = [
      { webhook: await createWebhook(node, conv.id, { url: other.url, format: 'standard' }), address: '127.0.0.2' },
      { webhook: await createWebhook(node, conv.id, { url: v6.url, format: 'fleep' }), address: '::1' },
    ];
    await postMessage(node, conv.id, 'who can hear this?');

    await waitForDeliveries(node, control.id, allDelivered(1));
    for (const { webhook, address } of targets) {
      const [delivery] = await waitForDeliveries(node, webhook.id, (ds) => ds[0]?.status === 'dead');
      assert.equal(delivery.attempts, 1, 'refused at once, not retried');
      assert.equal(delivery.last_status_code, null);
      assert.ok(delivery.last_error!.startsWith(`forbidden_address: refusing to connect to ${address}`), delivery.last_error!);
      assert.match(delivery.last_error!, /OUTGOING_ALLOWED_NETS/);
    }
    assert.equal(allowed.received.length, 1);
    assert.equal(other.received.length + v6.received.length, 0, 'nothing reached the forbidden receivers');
  });
}
