/** A bridge's URL over HTTP: chats, contacts, directions, de-duplication, races, limits and bad bodies. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../support/engines.ts';
import { createBridge, gatewayPost, postToBridge, supportConversations } from '../support/bridges.ts';
import { messagesOf } from '../support/hooks.ts';
import { freshDatabase, startNode, type TestNode } from '../support/runtime.ts';

async function countRows(node: TestNode) {
  const count = async (table: 'conversations' | 'messages' | 'bridge_chats' | 'bridge_seen_messages') => (await node.ctx.store.db.selectFrom(table).selectAll().execute()).length;
  return { conversations: await count('conversations'), messages: await count('messages'), chats: await count('bridge_chats'), seen: await count('bridge_seen_messages') };
}

const ignoredLog = async (node: TestNode, bridgeId: string) => (await node.app.inject({ url: `/api/v1/bridges/${bridgeId}/ignored`, headers: node.auth })).json().ignored as { reason: string; payload: string }[];

for (const engine of ENGINES) {
  test(`${engine}: two chats, their contacts, and messages from both sides`, async (t) => {
    const node = await startNode(t, engine, {}, { listen: true });
    const operator = await node.newUser('Olga');
    const bridge = await createBridge(node, { operator_ids: [operator.user.id] });

    const first = await postToBridge(bridge.url, gatewayPost(
      { id: 'a1', text: 'Hello, is my order shipped?', chat: { id: 'chat-a', name: 'Ann', phone: '+37060000001' } },
      { id: 'a2', type: 'image', caption: 'the parcel', url: 'https://media.example.test/p/parcel%20photo.jpg', chat: { id: 'chat-a' } },
    ));
    assert.equal(first.status, 200);
    assert.equal(first.json.result, 'stored');
    assert.equal(first.json.message_ids.length, 2);
    const second = await postToBridge(bridge.url, gatewayPost({ id: 'b1', text: 'Hi', chat: { id: 'chat-b', name: 'Ben', email: 'ben@example.test' } }));
    assert.notEqual(second.json.conversation_id, first.json.conversation_id, 'another chat, another conversation');
    const reply = await postToBridge(bridge.url, gatewayPost({ id: 'a3', text: 'Yes, it left today', from_me: true, chat: { id: 'chat-a', name: 'Our shop' } }));
    assert.equal(reply.json.conversation_id, first.json.conversation_id);

    const conversations = await supportConversations(node, '&status=open', operator.auth);
    assert.deepEqual(conversations.map((c) => [c.title, c.contact]).sort(), [
      ['Ann', { name: 'Ann', phone: '+37060000001', email: null, external_id: 'chat-a' }],
      ['Ben', { name: 'Ben', phone: null, email: 'ben@example.test', external_id: 'chat-b' }],
    ], 'operator-side messages do not change the contact; the listed operator sees both');
    const messages = await messagesOf(node, first.json.conversation_id) as any[];
    assert.deepEqual(messages.map((m) => [m.body, m.sender.type, m.sender.name, m.direction]), [
      ['Hello, is my order shipped?', 'contact', 'Ann', 'in'],
      ['the parcel', 'contact', 'chat-a', 'in'],
      ['Yes, it left today', 'bot', 'Gateway', 'out'],
    ]);
    assert.deepEqual(messages[1].attachments.map((a: { kind: string; name: string; url: string }) => [a.kind, a.name, a.url]), [['link', 'parcel photo.jpg', 'https://media.example.test/p/parcel%20photo.jpg']]);

    const outsider = await node.newUser('Mallory');
    assert.deepEqual(await supportConversations(node, '', outsider.auth), [], 'who is not listed sees nothing');
  });

  test(`${engine}: ignored payloads are answered 200 and logged for the owner`, async (t) => {
    const node = await startNode(t, engine, {}, { listen: true });
    const bridge = await createBridge(node);
    const cases: [string, unknown, string][] = [
      ['main condition', { event: 'delivery', messages: [] }, 'main condition not met: event=message'],
      ['no kind', gatewayPost({ type: 'sticker', chat: { id: 'c1' } }), 'no message kind matched'],
      ['not an object', '"just text"', 'the payload is not a JSON object'],
      ['operator first', gatewayPost({ text: 'Hi from us', from_me: true, chat: { id: 'c1' } }), 'a message from our side does not start a conversation'],
    ];
    const before = await countRows(node);
    for (const [label, payload, reason] of cases) {
      const { status, json } = await postToBridge(bridge.url, payload);
      assert.equal(status, 200, label);
      assert.deepEqual(json, { result: 'ignored', reason }, label);
    }
    assert.deepEqual(await countRows(node), before);
    const log = await ignoredLog(node, bridge.id);
    assert.deepEqual(log.map((e) => e.reason), cases.map(([, , reason]) => reason).reverse(), 'newest first');
    assert.deepEqual(JSON.parse(log.at(-1)!.payload), cases[0][1]);

    // A payload with some messages skipped stores the rest and says which were skipped.
    const mixed = await postToBridge(bridge.url, gatewayPost({ type: 'sticker', chat: { id: 'c2' } }, { text: 'Real text', chat: { id: 'c2' } }));
    assert.equal(mixed.json.result, 'stored');
    assert.deepEqual(mixed.json.skipped, [{ index: 0, reason: 'no message kind matched' }]);
    assert.match((await ignoredLog(node, bridge.id))[0].reason, /^some messages were skipped/);
  });

  test(`${engine}: a repeated external message id is stored once`, async (t) => {
    const node = await startNode(t, engine, {}, { listen: true });
    const bridge = await createBridge(node);
    const post = gatewayPost({ id: 'wamid.1', text: 'Once', chat: { id: 'c1', name: 'Ann' } });
    const first = await postToBridge(bridge.url, post);
    const again = await postToBridge(bridge.url, post);
    assert.equal(again.status, 200);
    assert.deepEqual(again.json, { result: 'duplicate', conversation_id: first.json.conversation_id, message_ids: [], already_stored: first.json.message_ids });
    const partly = await postToBridge(bridge.url, gatewayPost({ id: 'wamid.1', text: 'Once', chat: { id: 'c1' } }, { id: 'wamid.2', text: 'Twice', chat: { id: 'c1' } }));
    assert.equal(partly.json.result, 'stored');
    assert.deepEqual(partly.json.already_stored, first.json.message_ids);
    // The same id in another chat is another message.
    await postToBridge(bridge.url, gatewayPost({ id: 'wamid.1', text: 'Other chat', chat: { id: 'c2' } }));
    // Concurrent repeats of a new id: still one.
    const burst = gatewayPost({ id: 'wamid.3', text: 'Burst', chat: { id: 'c1' } });
    await Promise.all(Array.from({ length: 10 }, () => postToBridge(bridge.url, burst)));
    assert.deepEqual((await messagesOf(node, first.json.conversation_id)).map((m) => m.body), ['Once', 'Twice', 'Burst']);
    assert.equal((await countRows(node)).messages, 4);

    // Without dedupe_by_message_id, ids are not compared.
    const plain = await createBridge(node, { mapping: { ...bridge.mapping, dedupe_by_message_id: false } });
    await postToBridge(plain.url, post);
    const twice = await postToBridge(plain.url, post);
    assert.equal(twice.json.result, 'stored');
    assert.equal((await messagesOf(node, twice.json.conversation_id)).length, 2);
  });

  test(`${engine}: ten concurrent first messages of one chat make one conversation`, async (t) => {
    const node = await startNode(t, engine, {}, { listen: true });
    const bridge = await createBridge(node);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => postToBridge(bridge.url, gatewayPost({ id: `m${i}`, text: `message ${i}`, chat: { id: 'race', name: 'Rita' } }))));
    assert.ok(answers.every((a) => a.status === 200 && a.json.result === 'stored'), JSON.stringify(answers));
    const ids = new Set(answers.map((a) => a.json.conversation_id));
    assert.equal(ids.size, 1, 'one conversation');
    const rows = await countRows(node);
    assert.deepEqual([rows.conversations, rows.chats, rows.messages], [1, 1, 10]);
  });

  test(`${engine}: two nodes on one database racing on one chat make one conversation`, async (t) => {
    const database = await freshDatabase(t, engine);
    const a = await startNode(t, engine, {}, { listen: true, database });
    const b = await startNode(t, engine, {}, { listen: true, database });
    const bridge = await createBridge(a);
    const urlOnB = bridge.url.replace(a.config.publicUrl, b.config.publicUrl);
    const posts = Array.from({ length: 10 }, (_, i) => postToBridge(i % 2 ? urlOnB : bridge.url, gatewayPost(
      { id: `m${i}`, text: `message ${i}`, chat: { id: 'race', name: 'Rita' } },
      { id: 'same', text: 'sent by every request', chat: { id: 'race' } },
    )));
    const answers = await Promise.all(posts);
    assert.ok(answers.every((r) => r.status === 200), JSON.stringify(answers));
    assert.equal(new Set(answers.map((r) => r.json.conversation_id)).size, 1);
    const rows = await countRows(a);
    assert.deepEqual([rows.conversations, rows.chats, rows.messages, rows.seen], [1, 1, 11, 11]);
  });

  test(`${engine}: bodies over the limit, non-JSON bodies and unknown URLs`, async (t) => {
    const node = await startNode(t, engine, { HOOK_BODY_LIMIT_BYTES: '2KiB' }, { listen: true });
    const bridge = await createBridge(node);
    const before = await countRows(node);
    const cases: [string, string, string, number, string][] = [
      ['too large', JSON.stringify(gatewayPost({ text: 'x'.repeat(4000), chat: { id: 'c1' } })), 'application/json', 413, 'payload_too_large'],
      ['broken JSON', '{"event": "message", ', 'application/json', 400, 'malformed_json'],
      ['plain text', 'hello there', 'text/plain', 400, 'malformed_json'],
      ['a form', 'event=message&text=hi', 'application/x-www-form-urlencoded', 400, 'malformed_json'],
      ['empty', '', 'application/json', 400, 'malformed_json'],
      ['too deep', `${'['.repeat(100)}${']'.repeat(100)}`, 'application/json', 422, 'invalid_payload'],
    ];
    for (const [label, body, contentType, status, code] of cases) {
      const res = await fetch(bridge.url, { method: 'POST', headers: { 'content-type': contentType }, body });
      assert.equal(res.status, status, label);
      assert.equal((await res.json()).error.code, code, label);
    }
    const unknown = await fetch(`${node.config.publicUrl}/bridge/AAAAAAAAAAAAAAAAAAAAAA`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(unknown.status, 404);
    assert.equal((await unknown.json()).error.code, 'bridge_not_found');
    assert.deepEqual(await countRows(node), before, 'nothing stored');
    // JSON labelled as something else (gateways do that) is read all the same.
    const labelled = await postToBridge(bridge.url, gatewayPost({ text: 'hi', chat: { id: 'c1' } }), 'text/plain');
    assert.equal(labelled.json.result, 'stored');
  });

  test(`${engine}: a bridge's URL is rate limited per bridge`, async (t) => {
    const node = await startNode(t, engine, { HOOK_RATE_PER_MINUTE: '3' }, { listen: true });
    const [busy, quiet] = [await createBridge(node), await createBridge(node)];
    for (let i = 0; i < 3; i++) assert.equal((await postToBridge(busy.url, gatewayPost({ text: `m${i}`, chat: { id: 'c1' } }))).status, 200);
    const limited = await fetch(busy.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(gatewayPost({ text: 'one too many', chat: { id: 'c1' } })) });
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.equal((await limited.json()).error.code, 'rate_limited');
    assert.equal((await postToBridge(quiet.url, gatewayPost({ text: 'hi', chat: { id: 'c1' } }))).status, 200, 'another bridge is not limited');
  });
}
