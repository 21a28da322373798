/** A closed support conversation receiving a new message, under each of the mapping's reopen policies. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../support/engines.ts';
import { createBridge, GENERIC_MAPPING, gatewayPost, patchConversation, postToBridge, supportConversations } from '../support/bridges.ts';
import { messagesOf } from '../support/hooks.ts';
import { startNode } from '../support/runtime.ts';

/** policy → where the new message lands, the old conversation's status after it, who is assigned. */
const POLICIES = [
  { policy: 'new', lands: 'new conversation', oldStatus: 'closed', assignee: 'nobody' },
  { policy: 'reopen_pending', lands: 'same conversation', oldStatus: 'open', assignee: 'nobody' },
  { policy: 'reopen_with_operator', lands: 'same conversation', oldStatus: 'open', assignee: 'operator' },
] as const;

for (const engine of ENGINES) {
  test(`${engine}: reopen policies for a closed conversation`, async (t) => {
    const node = await startNode(t, engine, {}, { listen: true });
    const operator = await node.newUser('Olga');
    for (const { policy, lands, oldStatus, assignee } of POLICIES) {
      const bridge = await createBridge(node, { name: policy, operator_ids: [operator.user.id], mapping: { ...GENERIC_MAPPING, reopen_policy: policy } });
      const first = await postToBridge(bridge.url, gatewayPost({ id: 'm1', text: 'First question', chat: { id: 'c1', name: 'Ann' } }));
      const old = first.json.conversation_id;
      assert.equal((await patchConversation(node, old, { assignee_id: operator.user.id, status: 'closed' }, operator.auth)).statusCode, 200, policy);

      // Our side writing on the gateway does not reopen anything.
      const ours = await postToBridge(bridge.url, gatewayPost({ id: 'm2', text: 'Closing note', from_me: true, chat: { id: 'c1' } }));
      assert.equal(ours.json.conversation_id, old, policy);
      const later = await postToBridge(bridge.url, gatewayPost({ id: 'm3', text: 'One more question', chat: { id: 'c1', name: 'Ann' } }));
      assert.equal(later.json.result, 'stored', policy);
      assert.equal(later.json.conversation_id === old ? 'same conversation' : 'new conversation', lands, policy);

      const conversations = await supportConversations(node, '', operator.auth);
      const before = conversations.find((c) => c.id === old)!;
      const now = conversations.find((c) => c.id === later.json.conversation_id)!;
      assert.equal(before.status, oldStatus, policy);
      assert.equal(now.status, 'open', policy);
      assert.deepEqual(now.assignee, assignee === 'operator' ? { id: operator.user.id, name: 'Olga' } : null, policy);
      assert.deepEqual(now.contact, { name: 'Ann', phone: null, email: null, external_id: 'c1' }, policy);
      assert.deepEqual((await messagesOf(node, later.json.conversation_id)).map((m) => m.body).at(-1), 'One more question', policy);

      const events = await node.ctx.store.db.selectFrom('events').select(['type', 'data']).where('conversation_id', '=', old).orderBy('seq').execute();
      const reopened = events.filter((e) => e.type === 'conversation.reopened').map((e) => JSON.parse(e.data));
      assert.deepEqual(reopened, policy === 'new' ? [] : [{ by: { type: 'bridge', id: bridge.id, name: policy }, policy }], policy);
      // The chat keeps going where the last message went.
      const next = await postToBridge(bridge.url, gatewayPost({ id: 'm4', text: 'Thanks', chat: { id: 'c1' } }));
      assert.equal(next.json.conversation_id, later.json.conversation_id, policy);
    }
  });
}
