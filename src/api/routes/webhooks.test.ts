import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { ENGINES } from '../../../test/support/engines.ts';
import { startReceiver } from '../../../test/support/receiver.ts';
import { startNode } from '../../../test/support/runtime.ts';
import { FAST_DELIVERY_ENV, allDelivered, createWebhook, deliveriesOf, newConversation, postMessage, waitForDeliveries } from '../../../test/support/webhooks.ts';

for (const engine of ENGINES) {
  test(`${engine}: webhooks are for members only; everyone else gets 404`, async (t) => {
    const node = await startNode(t, engine, FAST_DELIVERY_ENV);
    const receiver = await startReceiver(t);
    const conv = await newConversation(node);
    const webhook = await createWebhook(node, conv.id, { url: receiver.url, format: 'standard' });
    await postMessage(node, conv.id, 'secret plans');
    const [delivery] = await waitForDeliveries(node, webhook.id, allDelivered(1));

    const eve = await node.newUser('Eve');
    const attempts: Array<[string, string, object?]> = [
      ['POST', `/api/v1/conversations/${conv.id}/webhooks`, { url: receiver.url, format: 'standard' }],
      ['GET', `/api/v1/conversations/${conv.id}/webhooks`],
      ['GET', `/api/v1/webhooks/${webhook.id}`],
      ['PATCH', `/api/v1/webhooks/${webhook.id}`, { status: 'paused' }],
      ['DELETE', `/api/v1/webhooks/${webhook.id}`],
      ['POST', `/api/v1/webhooks/${webhook.id}/rotate-secret`],
      ['POST', `/api/v1/webhooks/${webhook.id}/test`],
      ['GET', `/api/v1/webhooks/${webhook.id}/deliveries`],
      ['POST', `/api/v1/webhooks/${webhook.id}/replay`, { since: '2020-01-01T00:00:00Z' }],
      ['GET', `/api/v1/deliveries/${delivery.id}`],
      ['POST', `/api/v1/deliveries/${delivery.id}/retry`],
    ];
    for (const [method, url, payload] of attempts) {
      const res = await node.app.inject({ method: method as 'GET', url, headers: eve.auth, ...(payload ? { payload } : {}) });
      assert.equal(res.statusCode, 404, `${method} ${url}`);
      assert.match(res.json().error.code, /_not_found$/);
      assert.equal((await node.app.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}) })).statusCode, 401, `${method} ${url} without credentials`);
    }
    const still = (await node.app.inject({ url: `/api/v1/webhooks/${webhook.id}`, headers: node.auth })).json();
    assert.deepEqual([still.status, still.secret], ['active', webhook.secret], 'nothing changed');
    assert.equal(receiver.received.length, 1);
  });
}

test('create, list, get, update and delete; bad input is refused', async (t) => {
  const node = await startNode(t, 'sqlite', FAST_DELIVERY_ENV);
  const conv = await newConversation(node);
  const webhook = await createWebhook(node, conv.id, { url: 'https://crm.example.test/in', format: 'dashly' });
  assert.match(webhook.id, /^whk_/);
  assert.match(webhook.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  assert.deepEqual([webhook.status, webhook.events, webhook.name], ['active', ['message.created'], 'Webhook crm.example.test']);
  assert.deepEqual((await node.app.inject({ url: `/api/v1/webhooks/${webhook.id}`, headers: node.auth })).json(), webhook);
  const listed = (await node.app.inject({ url: `/api/v1/conversations/${conv.id}/webhooks`, headers: node.auth })).json().webhooks;
  assert.deepEqual(listed.map((w: { id: string }) => w.id), [webhook.id]);

  const patched = await node.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${webhook.id}`, headers: node.auth, payload: { url: 'http://crm.example.test/v2', events: ['case.created', 'conversation.closed'], filters: { sender_types: ['contact'] }, status: 'paused' } });
  assert.equal(patched.statusCode, 200, patched.body);
  assert.deepEqual([patched.json().url, patched.json().events, patched.json().filters, patched.json().status], ['http://crm.example.test/v2', ['case.created', 'conversation.closed'], { sender_types: ['contact'] }, 'paused']);

  // Schema violations and domain checks alike are 422 (well-formed but invalid).
  const bad: Array<[object, number]> = [
    [{ url: 'ftp://example.test/x', format: 'standard' }, 422],
    [{ url: 'http://example.test', format: 'slack' }, 422],
    [{ url: 'http://example.test', format: 'standard', events: ['message.deleted'] }, 422],
    [{ url: 'http://example.test', format: 'standard', events: [] }, 422],
    [{ url: 'http://example.test', format: 'standard', filters: { direction: 'sideways' } }, 422],
    [{ url: 'http://', format: 'standard' }, 422],
  ];
  for (const [payload, status] of bad) {
    const res = await node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/webhooks`, headers: node.auth, payload });
    assert.equal(res.statusCode, status, JSON.stringify(payload));
  }
  const disable = await node.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${webhook.id}`, headers: node.auth, payload: { status: 'disabled' } });
  assert.equal(disable.statusCode, 422, 'only the worker disables');

  assert.equal((await node.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${webhook.id}`, headers: node.auth })).statusCode, 204);
  assert.equal((await node.app.inject({ url: `/api/v1/webhooks/${webhook.id}`, headers: node.auth })).statusCode, 404);
});

