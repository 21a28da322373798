import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderReplyCall, ReplyRenderError } from './render-reply-call.ts';
import { type ReplyCall, type ReplyVars, validateReplyCall } from './reply-call.ts';

const jsonCall = {
  method: 'POST',
  url: '{{bridge.attributes.host}}/chats/{{chat.external_id}}/messages',
  headers: { 'Content-Type': 'application/json', 'X-Api-Key': '{{bridge.attributes.api_key}}' },
  body: '{"to": {{chat.external_id}}, "text": {{message.body}}, "nick": {{chat.nick}}}',
  file_url: '{{bridge.attributes.host}}/files',
  file_body: '{"to": {{chat.external_id}}, "name": {{file.name}}, "url": {{file.url}}}',
};

const vars: ReplyVars = {
  message: { id: 'msg_1', body: 'Line one "quoted"\nLine two\\', text: 'Line one "quoted"\nLine two\\' },
  chat: { id: 'conv_1', external_id: '37061234567@c.us', nick: null, phone: '37061234567', email: null },
  bridge: { id: 'br_1', name: 'whatsapp', scope: 'whatsapp', attributes: { host: 'http://gateway.test:8002/v1', api_key: 'k\r\nX-Evil: 1' } },
};

function valid(input: unknown): ReplyCall {
  const checked = validateReplyCall(input);
  if (!checked.ok) throw new Error(`${checked.field}: ${checked.message}`);
  return checked.call;
}

test('renderReplyCall encodes values for JSON bodies, URLs and headers', () => {
  const rendered = renderReplyCall(valid(jsonCall), vars);
  assert.equal(rendered.method, 'POST');
  // the configured base goes in as is; a value from the chat is one percent-encoded component
  assert.equal(rendered.url, 'http://gateway.test:8002/v1/chats/37061234567%40c.us/messages');
  assert.deepEqual(rendered.headers, { 'Content-Type': 'application/json', 'X-Api-Key': 'k X-Evil: 1' });
  assert.deepEqual(JSON.parse(rendered.body ?? ''), { to: '37061234567@c.us', text: 'Line one "quoted"\nLine two\\', nick: null });
});

test('renderReplyCall uses the file variant only for a lone file', () => {
  const call = valid(jsonCall);
  const file = { name: 'sąskaita "1".pdf', url: 'https://hub.example.test/files/f1', content_type: 'application/pdf' };
  const rendered = renderReplyCall(call, { ...vars, file });
  assert.equal(rendered.url, 'http://gateway.test:8002/v1/files');
  assert.deepEqual(JSON.parse(rendered.body ?? ''), { to: '37061234567@c.us', name: 'sąskaita "1".pdf', url: file.url });
  const withoutVariant = renderReplyCall({ ...call, file_url: null, file_body: null }, { ...vars, file });
  assert.equal(withoutVariant.url, 'http://gateway.test:8002/v1/chats/37061234567%40c.us/messages');
});

test('renderReplyCall keeps text bodies unencoded', () => {
  const call = valid({ method: 'post', url: 'https://sms.example.test/send?to={{chat.phone}}', headers: { 'Content-Type': 'text/plain' }, body: '{{message.text}}' });
  const rendered = renderReplyCall(call, vars);
  assert.equal(rendered.method, 'POST');
  assert.equal(rendered.url, 'https://sms.example.test/send?to=37061234567');
  assert.equal(rendered.body, vars.message.text);
});

test('renderReplyCall refuses a URL that does not render to http(s)', () => {
  const call = valid({ ...jsonCall, url: '{{bridge.attributes.host}}/x' });
  for (const host of ['', 'file:///etc']) {
    const bridge = { ...vars.bridge, attributes: { host } };
    assert.throws(() => renderReplyCall(call, { ...vars, bridge }), ReplyRenderError);
  }
});

test('validateReplyCall names the failing field', async (t) => {
  const cases: [string, unknown, string, RegExp][] = [
    ['not an object', 'x', 'reply', /object/],
    ['unknown field', { ...jsonCall, timeout: 5 }, 'reply.timeout', /unknown field/],
    ['bad method', { ...jsonCall, method: 'FETCH' }, 'reply.method', /one of/],
    ['host from a message', { ...jsonCall, url: '{{chat.external_id}}/x' }, 'reply.url', /must start with/],
    ['relative url', { ...jsonCall, url: '/send' }, 'reply.url', /must start with/],
    ['unknown variable', { ...jsonCall, body: '{"a": {{message.author}}}' }, 'reply.body', /unknown placeholder \{\{message.author\}\}/],
    ['LHC variable left in', { ...jsonCall, body: '{"a": {{msg_url}}}' }, 'reply.body', /unknown placeholder \{\{msg_url\}\}/],
    ['file value outside the file variant', { ...jsonCall, body: '{"a": {{file.url}}}' }, 'reply.body', /file_url and file_body only/],
    ['unclosed placeholder', { ...jsonCall, body: '{"a": {{message.body}' }, 'reply.body', /never closed/],
    ['quoted JSON value', { ...jsonCall, body: '{"a": "{{message.body}}"}' }, 'reply.body', /not valid JSON/],
    ['invalid file body', { ...jsonCall, file_body: '{"a": {{file.url}}' }, 'reply.file_body', /not valid JSON/],
    ['GET with body', { ...jsonCall, method: 'GET' }, 'reply.body', /GET/],
    ['bad header name', { ...jsonCall, headers: { 'X Key': 'v' } }, 'reply.headers.X Key', /header name/],
    ['forbidden header', { ...jsonCall, headers: { Host: 'evil.test' } }, 'reply.headers.Host', /HTTP client/],
    ['header line break', { ...jsonCall, headers: { 'X-A': 'a\nb' } }, 'reply.headers.X-A', /line breaks/],
    ['header unknown variable', { ...jsonCall, headers: { 'X-A': '{{bridge.secret}}' } }, 'reply.headers.X-A', /unknown placeholder/],
  ];
  for (const [name, input, field, message] of cases) {
    await t.test(name, () => {
      const checked = validateReplyCall(input);
      assert.equal(checked.ok, false);
      if (checked.ok) return;
      assert.equal(checked.field, field);
      assert.match(checked.message, message);
    });
  }
});
