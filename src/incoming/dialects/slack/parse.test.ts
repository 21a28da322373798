import { fakeFile, formRequest, jsonRequest, multipartRequest } from '../fake-requests.ts';
import { type DetectCase, type ParseCase, testDetectCases, testParseCases } from '../parse-cases.ts';
import { slackDialect } from './parse.ts';

const richText = {
  type: 'rich_text',
  elements: [
    { type: 'rich_text_section', elements: [{ type: 'emoji', name: 'tada' }, { type: 'text', text: ' Shipped ' }, { type: 'link', url: 'https://x.example.org/r/5' }] },
    { type: 'rich_text_list', style: 'bullet', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'search' }] }, { type: 'rich_text_section', elements: [{ type: 'user', user_id: 'U1' }, { type: 'text', text: 'exports' }] }] },
  ],
};

const cases: ParseCase[] = [
  {
    name: 'form fallback parses structured fields',
    input: formRequest({ attachments: '[{"title":"Queue backlog","text":"812 jobs"}]' }),
    body: 'Queue backlog\n812 jobs',
    rich: { slack: { attachments: [{ title: 'Queue backlog', text: '812 jobs' }] } },
  },
  {
    name: 'multipart payload field; file parts are not attached',
    input: multipartRequest({ payload: '{"text":"with a file"}' }, [fakeFile('file', 'x.txt')]),
    body: 'with a file',
  },
  { name: 'blank text falls back to attachments', input: jsonRequest({ text: ' ', attachments: [{ text: 'from attachment' }] }), body: 'from attachment' },
  { name: 'image-only attachment shows its URL', input: jsonRequest({ attachments: [{ image_url: 'https://g.example.org/p.png' }] }), body: 'https://g.example.org/p.png' },
  { name: 'field with only a value', input: jsonRequest({ attachments: [{ fields: [{ value: 'lonely', short: false }] }] }), body: 'lonely' },
  { name: 'rich_text blocks', input: jsonRequest({ blocks: [richText] }), body: ':tada: Shipped https://x.example.org/r/5\n• search\n• exports' },
  { name: 'actions and images add no text', input: jsonRequest({ blocks: [{ type: 'actions', elements: [] }, { type: 'image', image_url: 'https://a.example.org/i.png', alt_text: 'i' }] }), rejected: { status: 422, code: 'empty_message' } },
  { name: 'non-http icon_url is dropped', input: jsonRequest({ text: 'x', icon_url: 'javascript:alert(1)' }), avatar_url: null },
  { name: 'numeric username is tolerated', input: jsonRequest({ text: 'x', username: 7 }), sender_name: '7' },
  { name: 'string thread_ts kept as sent', input: jsonRequest({ text: 'x', thread_ts: '1710000000.000100' }), rich: { slack: { thread_ts: '1710000000.000100' } } },
  { name: 'mrkdwn alone adds no rich content', input: jsonRequest({ text: 'x', mrkdwn: false }), rich: null },
  {
    name: 'payload must be an object',
    input: formRequest({ payload: '"just text"' }),
    rejected: { status: 422, code: 'invalid_payload', message: 'payload must be an object, got string' },
  },
  {
    name: 'nested path in a payload field',
    input: formRequest({ payload: '{"attachments":[{"fields":[{"title":{"a":1}}]}]}' }),
    rejected: { status: 422, code: 'invalid_payload', message: 'payload.attachments[0].fields[0].title must be a string, got object' },
  },
  {
    name: 'malformed structured form field',
    input: formRequest({ text: 'x', attachments: '[{' }),
    rejected: { status: 400, code: 'malformed_json' },
  },
  { name: 'text must be a string', input: jsonRequest({ text: 42 }), rejected: { status: 422, code: 'invalid_payload', message: '$.text must be a string, got number' } },
  {
    name: 'block text must be an object',
    input: jsonRequest({ blocks: [{ type: 'section', text: 'plain' }] }),
    rejected: { status: 422, code: 'invalid_payload', message: '$.blocks[0].text must be an object, got string' },
  },
];

testParseCases(slackDialect, { reply: 'text_ok', defaults: { files: [], links: [], case_id: null, references: [] } }, cases);

const detectCases: DetectCase[] = [
  ['json text', jsonRequest({ text: 'x' }), true],
  ['json blocks only', jsonRequest({ blocks: [] }), true],
  ['form payload, even malformed', formRequest({ payload: '{' }), true],
  ['form text', formRequest({ text: 'x' }), true],
  ['json message', jsonRequest({ message: 'x' }), false],
  ['json username only', jsonRequest({ username: 'x' }), false],
];
testDetectCases(slackDialect, detectCases);