test('the test endpoint delivers a sample; rotation signs with both secrets during the overlap', async (t) => {
  const node = await startNode(t, 'sqlite', FAST_DELIVERY_ENV);
  const receiver = await startReceiver(t);
  const conv = await newConversation(node);
  const webhook = await createWebhook(node, conv.id, { url: receiver.url, format: 'standard', events: ['conversation.closed'] });

  const sent = await node.app.inject({ method: 'POST', url: `/api/v1/webhooks/${webhook.id}/test`, headers: node.auth });
  assert.equal(sent.statusCode, 202);
  const [sample] = await receiver.waitFor(1);
  assert.equal(sample.headers['webhook-id'], sent.json().delivery_id);
  const payload = new Webhook(webhook.secret).verify(sample.body, sample.headers as Record<string, string>) as { type: string; data: { test: boolean; message: { body: string } } };
  assert.deepEqual([payload.type, payload.data.test], ['message.created', true]);
  assert.match(payload.data.message.body, /^Test delivery from Switchboard/);
  const [logged] = await waitForDeliveries(node, webhook.id, allDelivered(1));
  assert.equal(logged.test, true);

  const rotated = (await node.app.inject({ method: 'POST', url: `/api/v1/webhooks/${webhook.id}/rotate-secret`, headers: node.auth })).json();
  assert.notEqual(rotated.secret, webhook.secret);
  assert.ok(Date.parse(rotated.previous_secret_expires_at) > Date.now() + 23 * 3600_000, 'the old secret signs for 24 h');
  await node.app.inject({ method: 'PATCH', url: `/api/v1/conversations/${conv.id}`, headers: node.auth, payload: { status: 'closed' } });
  const [, closed] = await receiver.waitFor(2);
  assert.equal(String(closed.headers['webhook-signature']).split(' ').length, 2);
  for (const secret of [webhook.secret, rotated.secret]) {
    const verified = new Webhook(secret).verify(closed.body, closed.headers as Record<string, string>) as { type: string };
    assert.equal(verified.type, 'conversation.closed');
  }
});

test('filters: only messages from the listed senders starting with a trigger word go out', async (t) => {
  const node = await startNode(t, 'sqlite', FAST_DELIVERY_ENV);
  const receiver = await startReceiver(t);
  const conv = await newConversation(node);
  const webhook = await createWebhook(node, conv.id, { url: receiver.url, format: 'standard', filters: { sender_types: ['user'], trigger_words: ['!deploy', 'status'] } });
  for (const body of ['!deploy web', 'hello', 'Status?', 'statuses are fine', '!deploy db']) await postMessage(node, conv.id, body);
  const deliveries = await waitForDeliveries(node, webhook.id, allDelivered(3));
  assert.equal(deliveries.length, 3);
  assert.deepEqual(receiver.received.map((r) => JSON.parse(r.body).data.message.body), ['!deploy web', 'Status?', '!deploy db']);
  assert.deepEqual((await deliveriesOf(node, webhook.id, '&status=dead')).length, 0);
});
