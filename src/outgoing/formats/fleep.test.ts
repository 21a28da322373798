import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from '../../core/types.ts';
import { fleep } from './fleep.ts';
import { eventContext, messageContext, PUBLIC_URL, SENDERS, sampleMessage } from './sample-context.ts';
import type { DeliveryContext } from './types.ts';

interface FleepRecord { [key: string]: unknown }
interface FleepPayload { reply_url: string; messages: FleepRecord[]; contacts: FleepRecord[]; conversations: FleepRecord[]; hooks: FleepRecord[]; event: FleepRecord }

function payloadOf(ctx: DeliveryContext): FleepPayload {
  const request = fleep.buildRequest(ctx);
  assert.equal(request.method, 'POST');
  assert.equal(request.headers['content-type'], 'application/json');
  return JSON.parse(request.body) as FleepPayload;
}

/** Fleep's sample receiver (wire-formats.md §2): sender_name, else the hook by hook_key, else the contact by account_id. */
function resolveAuthorName(payload: FleepPayload, message: FleepRecord): string | null {
  if (message.sender_name) return message.sender_name as string;
  const hook = payload.hooks.find((h) => message.hook_key && h.hook_key === message.hook_key);
  if (hook) return hook.hook_name as string;
  const contact = payload.contacts.find((c) => c.account_id === message.account_id);
  return ((contact?.display_name ?? contact?.email) as string | undefined) ?? null;
}

const nameCases: Array<{ name: string; message: Message; expected: string; hookKey: string | null; senderName: string | null }> = [
  { name: 'a user message', message: sampleMessage({ sender: SENDERS.user }), expected: 'Maret Kask', hookKey: null, senderName: null },
  { name: 'a hook message', message: sampleMessage({ sender: SENDERS.hook }), expected: 'Build server', hookKey: 'hk_Q8b3', senderName: null },
  { name: 'a hook message with a per-message user name', message: sampleMessage({ sender: SENDERS.hookNamed }), expected: 'Nightly deploy', hookKey: 'hk_Q8b3', senderName: 'Nightly deploy' },
  { name: 'a contact message', message: sampleMessage({ sender: SENDERS.contact, direction: 'in' }), expected: 'Visitor 4411', hookKey: null, senderName: null },
  { name: 'a bot message', message: sampleMessage({ sender: SENDERS.bot }), expected: 'Helper', hookKey: null, senderName: null },
];
for (const c of nameCases) {
  test(`Fleep's name resolution finds the author of ${c.name}`, () => {
    const payload = payloadOf(messageContext(c.message));
    const [message] = payload.messages;
    assert.equal(message.hook_key, c.hookKey);
    assert.equal(message.sender_name, c.senderName);
    assert.equal(resolveAuthorName(payload, message), c.expected);
  });
}

test('a user message carries the Fleep records', () => {
  const payload = payloadOf(messageContext(sampleMessage({ body: 'Deploy finished\nall green' })));
  assert.equal(payload.reply_url, `${PUBLIC_URL}/hook/rT0kXq9vL2mN5bC8dF1gHj`);
  assert.deepEqual(payload.messages, [{
    mk_rec_type: 'message', message_id: 'msg_J3w6', conversation_id: 'cnv_T5h2', message_nr: 42, prev_message_nr: 41,
    account_id: 'usr_K2v9', posted_time: 1739525415, message: '<msg><p>Deploy finished<br/>all green</p></msg>',
    mk_message_type: 'text', sender_name: null, hook_key: null, subject: null, revision_message_nr: null, tags: [], attachments: [],
  }]);
  assert.deepEqual(payload.contacts, [{ mk_rec_type: 'contact', account_id: 'usr_K2v9', display_name: 'Maret Kask', email: 'maret@example.org' }]);
  assert.deepEqual(payload.conversations, [{ mk_rec_type: 'conv', conversation_id: 'cnv_T5h2', topic: 'Releases', last_message_nr: 42 }]);
  assert.deepEqual(payload.hooks, []);
  assert.equal(payload.event.type, 'message.created');
});

test('a hook message lists its hook and uses the hook id as account', () => {
  const payload = payloadOf(messageContext(sampleMessage({ sender: SENDERS.hook })));
  assert.equal(payload.messages[0].account_id, 'hok_P4x1');
  assert.deepEqual(payload.hooks, [{ mk_rec_type: 'hook', hook_key: 'hk_Q8b3', hook_name: 'Build server', conversation_id: 'cnv_T5h2', mk_hook_type: 'plain', is_active: true }]);
  assert.deepEqual(payload.contacts, []);
});

test('files become file records with absolute URLs and <file> elements', () => {
  const message = sampleMessage({
    body: 'screenshots',
    attachments: [
      { id: 'att_A1', kind: 'file', name: 'shot 1.png', url: '/files/att_A1/shot%201.png', content_type: 'image/png', size: 2048, sha256: 'ab12' },
      { id: 'att_A2', kind: 'link', name: 'Ticket', url: 'https://tracker.example.net/T-9', content_type: null, size: null, sha256: null },
    ],
  });
  const [record] = payloadOf(messageContext(message)).messages;
  assert.equal(record.message, '<msg><p>screenshots</p><p><a href="https://tracker.example.net/T-9">Ticket</a></p><file key="att_A1">shot 1.png</file></msg>');
  assert.deepEqual(record.attachments, [{
    mk_rec_type: 'file', attachment_id: 'att_A1', message_id: 'msg_J3w6', conversation_id: 'cnv_T5h2', message_nr: 42,
    file_name: 'shot 1.png', file_type: 'image/png', file_size: 2048, file_url: `${PUBLIC_URL}/files/att_A1/shot%201.png`,
    file_sha256: 'ab12', posted_time: 1739525415,
  }]);
});

test('a message in a case has the case title as subject', () => {
  const ctx = messageContext(sampleMessage({ case_id: 'cas_W1e5' }), { case: { id: 'cas_W1e5', external_id: 'INC-2031', title: 'Disk almost full', status: 'open' } });
  assert.equal(payloadOf(ctx).messages[0].subject, 'Disk almost full');
});

test('a non-message event has no messages and an event key', () => {
  const payload = payloadOf(eventContext());
  assert.deepEqual(payload.messages, []);
  assert.deepEqual(payload.contacts, []);
  assert.deepEqual(payload.event, {
    id: 'evt_C4s8', type: 'case.created', seq: 43, created_at: '2025-02-14T09:31:00.000Z', data: { case_id: 'cas_W1e5' },
    case: { id: 'cas_W1e5', external_id: 'INC-2031', title: 'Disk almost full', status: 'open' },
  });
});

test('the same delivery builds the same body (retries are identical)', () => {
  const ctx = messageContext(sampleMessage());
  assert.equal(fleep.buildRequest(ctx).body, fleep.buildRequest(ctx).body);
});
