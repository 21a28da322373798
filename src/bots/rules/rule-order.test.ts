/**
 * Reordering auto-responder rules through `PATCH /rules/{id}` with `position`, on both engines: the
 * list, the responder (first match wins in the new order, at once) and the 422 for a bad position.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, type EngineName } from '../../../test/support/engines.ts';
import { messagesOf } from '../../../test/support/hooks.ts';
import { startNode } from '../../../test/support/runtime.ts';
import { waitFor } from '../../../test/support/wait-for.ts';
import { enabledRules } from './rules-store.ts';

type RuleView = { id: string; name: string; position: number; reply: string; enabled: boolean };

async function setUp(t: TestContext, engine: EngineName) {
  const node = await startNode(t, engine);
  const conv = (await node.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: node.auth, payload: { title: 'Desk' } })).json();
  const create = async (name: string, trigger: object) => {
    const res = await node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/rules`, headers: node.auth, payload: { name, trigger, reply: `${name} answers` } });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as RuleView;
  };
  const patch = (id: string, payload: unknown, auth = node.auth) => node.app.inject({ method: 'PATCH', url: `/api/v1/rules/${id}`, headers: auth, payload: payload as object });
  const list = async () => (await node.app.inject({ url: `/api/v1/conversations/${conv.id}/rules`, headers: node.auth })).json().rules as RuleView[];
  const order = async () => (await list()).map((r) => `${r.position}:${r.name}`);
  return { node, conv, create, patch, list, order };
}

for (const engine of ENGINES) {
  test(`${engine}: position moves a rule, the others shift, positions stay 0..n-1`, async (t) => {
    const { node, create, patch, order } = await setUp(t, engine);
    const a = await create('A', { keywords: ['a'] });
    const b = await create('B', { keywords: ['b'] });
    const c = await create('C', { keywords: ['c'] });
    assert.deepEqual([a.position, b.position, c.position], [0, 1, 2], 'appended in order, from 0');

    const first = await patch(c.id, { position: 0 });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().position, 0);
    assert.deepEqual(await order(), ['0:C', '1:A', '2:B']);
    assert.equal((await patch(c.id, { position: 1 })).json().position, 1);
    assert.deepEqual(await order(), ['0:A', '1:C', '2:B']);
    assert.equal((await patch(a.id, { position: 2 })).json().position, 2);
    assert.deepEqual(await order(), ['0:C', '1:B', '2:A']);
    assert.equal((await patch(b.id, { position: 1 })).statusCode, 200, 'moving a rule to where it is');
    assert.deepEqual(await order(), ['0:C', '1:B', '2:A']);

    // Other fields and the move apply together.
    const both = (await patch(a.id, { position: 0, name: 'A2', enabled: false })).json();
    assert.deepEqual([both.position, both.name, both.enabled], [0, 'A2', false]);
    assert.deepEqual(await order(), ['0:A2', '1:C', '2:B']);

    // A new rule goes last; deleting one closes the gap.
    assert.equal((await create('D', { keywords: ['d'] })).position, 3);
    assert.equal((await node.app.inject({ method: 'DELETE', url: `/api/v1/rules/${c.id}`, headers: node.auth })).statusCode, 204);
    assert.deepEqual(await order(), ['0:A2', '1:B', '2:D']);
    assert.equal((await patch(a.id, { position: 2 })).json().position, 2, 'the last index after the delete');
    assert.deepEqual(await order(), ['0:B', '1:D', '2:A2']);
  });

  test(`${engine}: a new rule can be put at a position; out of range it is a 422 and not stored`, async (t) => {
    const { node, conv, create, order } = await setUp(t, engine);
    await create('A', { keywords: ['a'] });
    await create('B', { keywords: ['b'] });
    const post = (name: string, position: unknown) =>
      node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/rules`, headers: node.auth, payload: { name, trigger: { keywords: ['x'] }, reply: 'x', position } });
    const first = await post('First', 0);
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().position, 0);
    assert.equal((await post('Middle', 2)).json().position, 2);
    assert.equal((await post('Last', 4)).json().position, 4, 'the index just past the end is the end');
    assert.deepEqual(await order(), ['0:First', '1:A', '2:Middle', '3:B', '4:Last']);
    const far = await post('Nowhere', 9);
    assert.equal(far.statusCode, 422);
    assert.equal(far.json().error.code, 'invalid_field');
    assert.equal((await post('Negative', -1)).statusCode, 422, 'the schema refuses a negative index');
    assert.deepEqual(await order(), ['0:First', '1:A', '2:Middle', '3:B', '4:Last'], 'nothing stored');
  });

  test(`${engine}: after a move the first matching rule in the new order answers, at once`, async (t) => {
    const { node, conv, create, patch } = await setUp(t, engine);
    const general = await create('General', { keywords: ['refund'] });
    const specific = await create('Specific', { phrase: 'refund for order' });
    const say = (body: string) => node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/messages`, headers: node.auth, payload: { body } });
    const replies = async () => (await messagesOf(node, conv.id)).filter((m) => m.sender.type === 'bot').map((m) => m.sender.name);

    // Both rules match; the first one answers.
    assert.equal((await say('I want a refund for order 12')).statusCode, 201);
    await waitFor(async () => (await replies()).length === 1);
    assert.deepEqual(await replies(), ['General']);
    // The responder holds the order in its cache now; the move must replace it on this node.
    assert.deepEqual((await enabledRules(node.ctx, conv.id)).map((r) => r.name), ['General', 'Specific']);

    assert.equal((await patch(specific.id, { position: 0 })).statusCode, 200);
    assert.deepEqual((await enabledRules(node.ctx, conv.id)).map((r) => r.name), ['Specific', 'General']);
    assert.equal((await say('Another refund for order 13 please')).statusCode, 201);
    await waitFor(async () => (await replies()).length === 2);
    assert.deepEqual(await replies(), ['General', 'Specific']);

    // And back: the general rule is first again.
    assert.equal((await patch(general.id, { position: 0 })).statusCode, 200);
    assert.equal((await say('refund for order 14')).statusCode, 201);
    await waitFor(async () => (await replies()).length === 3);
    assert.deepEqual(await replies(), ['General', 'Specific', 'General']);
  });

  test(`${engine}: a position outside the list or not a whole number is a 422, and nothing changes`, async (t) => {
    const { node, create, patch, list, order } = await setUp(t, engine);
    const a = await create('A', { keywords: ['a'] });
    await create('B', { keywords: ['b'] });
    const cases = [
      { name: 'one past the end', position: 2, message: /^position: must be a whole number from 0 to 1/ },
      { name: 'far past the end', position: 1000, message: /^position: must be a whole number from 0 to 1/ },
      { name: 'negative', position: -1, message: /^position: / },
      { name: 'fractional', position: 0.5, message: /^position: / },
      { name: 'a string', position: '1', message: /^position: / },
      { name: 'null', position: null, message: /^position: / },
    ];
    for (const c of cases) {
      // The reply change must be rolled back with the refused move.
      const res = await patch(a.id, { reply: 'changed', position: c.position });
      assert.equal(res.statusCode, 422, `${c.name}: ${res.body}`);
      assert.equal(res.json().error.code, 'invalid_field', c.name);
      assert.match(res.json().error.message, c.message, c.name);
    }
    assert.deepEqual(await order(), ['0:A', '1:B']);
    assert.equal((await list())[0].reply, 'A answers');

    const outsider = await node.newUser('Eve');
    assert.equal((await patch(a.id, { position: 1 }, outsider.auth)).statusCode, 404, 'not a member: no such rule');
    assert.equal((await patch('rule_missing', { position: 0 })).json().error.code, 'rule_not_found');
  });

  test(`${engine}: concurrent moves and rules numbered before reordering end in 0..n-1`, async (t) => {
    const { node, create, patch, list } = await setUp(t, engine);
    const rules = [];
    for (const name of ['A', 'B', 'C', 'D', 'E']) rules.push(await create(name, { keywords: [name.toLowerCase()] }));
    // Rules written before reordering existed were numbered from 1, with gaps where one was deleted.
    for (const [index, rule] of rules.entries()) {
      await node.ctx.store.db.updateTable('rules').set({ position: 1 + index * 2 }).where('id', '=', rule.id).execute();
    }
    assert.equal((await patch(rules[4].id, { position: 0 })).statusCode, 200);
    assert.deepEqual((await list()).map((r) => `${r.position}:${r.name}`), ['0:E', '1:A', '2:B', '3:C', '4:D']);

    const moves = await Promise.all(rules.map((rule, index) => patch(rule.id, { position: (index * 3) % rules.length })));
    assert.deepEqual(moves.map((m) => m.statusCode), [200, 200, 200, 200, 200]);
    const after = await list();
    assert.deepEqual(after.map((r) => r.position), [0, 1, 2, 3, 4]);
    assert.deepEqual(after.map((r) => r.name).sort(), ['A', 'B', 'C', 'D', 'E']);
  });
}
