import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DomainEvent, EventType } from '../core/types.ts';
import { eventMessageId, passesFilters, startsWithWord, wantsEvent, type WebhookFilters } from './filters.ts';
import { SENDERS, sampleMessage } from './formats/sample-context.ts';

const triggerCases: Array<[string, string, boolean]> = [
  ['deploy now', 'deploy', true],
  ['  Deploy!', 'deploy', true],
  ['deployment done', 'deploy', false],
  ['bot:status', 'bot:', true],
  ['!ping', '!ping', true],
  ['please deploy', 'deploy', false],
  ['deploy', ' ', false],
  ['Ärge unusta', 'ärge', true],
];
for (const [body, word, expected] of triggerCases) {
  test(`startsWithWord(${JSON.stringify(body)}, ${JSON.stringify(word)}) is ${expected}`, () => assert.equal(startsWithWord(body, word), expected));
}

const filterCases: Array<{ name: string; filters: WebhookFilters; message: Parameters<typeof passesFilters>[1]; expected: boolean }> = [
  { name: 'no filters', filters: {}, message: sampleMessage(), expected: true },
  { name: 'sender type listed', filters: { sender_types: ['contact', 'user'] }, message: sampleMessage(), expected: true },
  { name: 'sender type not listed', filters: { sender_types: ['contact'] }, message: sampleMessage({ sender: SENDERS.bot }), expected: false },
  { name: 'direction in', filters: { direction: 'in' }, message: sampleMessage({ direction: 'in' }), expected: true },
  { name: 'direction out vs in', filters: { direction: 'out' }, message: sampleMessage({ direction: 'in' }), expected: false },
  { name: 'direction set, team message', filters: { direction: 'in' }, message: sampleMessage({ direction: null }), expected: false },
  { name: 'trigger word', filters: { trigger_words: ['status', '!help'] }, message: sampleMessage({ body: '!help me' }), expected: true },
  { name: 'no trigger word', filters: { trigger_words: ['status'] }, message: sampleMessage({ body: 'what is the status' }), expected: false },
  { name: 'all filters together', filters: { sender_types: ['contact'], direction: 'in', trigger_words: ['hi'] }, message: sampleMessage({ sender: SENDERS.contact, direction: 'in', body: 'Hi there' }), expected: true },
];
for (const c of filterCases) {
  test(`passesFilters: ${c.name}`, () => assert.equal(passesFilters(c.filters, c.message), c.expected));
}

const event = (type: EventType, data: Record<string, unknown>): DomainEvent => ({ id: 'evt_1', conversation_id: 'cnv_1', seq: 7, type, data, created_at: '2025-01-01T00:00:00.000Z' });

test('wantsEvent: subscribed types, filters on messages only, never the webhook’s own replies', () => {
  const subscription = { id: 'whk_1', events: ['message.created', 'case.created'] as EventType[], filters: { trigger_words: ['deploy'] } };
  const message = sampleMessage({ body: 'deploy web' });
  assert.equal(wantsEvent(subscription, event('message.created', { message }), null), true);
  assert.equal(wantsEvent(subscription, event('message.created', { message: { ...message, body: 'hello' } }), null), false);
  assert.equal(wantsEvent(subscription, event('message.created', { message }), 'whk_1'), false, 'its own reply');
  assert.equal(wantsEvent(subscription, event('message.created', { message }), 'whk_2'), true, 'another webhook’s reply');
  assert.equal(wantsEvent(subscription, event('case.created', { message_id: 'msg_1' }), null), true, 'filters do not apply');
  assert.equal(wantsEvent(subscription, event('case.created', { message_id: 'msg_1' }), 'whk_1'), false);
  assert.equal(wantsEvent(subscription, event('conversation.closed', {}), null), false, 'not subscribed');
});

test('eventMessageId finds the message of message and case events', () => {
  assert.equal(eventMessageId(event('message.created', { message: sampleMessage() })), 'msg_J3w6');
  assert.equal(eventMessageId(event('case.updated', { message_id: 'msg_9' })), 'msg_9');
  assert.equal(eventMessageId(event('conversation.closed', {})), null);
});
