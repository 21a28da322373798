/** Operators assign, tag and filter support conversations through the API. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../../../test/support/engines.ts';
import { createBridge, gatewayPost, patchConversation, supportConversations } from '../../../test/support/bridges.ts';
import { startNode } from '../../../test/support/runtime.ts';

for (const engine of ENGINES) {
  test(`${engine}: assigning, tagging and filtering support conversations`, async (t) => {
    const node = await startNode(t, engine);
    const olga = await node.newUser('Olga');
    const pete = await node.newUser('Pete');
    const carol = await node.newUser('Carol');
    const bridge = await createBridge(node, { operator_ids: [olga.user.id, pete.user.id] });
    const path = new URL(bridge.url).pathname;
    const ids: Record<string, string> = {};
    for (const name of ['Ann', 'Ben', 'Cid']) {
      const res = await node.app.inject({ method: 'POST', url: path, payload: gatewayPost({ text: `Hello from ${name}`, chat: { id: name, name } }) });
      ids[name] = res.json().conversation_id;
    }
    const titles = async (query: string, auth = olga.auth) => (await supportConversations(node, query, auth)).map((c) => c.title).sort();
    assert.deepEqual(await titles('&status=open&assignee=unassigned'), ['Ann', 'Ben', 'Cid']);

    const assigned = await patchConversation(node, ids.Ann, { assignee_id: olga.user.id, tags: ['vip', ' vip ', 'billing'] }, pete.auth);
    assert.equal(assigned.statusCode, 200, assigned.body);
    assert.deepEqual([assigned.json().assignee, assigned.json().tags], [{ id: olga.user.id, name: 'Olga' }, ['vip', 'billing']]);
    await patchConversation(node, ids.Ben, { assignee_id: pete.user.id }, pete.auth);
    assert.deepEqual(await titles('&assignee=me'), ['Ann']);
    assert.deepEqual(await titles('&assignee=me', pete.auth), ['Ben']);
    assert.deepEqual(await titles(`&assignee=${pete.user.id}`), ['Ben']);
    assert.deepEqual(await titles('&assignee=unassigned'), ['Cid']);

    // Closing keeps the assignee; the status filter sees it.
    await patchConversation(node, ids.Ben, { status: 'closed' }, pete.auth);
    assert.deepEqual(await titles('&status=open'), ['Ann', 'Cid']);
    assert.deepEqual(await titles('&status=closed&assignee=me', pete.auth), ['Ben']);

    // Someone who is not a member becomes one when assigned; unassigning keeps them a member.
    assert.deepEqual(await titles('', carol.auth), []);
    await patchConversation(node, ids.Cid, { assignee_id: carol.user.id }, olga.auth);
    assert.deepEqual(await titles('&assignee=me', carol.auth), ['Cid']);
    const unassigned = await patchConversation(node, ids.Cid, { assignee_id: null }, carol.auth);
    assert.equal(unassigned.json().assignee, null);
    assert.deepEqual(await titles('&assignee=unassigned', carol.auth), ['Cid']);

    const events = await node.ctx.store.db.selectFrom('events').select(['type', 'data']).where('conversation_id', '=', ids.Cid).orderBy('seq').execute();
    assert.deepEqual(events.map((e) => [e.type, JSON.parse(e.data)]), [
      ['message.created', JSON.parse(events[0].data)],
      ['conversation.updated', { assignee: { id: carol.user.id, name: 'Carol' } }],
      ['conversation.updated', { assignee: null }],
    ]);
  });

  test(`${engine}: invalid support changes are refused`, async (t) => {
    const node = await startNode(t, engine);
    const outsider = await node.newUser('Mallory');
    const support = (await node.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: node.auth, payload: { title: 'Desk', kind: 'support' } })).json();
    const team = (await node.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: node.auth, payload: { title: 'Team' } })).json();
    assert.deepEqual([support.contact, support.assignee, support.tags], [{ name: null, phone: null, email: null, external_id: null }, null, []]);
    assert.equal(team.contact, undefined, 'team conversations carry no support fields');
    const cases: [string, string, Record<string, unknown>, number, RegExp][] = [
      ['unknown user', support.id, { assignee_id: 'usr_nobody' }, 422, /^assignee_id: /],
      ['empty tag', support.id, { tags: ['ok', '  '] }, 422, /^tags\[1\]: /],
      ['team conversation', team.id, { assignee_id: node.admin.id }, 422, /^assignee_id: only support/],
      ['team tags', team.id, { tags: ['x'] }, 422, /^tags: only support/],
    ];
    for (const [label, id, payload, status, message] of cases) {
      const res = await patchConversation(node, id, payload);
      assert.equal(res.statusCode, status, label);
      assert.match(res.json().error.message, message, label);
    }
    assert.equal((await patchConversation(node, support.id, { assignee_id: outsider.user.id }, outsider.auth)).statusCode, 404, 'an outsider cannot assign');
    assert.deepEqual((await supportConversations(node)).map((c) => [c.assignee, c.tags]), [[null, []]], 'nothing changed');
  });
}
