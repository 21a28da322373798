import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RawHookRequest } from '../../types.ts';
import { type ExpectedRejection, assertRejected, formRequest, jsonRequest, onlyPost } from '../fake-requests.ts';
import { mattermostDialect } from './parse.ts';

interface Case {
  name: string;
  input: RawHookRequest;
  body?: string;
  sender?: string | null;
  rich?: Record<string, unknown> | null;
  rejected?: ExpectedRejection;
}

const cases: Case[] = [
  {
    name: 'Slack shape plus type and props',
    input: jsonRequest({ text: 'hello', username: 'bot', type: 'custom_poll', props: { poll_id: 3 } }),
    body: 'hello',
    sender: 'bot',
    rich: { mattermost: { props: { poll_id: 3 }, type: 'custom_poll' } },
  },
  {
    name: 'blocks are kept though Mattermost ignores them',
    input: jsonRequest({ text: 'x', blocks: [{ type: 'divider' }], props: {} }),
    rich: { mattermost: { blocks: [{ type: 'divider' }], props: {} } },
  },
  {
    name: 'direct form fields with JSON props',
    input: formRequest({ text: 'from curl', props: '{"card":"details"}' }),
    body: 'from curl',
    rich: { mattermost: { props: { card: 'details' } } },
  },
  { name: 'body from attachments', input: jsonRequest({ type: 'custom_x', attachments: [{ pretext: 'p', title: 't' }] }), body: 'p\nt' },
  {
    name: 'priority must be an object',
    input: jsonRequest({ text: 'x', priority: 'urgent' }),
    rejected: { status: 422, code: 'invalid_payload', message: '$.priority must be an object, got string' },
  },
  {
    name: 'type must be a string',
    input: jsonRequest({ text: 'x', type: 1 }),
    rejected: { status: 422, code: 'invalid_payload', message: '$.type must be a string, got number' },
  },
  {
    name: 'malformed payload field',
    input: formRequest({ payload: '{"text": "x", "props": ' }),
    rejected: { status: 400, code: 'malformed_json' },
  },
];

for (const c of cases) {
  test(`mattermost: ${c.name}`, () => {
    const result = mattermostDialect.parse(c.input);
    if (c.rejected) return assertRejected(result, c.rejected);
    const post = onlyPost(result, 'text_ok');
    if (c.body !== undefined) assert.equal(post.body, c.body);
    if (c.sender !== undefined) assert.equal(post.sender_name, c.sender);
    if (c.rich !== undefined) assert.deepEqual(post.rich, c.rich);
    assert.deepEqual([post.files, post.links], [[], []]);
  });
}

const detectCases: Array<[string, RawHookRequest, boolean]> = [
  ['text with props', jsonRequest({ text: 'x', props: {} }), true],
  ['attachments with priority', jsonRequest({ attachments: [], priority: { priority: 'important' } }), true],
  ['form payload with type', formRequest({ payload: '{"text":"x","type":"custom_a"}' }), true],
  ['text alone is Slack', jsonRequest({ text: 'x' }), false],
  ['props without content', jsonRequest({ props: { a: 1 } }), false],
  ['malformed form payload', formRequest({ payload: '{"props":' }), false],
];
for (const [name, input, expected] of detectCases) {
  test(`mattermost detect: ${name}`, () => assert.equal(mattermostDialect.detect(input), expected));
}
