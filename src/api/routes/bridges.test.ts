import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ENGINES } from '../../../test/support/engines.ts';
import { startNode, type TestNode } from '../../../test/support/runtime.ts';
import { createBridge, GENERIC_MAPPING, gatewayPost } from '../../../test/support/bridges.ts';

// Our own configurations in Live Helper Chat's export format (src/mapping/lhc-presets/README.md).
const PRESETS = new URL('../../mapping/lhc-presets/', import.meta.url);
const readPreset = (file: string): unknown => JSON.parse(readFileSync(new URL(file, PRESETS), 'utf8'));

const text = (extra: Record<string, unknown> = {}) => ({ kind: 'text', template: '{{msg.text}}', ...extra });

/** Invalid bodies → the field the 422 names. */
const INVALID: [string, Record<string, unknown>, string][] = [
  ['malformed kind condition', { mapping: { ...GENERIC_MAPPING, kinds: [text({ condition: 'type=text' }), text({ condition: '=x' })] } }, 'mapping.kinds[1].condition'],
  ['unknown mapping field', { mapping: { ...GENERIC_MAPPING, chat: 'x' } }, 'mapping.chat'],
  ['template syntax error', { mapping: { ...GENERIC_MAPPING, kinds: [text({ template: 'Hi {{msg.text' })] } }, 'mapping.kinds[0].template'],
  ['non-message placeholder', { mapping: { ...GENERIC_MAPPING, kinds: [text({ template: '{{bridge.name}}' })] } }, 'mapping.kinds[0].template'],
  ['malformed location', { mapping: { ...GENERIC_MAPPING, phone: 'chat.phone||@||x' } }, 'mapping.phone'],
  ['missing chat id', { mapping: { ...GENERIC_MAPPING, chat_id: undefined } }, 'mapping.chat_id'],
  ['unknown reopen policy', { mapping: { ...GENERIC_MAPPING, reopen_policy: 'later' } }, 'mapping.reopen_policy'],
  ['reply URL from nowhere', { reply: { method: 'POST', url: '{{chat.external_id}}/send' } }, 'reply.url'],
  ['reply body not JSON', { reply: { method: 'POST', url: 'https://gw.example.test/send', headers: { 'Content-Type': 'application/json' }, body: '{"to": {{chat.external_id}}' } }, 'reply.body'],
  ['attribute key with a dot', { attributes: { 'api.key': 'x' } }, 'attributes.api.key'],
  ['unknown operator', { operator_ids: ['usr_nobody'] }, 'operator_ids[0]'],
  ['no mapping', { mapping: undefined }, 'mapping'],
];

async function countRows(node: TestNode) {
  const count = async (table: 'bridges' | 'conversations' | 'messages' | 'bridge_chats' | 'bridge_ignored') => (await node.ctx.store.db.selectFrom(table).selectAll().execute()).length;
  return { bridges: await count('bridges'), conversations: await count('conversations'), messages: await count('messages'), chats: await count('bridge_chats'), ignored: await count('bridge_ignored') };
}

