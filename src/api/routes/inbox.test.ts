import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSeen } from '../../core/conversations/inbox.ts';
import { ENGINES } from '../../../test/support/engines.ts';
import { startNode } from '../../../test/support/runtime.ts';

test('parseSeen reads id:seq pairs and drops malformed ones', () => {
  const cases: [string | undefined, [string, number][]][] = [
    [undefined, []],
    ['', []],
    ['conv_a:12,conv_b:0', [['conv_a', 12], ['conv_b', 0]]],
    ['conv_a:x,:3,conv_b:-1,conv_c:1.5,conv:d:7', [['conv:d', 7]]],
  ];
  for (const [input, expected] of cases) assert.deepEqual([...parseSeen(input)], expected, String(input));
});

for (const engine of ENGINES) {
  test(`${engine}: the inbox shows each conversation's latest message and unread count`, async (t) => {
    const node = await startNode(t, engine);
    const { app } = node;
    const bob = await node.newUser('Bob');
    const post = async (conv: string, auth: Record<string, string>, body: string) =>
      (await app.inject({ method: 'POST', url: `/api/v1/conversations/${conv}/messages`, headers: auth, payload: { body } })).json();
    const busy = (await app.inject({ method: 'POST', url: '/api/v1/conversations', headers: node.auth, payload: { title: 'Busy' } })).json();
    const quiet = (await app.inject({ method: 'POST', url: '/api/v1/conversations', headers: node.auth, payload: { title: 'Quiet' } })).json();
    await app.inject({ method: 'POST', url: `/api/v1/conversations/${busy.id}/members`, headers: node.auth, payload: { email: bob.user.email } });
    await post(busy.id, node.auth, 'mine');
    const first = await post(busy.id, bob.auth, 'one');
    await post(busy.id, bob.auth, 'two');

    const inbox = async (query: string, auth = node.auth) => (await app.inject({ url: `/api/v1/inbox${query}`, headers: auth })).json().conversations;
    const all = await inbox('');
    const byId = new Map(all.map((c: { id: string }) => [c.id, c]));
    const b = byId.get(busy.id) as { last_message: { body: string; sender: { name: string } }; unread_count: number; title: string };
    assert.equal(b.title, 'Busy');
    assert.equal(b.last_message.body, 'two');
    assert.equal(b.last_message.sender.name, 'Bob');
    assert.equal(b.unread_count, 2, 'my own message is never unread');
    assert.deepEqual(byId.get(quiet.id), { ...quiet, last_message: null, unread_count: 0 });
    assert.equal(all[0].id, busy.id, 'the most recently active first');

    assert.equal((await inbox(`?seen=${busy.id}:${first.seq}`)).find((c: { id: string }) => c.id === busy.id).unread_count, 1);
    assert.deepEqual((await inbox('', bob.auth)).map((c: { id: string; unread_count: number }) => [c.id, c.unread_count]), [[busy.id, 1]], "Bob sees only his conversations; mine counts for him");
    assert.equal((await app.inject({ url: '/api/v1/inbox' })).statusCode, 401);
  });
}
