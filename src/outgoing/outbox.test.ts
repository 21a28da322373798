/**
 * The outbox on both engines: deliveries exist exactly when their event's transaction commits;
 * paused webhooks collect, disabled ones do not; a webhook's own replies are left out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../../test/support/engines.ts';
import { startNode } from '../../test/support/runtime.ts';
import { createWebhook, newConversation } from '../../test/support/webhooks.ts';
import { writeMessage } from '../core/messages/post-message.ts';

for (const engine of ENGINES) {
  test(`${engine}: deliveries are written with their event, or not at all`, async (t) => {
    // Nothing may be sent: the webhooks are paused or disabled and no receiver exists.
    const node = await startNode(t, engine);
    const conv = await newConversation(node);
    const withCases = await createWebhook(node, conv.id, { url: 'http://127.0.0.1:9/a', format: 'standard', events: ['message.created', 'case.created'] });
    const paused = await createWebhook(node, conv.id, { url: 'http://127.0.0.1:9/p', format: 'standard' });
    const disabled = await createWebhook(node, conv.id, { url: 'http://127.0.0.1:9/d', format: 'standard' });
    await node.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${withCases.id}`, headers: node.auth, payload: { status: 'paused' } });
    await node.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${paused.id}`, headers: node.auth, payload: { status: 'paused' } });
    await node.ctx.store.db.updateTable('webhooks').set({ status: 'disabled' }).where('id', '=', disabled.id).execute();
    const countFor = async (id: string) => (await node.ctx.store.db.selectFrom('deliveries').select('id').where('webhook_id', '=', id).execute()).length;
    const post = (body: string, extra: object = {}) => writeMessage(node.ctx, db!, { conversation_id: conv.id, body, sender: { type: 'hook', id: 'hook_x', name: 'Monitor', avatar_url: null }, ...extra });
    let db: Parameters<typeof writeMessage>[1] | undefined;

    // A transaction that fails after the event leaves no delivery behind.
    await assert.rejects(node.ctx.store.write(conv.id, async (tx) => {
      db = tx;
      await post('never committed');
      throw new Error('crash before commit');
    }), /crash before commit/);
    assert.deepEqual([await countFor(withCases.id), await countFor(paused.id), await countFor(disabled.id)], [0, 0, 0]);

    await node.ctx.store.write(conv.id, async (tx) => {
      db = tx;
      await post('committed');
      await post('opens a case', { external_id: 'INC-1' });
    });
    assert.equal(await countFor(withCases.id), 3, 'two messages and the case they opened');
    assert.equal(await countFor(paused.id), 2, 'message events only (its subscription)');
    assert.equal(await countFor(disabled.id), 0);

    // The webhook's own replies: via its reply hook, or as its bot, with their case events.
    const reply = await node.ctx.store.db.selectFrom('webhooks').select('reply_hook_id').where('id', '=', withCases.id).executeTakeFirstOrThrow();
    await node.ctx.store.write(conv.id, async (tx) => {
      db = tx;
      await post('via reply_url', { sender: { type: 'hook', id: reply.reply_hook_id, name: 'Bot', avatar_url: null }, origin_webhook_id: withCases.id, external_id: 'INC-2' });
      await post('in a response', { sender: { type: 'bot', id: withCases.id, name: 'Bot', avatar_url: null }, origin_webhook_id: withCases.id });
    });
    assert.equal(await countFor(withCases.id), 3, 'no delivery of its own replies or the case they opened');
    assert.equal(await countFor(paused.id), 4, 'other webhooks get them');
  });
}