for (const engine of ENGINES) {
  test(`${engine}: bridges are created, listed, changed and deleted by their owner`, async (t) => {
    const node = await startNode(t, engine);
    const bridge = await createBridge(node, { attributes: { host: 'https://gw.example.test' } });
    assert.match(bridge.url, new RegExp(`^${node.config.publicUrl}/bridge/[A-Za-z0-9_-]{22}$`));
    assert.equal((bridge.mapping as { reopen_policy: string }).reopen_policy, 'new', 'defaults are filled in');

    const listed = (await node.app.inject({ url: '/api/v1/bridges', headers: node.auth })).json().bridges;
    assert.deepEqual(listed.map((b: { id: string }) => b.id), [bridge.id]);

    const patched = await node.app.inject({ method: 'PATCH', url: `/api/v1/bridges/${bridge.id}`, headers: node.auth, payload: { name: 'SMS gateway', mapping: { ...GENERIC_MAPPING, reopen_policy: 'reopen_pending' } } });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(patched.json().name, 'SMS gateway');
    assert.equal(patched.json().url, bridge.url, 'the URL stays');
    const bad = await node.app.inject({ method: 'PATCH', url: `/api/v1/bridges/${bridge.id}`, headers: node.auth, payload: { mapping: { ...GENERIC_MAPPING, main_condition: 'a=1||' } } });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.json().error.message, /^mapping\.main_condition: /);
    const fetched = (await node.app.inject({ url: `/api/v1/bridges/${bridge.id}`, headers: node.auth })).json();
    assert.equal(fetched.mapping.reopen_policy, 'reopen_pending', 'a refused patch changes nothing');

    const deleted = await node.app.inject({ method: 'DELETE', url: `/api/v1/bridges/${bridge.id}`, headers: node.auth });
    assert.equal(deleted.statusCode, 204);
    const posted = await node.app.inject({ method: 'POST', url: new URL(bridge.url).pathname, payload: gatewayPost({ text: 'hi', chat: { id: 'c1' } }) });
    assert.equal(posted.statusCode, 404);
    assert.equal(posted.json().error.code, 'bridge_not_found');
  });

  test(`${engine}: an invalid bridge is a 422 naming the field, and nothing is stored`, async (t) => {
    const node = await startNode(t, engine);
    for (const [label, body, field] of INVALID) {
      const payload = { name: 'Gateway', scope: 'sms', attributes: {}, mapping: GENERIC_MAPPING, ...body };
      const res = await node.app.inject({ method: 'POST', url: '/api/v1/bridges', headers: node.auth, payload });
      assert.equal(res.statusCode, 422, `${label}: ${res.body}`);
      assert.equal(res.json().error.code, 'invalid_field', label);
      assert.ok(res.json().error.message.startsWith(`${field}: `), `${label}: ${res.json().error.message}`);
    }
    assert.equal((await countRows(node)).bridges, 0);
  });

  test(`${engine}: only the owner and admins see and manage a bridge`, async (t) => {
    const node = await startNode(t, engine);
    const alice = await node.newUser('Alice');
    const bob = await node.newUser('Bob');
    const bridge = await createBridge(node, {}, alice.auth);
    const requests = [
      { method: 'GET', url: `/api/v1/bridges/${bridge.id}` },
      { method: 'PATCH', url: `/api/v1/bridges/${bridge.id}`, payload: { name: 'Mine now' } },
      { method: 'DELETE', url: `/api/v1/bridges/${bridge.id}` },
      { method: 'POST', url: `/api/v1/bridges/${bridge.id}/preview`, payload: { payload: {} } },
      { method: 'GET', url: `/api/v1/bridges/${bridge.id}/ignored` },
    ] as const;
    for (const request of requests) {
      const res = await node.app.inject({ ...request, headers: bob.auth });
      assert.equal(res.statusCode, 404, `${request.method} ${request.url}`);
      assert.equal(res.json().error.code, 'bridge_not_found');
    }
    assert.deepEqual((await node.app.inject({ url: '/api/v1/bridges', headers: bob.auth })).json().bridges, []);
    assert.equal((await node.app.inject({ url: `/api/v1/bridges/${bridge.id}`, headers: alice.auth })).json().name, 'Gateway');
    // The admin (node.auth) manages everyone's bridges.
    assert.equal((await node.app.inject({ url: `/api/v1/bridges/${bridge.id}`, headers: node.auth })).statusCode, 200);
    assert.equal((await node.app.inject({ url: '/api/v1/bridges', headers: node.auth })).json().bridges.length, 1);
    const scoped = await node.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: alice.auth, payload: { name: 'bot', conversation_ids: [] } });
    const botAuth = { authorization: `Bearer ${scoped.json().token}` };
    const refused = await node.app.inject({ url: `/api/v1/bridges/${bridge.id}`, headers: botAuth });
    assert.equal(refused.statusCode, 403, 'a scoped key manages no bridge');
    assert.equal(refused.json().error.code, 'forbidden');
  });

  test(`${engine}: the three Live Helper Chat presets import`, async (t) => {
    const node = await startNode(t, engine);
    const presets = [
      { incoming: 'openwa-incoming.json', rest_api: 'openwa-rest-api.json', name: 'Open-WA desk', reply: '{{bridge.attributes.host}}/sendText' },
      { incoming: 'waha-incoming.json', rest_api: 'waha-rest-api.json', reply: 'http://waha.example.test:3000/api/sendText' },
      { incoming: 'messagebird-incoming.json', name: 'MessageBird inbox', reply: null },
    ];
    for (const preset of presets) {
      const payload = { incoming: readPreset(preset.incoming), ...(preset.rest_api ? { rest_api: readPreset(preset.rest_api) } : {}) };
      const res = await node.app.inject({ method: 'POST', url: '/api/v1/bridges/import', headers: node.auth, payload });
      assert.equal(res.statusCode, 201, `${preset.incoming}: ${res.body}`);
      const bridge = res.json();
      if (preset.name) assert.equal(bridge.name, preset.name);
      assert.match(bridge.url, /\/bridge\/[A-Za-z0-9_-]{22}$/);
      assert.ok(Array.isArray(bridge.warnings), preset.incoming);
      assert.ok(bridge.mapping.kinds.length >= 4, preset.incoming);
      assert.equal(bridge.reply?.url ?? null, preset.reply, preset.incoming);
      assert.equal((await node.app.inject({ url: `/api/v1/bridges/${bridge.id}`, headers: node.auth })).json().warnings, undefined, 'warnings belong to the import answer');
    }
    const broken = { name: 'broken', configuration: JSON.stringify({ chat_id: 'chatId', msg_body: '{{msg.body}}', msg_cond: '=chat' }) };
    const res = await node.app.inject({ method: 'POST', url: '/api/v1/bridges/import', headers: node.auth, payload: { incoming: broken } });
    assert.equal(res.statusCode, 422, res.body);
    assert.match(res.json().error.message, /^incoming/);
    assert.equal((await countRows(node)).bridges, 3);
  });

  test(`${engine}: the preview tells what a payload would produce and stores nothing`, async (t) => {
    const node = await startNode(t, engine);
    const bridge = await createBridge(node);
    const preview = async (payload: unknown) => {
      const res = await node.app.inject({ method: 'POST', url: `/api/v1/bridges/${bridge.id}/preview`, headers: node.auth, payload: { payload } });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };
    const before = await countRows(node);
    const first = await preview(gatewayPost(
      { id: 'm1', text: ' Hello ', chat: { id: 'c1', name: 'Ann', phone: '+3706' } },
      { id: 'm2', text: 'we are on it', from_me: true, chat: { id: 'c1' } },
      { id: 'm3', type: 'sticker', chat: { id: 'c1' } },
    ));
    assert.equal(first.result, 'messages');
    assert.deepEqual(first.skipped, [{ index: 2, reason: 'no message kind matched' }]);
    const [visitor, operator] = first.messages;
    assert.deepEqual(
      { action: visitor.action, conversation: visitor.conversation, contact: visitor.contact, sender: visitor.sender, direction: visitor.direction, kind: visitor.kind, body: visitor.body },
      { action: 'create_conversation', conversation: null, contact: { name: 'Ann', phone: '+3706', email: null, external_id: 'c1' }, sender: { type: 'contact', name: 'Ann' }, direction: 'in', kind: 'text', body: 'Hello' },
    );
    assert.deepEqual([operator.action, operator.direction, operator.sender.type], ['append', 'out', 'bot']);
    assert.deepEqual(await preview({ event: 'status' }), { result: 'ignored', reason: 'main condition not met: event=message' });
    assert.deepEqual(await countRows(node), before, 'a preview stores nothing, not even in the ignored log');

    // Once the chat exists, the preview says where the message goes, and spots a repeated id.
    const posted = await node.app.inject({ method: 'POST', url: new URL(bridge.url).pathname, payload: gatewayPost({ id: 'm1', text: 'Hello', chat: { id: 'c1' } }) });
    const conversationId = posted.json().conversation_id;
    const again = await preview(gatewayPost({ id: 'm1', text: 'Hello', chat: { id: 'c1' } }, { id: 'm9', text: 'More', chat: { id: 'c1' } }));
    assert.deepEqual(again.messages.map((m: { action: string; conversation: { id: string } }) => [m.action, m.conversation.id]), [['duplicate', conversationId], ['append', conversationId]]);
  });
}
