/**
 * Bots answer in two ways: JSON `{text}` in a delivery's response, or a post to the webhook's
 * reply_url. Either way the message is attributed to the webhook, delivered to the conversation's
 * other webhooks, and never back to the webhook it came from (no bot loops).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../support/engines.ts';
import { messagesOf } from '../support/hooks.ts';
import { startReceiver } from '../support/receiver.ts';
import { startNode } from '../support/runtime.ts';
import { FAST_DELIVERY_ENV, allDelivered, createWebhook, deliveriesOf, newConversation, postMessage, waitForDeliveries } from '../support/webhooks.ts';

const bodyOf = (raw: string) => JSON.parse(raw).data.message.body as string;

for (const engine of ENGINES) {
  test(`${engine}: a bot's answer in the response is posted as the webhook, and not delivered back`, async (t) => {
    const node = await startNode(t, engine, FAST_DELIVERY_ENV);
    const bot = await startReceiver(t, (r) => (bodyOf(r.body) === 'ping' ? { status: 200, body: JSON.stringify({ text: 'pong' }) } : { status: 200 }));
    const audit = await startReceiver(t);
    const conv = await newConversation(node);
    const botHook = await createWebhook(node, conv.id, { url: bot.url, format: 'standard', name: 'Ping bot' });
    const auditHook = await createWebhook(node, conv.id, { url: audit.url, format: 'standard' });

    await postMessage(node, conv.id, 'ping');
    await waitForDeliveries(node, auditHook.id, allDelivered(2));
    const messages = await messagesOf(node, conv.id);
    assert.deepEqual(messages.map((m) => [m.body, m.sender.type, m.sender.name]), [['ping', 'user', 'Admin'], ['pong', 'bot', 'Ping bot']]);
    assert.deepEqual(audit.received.map((r) => bodyOf(r.body)), ['ping', 'pong'], 'other webhooks get the reply');
    // A marker written after the reply: the bot's webhook delivers in order, so the reply, had it a
    // delivery there, would reach the bot before the marker does.
    await postMessage(node, conv.id, 'marker');
    await bot.waitFor(2);
    assert.deepEqual(bot.received.map((r) => bodyOf(r.body)), ['ping', 'marker'], 'the bot never hears its own reply');
    assert.equal((await deliveriesOf(node, botHook.id)).length, 2);
  });

  test(`${engine}: posts to reply_url are attributed to the webhook's hook and not delivered back`, async (t) => {
    const node = await startNode(t, engine, FAST_DELIVERY_ENV);
    const bot = await startReceiver(t);
    const audit = await startReceiver(t);
    const conv = await newConversation(node);
    const botHook = await createWebhook(node, conv.id, { url: bot.url, format: 'fleep', name: 'Deploy bot' });
    const auditHook = await createWebhook(node, conv.id, { url: audit.url, format: 'standard' });
    assert.match(botHook.reply_url, /\/hook\//);

    await postMessage(node, conv.id, 'deploy web');
    await bot.waitFor(1);
    const replyUrl = JSON.parse(bot.received[0].body).reply_url as string;
    assert.equal(replyUrl, botHook.reply_url);
    // Fleep-style reply: POST {message} to reply_url, as a Fleep bot would.
    const posted = await node.app.inject({ method: 'POST', url: new URL(replyUrl).pathname, headers: { 'content-type': 'application/json' }, payload: { message: 'deploying web now' } });
    assert.equal(posted.statusCode, 200, posted.body);

    await waitForDeliveries(node, auditHook.id, allDelivered(2));
    const messages = await messagesOf(node, conv.id);
    assert.deepEqual(messages.map((m) => [m.body, m.sender.type, m.sender.name]), [['deploy web', 'user', 'Admin'], ['deploying web now', 'hook', 'Deploy bot']]);
    // As above: a marker behind the reply reaches the bot next.
    await postMessage(node, conv.id, 'marker');
    await bot.waitFor(2);
    assert.equal(bot.received.length, 2, 'the bot does not get its own reply');
    assert.match(bot.received[1].body, /marker/, 'what came after the first message is the marker');
    assert.equal((await deliveriesOf(node, botHook.id)).length, 2);

    // Deleting the webhook retires its reply_url too.
    assert.equal((await node.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${botHook.id}`, headers: node.auth })).statusCode, 204);
    const gone = await node.app.inject({ method: 'POST', url: new URL(replyUrl).pathname, headers: { 'content-type': 'application/json' }, payload: { message: 'late' } });
    assert.equal(gone.statusCode, 404);
  });
}
