import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from '../../core/types.ts';
import { dashly } from './dashly.ts';
import { eventContext, messageContext, PUBLIC_URL, SENDERS, sampleMessage } from './sample-context.ts';
import type { DeliveryContext } from './types.ts';

function partOf(ctx: DeliveryContext): Record<string, unknown> {
  const request = dashly.buildRequest(ctx);
  assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.equal(request.headers['user-agent'], 'Switchboard Webhook 1.0');
  const form = new URLSearchParams(request.body);
  assert.deepEqual([...form.keys()], ['conversation', 'type', 'token']);
  assert.equal(form.get('type'), 'conversation');
  assert.equal(form.get('token'), ctx.webhook.secret);
  return JSON.parse(form.get('conversation') ?? 'null') as Record<string, unknown>;
}

const cases: Array<{ name: string; message: Message; direction: string; type: string; from: string; sentVia: string }> = [
  { name: 'contact', message: sampleMessage({ sender: SENDERS.contact, direction: 'in' }), direction: 'u2a', type: 'reply_user', from: 'ctc_Z7n5', sentVia: 'web_user' },
  { name: 'operator', message: sampleMessage({ sender: SENDERS.user, direction: 'out' }), direction: 'a2u', type: 'reply_admin', from: 'usr_K2v9', sentVia: 'web_admin' },
  { name: 'bot', message: sampleMessage({ sender: SENDERS.bot, direction: 'out' }), direction: 'a2u', type: 'reply_bot', from: 'bot_R1c8', sentVia: 'api' },
  { name: 'hook', message: sampleMessage({ sender: SENDERS.hook }), direction: 'a2u', type: 'reply_admin', from: 'hok_P4x1', sentVia: 'api' },
];
for (const c of cases) {
  test(`a ${c.name} message is a ${c.direction} ${c.type} part`, () => {
    const part = partOf(messageContext(c.message));
    assert.equal(part.direction, c.direction);
    assert.equal(part.type, c.type);
    assert.equal(part.from, c.from);
    assert.equal(part.sent_via, c.sentVia);
  });
}

test('a message part carries the ConversationPart fields', () => {
  const message = sampleMessage({
    body: 'Where is my order?',
    sender: SENDERS.contact,
    direction: 'in',
    attachments: [{ id: 'att_D3', kind: 'file', name: 'receipt.pdf', url: '/files/att_D3', content_type: 'application/pdf', size: 900, sha256: null }],
  });
  const part = partOf(messageContext(message, { conversation: { id: 'cnv_T5h2', title: 'Visitor 4411', kind: 'support', status: 'closed', created_at: '2025-01-02T08:00:00.000Z', last_seq: 42 } }));
  assert.equal(part.id, 'msg_J3w6');
  assert.equal(part.conversation, 'cnv_T5h2');
  assert.equal(part.body, 'Where is my order?');
  assert.equal(part.created, 1739525415);
  assert.equal(part.conversation_closed, true);
  assert.deepEqual(part.conversation_tags, []);
  assert.equal(part.assignee, null);
  assert.ok(Number.isSafeInteger(part.random_id));
  assert.deepEqual(part.attachments, [{ id: 'att_D3', kind: 'file', name: 'receipt.pdf', url: `${PUBLIC_URL}/files/att_D3`, content_type: 'application/pdf', size: 900, sha256: null }]);
});

test('random_id is stable for a part and differs between parts', () => {
  const first = partOf(messageContext(sampleMessage()));
  const again = partOf(messageContext(sampleMessage()));
  const other = partOf(messageContext(sampleMessage({ id: 'msg_other' })));
  assert.equal(first.random_id, again.random_id);
  assert.notEqual(first.random_id, other.random_id);
});

const eventCases: Array<[string, string]> = [['conversation.closed', 'closed'], ['conversation.reopened', 'reopened'], ['case.created', 'service']];
for (const [type, partType] of eventCases) {
  test(`a ${type} event is a ${partType} part`, () => {
    const base = eventContext();
    const part = partOf({ ...base, event: { ...base.event, type: type as DeliveryContext['event']['type'] } });
    assert.equal(part.type, partType);
    assert.equal(part.id, 'evt_C4s8');
    assert.equal(part.body, type);
    assert.equal(part.created, 1739525460);
  });
}
