import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Webhook } from './api-types.ts';
import { changesOf, checkDraft, draftOf, errorsAfter, filtersOf, NEW_DRAFT, toggle } from './webhook-draft.ts';

const webhook = {
  id: 'whk_1',
  url: 'https://bot.example.com/in',
  events: ['message.created', 'case.created'],
  filters: { sender_types: ['contact', 'user'], trigger_words: ['deploy', 'rollback'] },
  parallel: false,
} as Webhook;

test('a webhook as its draft asks for no change', () => {
  assert.deepEqual(draftOf(webhook).words, 'deploy, rollback');
  assert.deepEqual(changesOf(webhook, draftOf(webhook)), {});
});

test('changesOf holds only what changed', () => {
  const draft = draftOf(webhook);
  const cases: [string, Partial<typeof draft>, object][] = [
    ['url, trimmed', { url: ' https://other.example/x ' }, { url: 'https://other.example/x' }],
    ['events in another order', { events: ['case.created', 'message.created'] }, {}],
    ['an event more', { events: ['message.created', 'case.created', 'case.updated'] }, { events: ['message.created', 'case.created', 'case.updated'] }],
    ['senders ticked in another order', { senders: ['user', 'contact'] }, {}],
    ['words respaced', { words: 'deploy,rollback ,' }, {}],
    ['a direction', { direction: 'in' }, { filters: { sender_types: ['user', 'contact'], direction: 'in', trigger_words: ['deploy', 'rollback'] } }],
    ['all filters cleared', { senders: [], words: '' }, { filters: {} }],
    ['parallel', { parallel: true }, { parallel: true }],
  ];
  for (const [name, change, expected] of cases) assert.deepEqual(changesOf(webhook, { ...draft, ...change }), expected, name);
});

test('filtersOf leaves out what is not set', () => {
  assert.deepEqual(filtersOf(NEW_DRAFT), {});
  assert.deepEqual(filtersOf({ ...NEW_DRAFT, senders: ['system', 'user'], words: ' a, b, a ' }), { sender_types: ['user', 'system'], trigger_words: ['a', 'b'] });
});

test('checkDraft names the URL and the events', () => {
  assert.deepEqual(checkDraft({ ...NEW_DRAFT, url: 'https://x.example' }), {});
  assert.deepEqual(checkDraft({ ...NEW_DRAFT, url: 'HTTP://x.example' }), {});
  assert.deepEqual(Object.keys(checkDraft({ ...NEW_DRAFT, url: 'x.example' })), ['url']);
  assert.deepEqual(Object.keys(checkDraft({ ...NEW_DRAFT, url: 'ftp://x.example' })), ['url']);
  assert.deepEqual(Object.keys(checkDraft({ ...NEW_DRAFT, url: 'https://x.example', events: [] })), ['events']);
});

test('toggle adds once and removes', () => {
  assert.deepEqual(toggle(['a'], 'b', true), ['a', 'b']);
  assert.deepEqual(toggle(['a'], 'a', true), ['a']);
  assert.deepEqual(toggle(['a', 'b'], 'a', false), ['b']);
});

test('errorsAfter drops the error of the field being edited only', () => {
  const errors = { url: 'bad', 'filters.trigger_words': 'too long', '': 'other' };
  assert.deepEqual(errorsAfter(errors, { url: 'https://x' }), { 'filters.trigger_words': 'too long', '': 'other' });
  assert.deepEqual(errorsAfter(errors, { words: 'a' }), { url: 'bad', '': 'other' });
  assert.equal(errorsAfter(errors, { events: [] }), errors, 'unchanged errors stay the same object');
});
