import { test } from 'node:test';
import assert from 'node:assert/strict';
import { absoluteUrl, readJsonReply, toUnixSeconds } from './shared.ts';

const JSON_TYPE = 'application/json; charset=utf-8';
const replyCases: Array<{ name: string; status: number; type: string | null; body: string; reply: string | null }> = [
  { name: 'text', status: 200, type: JSON_TYPE, body: '{"text":"pong"}', reply: 'pong' },
  { name: 'message (Fleep-style)', status: 201, type: 'application/json', body: '{"message":"pong"}', reply: 'pong' },
  { name: 'content (Discord-style)', status: 200, type: 'application/json', body: '{"content":"pong"}', reply: 'pong' },
  { name: 'text wins over message', status: 200, type: 'application/json', body: '{"message":"b","text":"a"}', reply: 'a' },
  { name: 'empty text falls through to message', status: 200, type: 'application/json', body: '{"text":"  ","message":"b"}', reply: 'b' },
  { name: '+json type', status: 200, type: 'application/vnd.bot+json', body: '{"text":"x"}', reply: 'x' },
  { name: 'not 2xx', status: 500, type: 'application/json', body: '{"text":"oops"}', reply: null },
  { name: '3xx', status: 302, type: 'application/json', body: '{"text":"x"}', reply: null },
  { name: 'text/plain', status: 200, type: 'text/plain', body: '{"text":"x"}', reply: null },
  { name: 'no content type', status: 200, type: null, body: '{"text":"x"}', reply: null },
  { name: 'jsonp lookalike type', status: 200, type: 'application/jsonp', body: '{"text":"x"}', reply: null },
  { name: 'invalid JSON', status: 200, type: 'application/json', body: '{"text":', reply: null },
  { name: 'truncated body', status: 200, type: 'application/json', body: '', reply: null },
  { name: 'array', status: 200, type: 'application/json', body: '["x"]', reply: null },
  { name: 'string', status: 200, type: 'application/json', body: '"x"', reply: null },
  { name: 'non-string text', status: 200, type: 'application/json', body: '{"text":42}', reply: null },
  { name: 'empty object', status: 200, type: 'application/json', body: '{}', reply: null },
];
for (const c of replyCases) {
  test(`readJsonReply: ${c.name}`, () => {
    assert.deepEqual(readJsonReply(c.status, c.type, c.body), c.reply === null ? null : { text: c.reply });
  });
}

const urlCases: Array<[string, string, string]> = [
  ['https://sb.example.org', '/files/a.png', 'https://sb.example.org/files/a.png'],
  ['https://sb.example.org/base/', 'files/a.png', 'https://sb.example.org/base/files/a.png'],
  ['https://sb.example.org/base', '/files/a.png', 'https://sb.example.org/base/files/a.png'],
  ['https://sb.example.org', 'https://cdn.example.net/x', 'https://cdn.example.net/x'],
];
for (const [base, url, expected] of urlCases) {
  test(`absoluteUrl(${base}, ${url})`, () => assert.equal(absoluteUrl(base, url), expected));
}

test('toUnixSeconds floors to whole seconds', () => {
  assert.equal(toUnixSeconds('2025-02-14T09:30:15.999Z'), 1739525415);
});
