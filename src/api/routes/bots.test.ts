import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../../../test/support/engines.ts';
import { messagesOf } from '../../../test/support/hooks.ts';
import { startNode } from '../../../test/support/runtime.ts';
import { waitFor } from '../../../test/support/wait-for.ts';

async function setUp(t: Parameters<typeof startNode>[0], engine: (typeof ENGINES)[number], env: Record<string, string> = {}) {
  const node = await startNode(t, engine, env);
  const conv = (await node.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: node.auth, payload: { title: 'Support' } })).json();
  const other = (await node.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: node.auth, payload: { title: 'Elsewhere' } })).json();
  const key = (await node.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: node.auth, payload: { name: 'Dictionary bot', conversation_ids: [conv.id] } })).json();
  return { node, conv, other, key };
}

for (const engine of ENGINES) {
  test(`${engine}: the Dashly-style reply route takes form or JSON, Bearer or auth_token`, async (t) => {
    const { node, conv, other, key } = await setUp(t, engine);
    const form = await node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/reply?auth_token=${key.token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'body=Hey%2C%20great!' });
    assert.equal(form.statusCode, 201, form.body);
    assert.deepEqual([form.json().body, form.json().sender.type, form.json().sender.name], ['Hey, great!', 'bot', 'Dictionary bot']);
    const json = await node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/reply`, headers: { authorization: `Bearer ${key.token}` }, payload: { body: 'JSON too', sender_name: 'Helper' } });
    assert.equal(json.json().sender.name, 'Helper');

    const cases = [
      { name: 'no body', url: `/api/v1/conversations/${conv.id}/reply?auth_token=${key.token}`, payload: {}, status: 422 },
      { name: 'empty body', url: `/api/v1/conversations/${conv.id}/reply?auth_token=${key.token}`, payload: { body: ' ' }, status: 422 },
      { name: 'wrong key', url: `/api/v1/conversations/${conv.id}/reply?auth_token=sb_wrong`, payload: { body: 'x' }, status: 401 },
      { name: 'not in the key’s scope', url: `/api/v1/conversations/${other.id}/reply?auth_token=${key.token}`, payload: { body: 'x' }, status: 404 },
    ];
    for (const c of cases) {
      const res = await node.app.inject({ method: 'POST', url: c.url, payload: c.payload });
      assert.equal(res.statusCode, c.status, c.name);
      assert.ok(res.json().error.code, c.name);
    }
    await node.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${key.id}`, headers: node.auth });
    const revoked = await node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/reply?auth_token=${key.token}`, payload: { body: 'x' } });
    assert.equal(revoked.statusCode, 401);
    // auth_token is accepted on the reply route only
    assert.equal((await node.app.inject({ url: `/api/v1/me?auth_token=${node.token}` })).statusCode, 401);
    assert.deepEqual((await messagesOf(node, conv.id)).map((m) => m.body), ['Hey, great!', 'JSON too']);
  });

  test(`${engine}: auto-responder rules answer without code, first match wins, cool-down holds`, async (t) => {
    const { node, conv } = await setUp(t, engine);
    const rule = (payload: object) => node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/rules`, headers: node.auth, payload });
    assert.equal((await rule({ name: 'Greeter', trigger: { phrase: 'hello, how are you' }, reply: 'Hey {{sender.name}}, great! Welcome to {{conversation.title}}.', cooldown_seconds: 3600 })).statusCode, 201);
    assert.equal((await rule({ trigger: { pattern: 'price|cost' }, reply: 'See our pricing page.' })).statusCode, 201);
    assert.equal((await rule({ trigger: { keywords: ['hello'] }, reply: 'never: the greeter comes first' })).statusCode, 201);
    const bad = [
      { trigger: { pattern: '(a)\\1' }, reply: 'x', field: 'trigger.pattern' },
      { trigger: {}, reply: 'x', field: 'trigger' },
      { trigger: { keywords: ['x'] }, reply: 'Hi {{sender.email}}', field: 'reply' },
      { trigger: { keywords: ['x'] }, reply: 'x', bogus: true, field: 'bogus' },
    ];
    for (const b of bad) {
      const { field, ...payload } = b;
      const res = await rule(payload);
      assert.equal(res.statusCode, 422, JSON.stringify(payload));
      assert.match(res.json().error.message, new RegExp(field.replace('.', '\\.')));
    }
    const say = (body: string) => node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/messages`, headers: node.auth, payload: { body } });
    await say('HELLO, how are you?');
    await waitFor(async () => (await messagesOf(node, conv.id)).length === 2);
    await say('hello, how are you again');
    await say('what does it cost?');
    await waitFor(async () => (await messagesOf(node, conv.id)).length === 5);
    // A marker the pricing rule answers: the responder starts on each message as it commits, so an
    // answer to anything above (or to a bot's reply) would be written before the marker's.
    await say('and the price?');
    await waitFor(async () => (await messagesOf(node, conv.id)).length >= 7);
    const messages = (await messagesOf(node, conv.id)).map((m) => [m.sender.type, m.sender.name, m.body]);
    assert.deepEqual(messages, [
      ['user', 'Admin', 'HELLO, how are you?'],
      ['bot', 'Greeter', 'Hey Admin, great! Welcome to Support.'],
      ['user', 'Admin', 'hello, how are you again'],
      ['user', 'Admin', 'what does it cost?'],
      ['bot', 'Auto-responder', 'See our pricing page.'],
      ['user', 'Admin', 'and the price?'],
      ['bot', 'Auto-responder', 'See our pricing page.'],
    ]);
    const listed = (await node.app.inject({ url: `/api/v1/conversations/${conv.id}/rules`, headers: node.auth })).json().rules;
    assert.equal(listed.length, 3);
    assert.equal((await node.app.inject({ method: 'PATCH', url: `/api/v1/rules/${listed[1].id}`, headers: node.auth, payload: { enabled: false } })).json().enabled, false);
    assert.equal((await node.app.inject({ method: 'DELETE', url: `/api/v1/rules/${listed[2].id}`, headers: node.auth })).statusCode, 204);
    const outsider = await node.newUser('Eve');
    assert.equal((await node.app.inject({ method: 'DELETE', url: `/api/v1/rules/${listed[0].id}`, headers: outsider.auth })).statusCode, 404);
  });

  test(`${engine}: two bots answering each other are cut off, with a message saying so`, async (t) => {
    const { node, conv, key } = await setUp(t, engine, { BOT_REPLIES_PER_MINUTE: '5' });
    const statuses = [];
    for (let i = 0; i < 8; i++) {
      statuses.push((await node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/reply?auth_token=${key.token}`, payload: { body: `ping ${i}` } })).statusCode);
    }
    assert.deepEqual(statuses, [201, 201, 201, 201, 201, 429, 429, 429]);
    const messages = await messagesOf(node, conv.id);
    assert.equal(messages.filter((m) => m.sender.type === 'bot').length, 5);
    const notices = messages.filter((m) => m.sender.type === 'system');
    assert.equal(notices.length, 1, 'told once');
    assert.match(notices[0].body, /paused/);
  });
}
