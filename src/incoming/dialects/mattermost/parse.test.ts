import { formRequest, jsonRequest } from '../fake-requests.ts';
import { type DetectCase, type ParseCase, testDetectCases, testParseCases } from '../parse-cases.ts';
import { mattermostDialect } from './parse.ts';

const cases: ParseCase[] = [
  {
    name: 'Slack shape plus type and props',
    input: jsonRequest({ text: 'hello', username: 'bot', type: 'custom_poll', props: { poll_id: 3 } }),
    body: 'hello',
    sender_name: 'bot',
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

testParseCases(mattermostDialect, { reply: 'text_ok', defaults: { files: [], links: [] } }, cases);

const detectCases: DetectCase[] = [
  ['text with props', jsonRequest({ text: 'x', props: {} }), true],
  ['attachments with priority', jsonRequest({ attachments: [], priority: { priority: 'important' } }), true],
  ['form payload with type', formRequest({ payload: '{"text":"x","type":"custom_a"}' }), true],
  ['text alone is Slack', jsonRequest({ text: 'x' }), false],
  ['props without content', jsonRequest({ props: { a: 1 } }), false],
  ['malformed form payload', formRequest({ payload: '{"props":' }), false],
];
testDetectCases(mattermostDialect, detectCases);
