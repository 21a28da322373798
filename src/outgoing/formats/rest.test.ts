import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FORMAT_NAMES, formatByName } from './registry.ts';
import { messageContext, sampleMessage } from './sample-context.ts';

const call = {
  method: 'PUT' as const,
  url: '{{bridge.attributes.host}}/chats/{{chat.external_id}}',
  headers: { 'Content-Type': 'application/json', 'X-Api-Key': '{{bridge.attributes.token}}' },
  body: '{"text": {{message.body}}}',
};
const vars = {
  message: { id: 'msg_1', body: 'line one\n"quoted"', text: 'line one\n"quoted"' },
  chat: { id: 'cnv_1', external_id: '3706@c.us', nick: null, phone: null, email: null },
  bridge: { id: 'brg_1', name: 'WA', scope: 'whatsapp', attributes: { host: 'http://gw.test', token: 'tok\r\nX-Evil: 1' } },
};

test('rest: renders the configured call (method, URL, headers, JSON-encoded body)', () => {
  const request = formatByName('rest').buildRequest({ ...messageContext(sampleMessage()), rest: { call, vars } });
  assert.equal(request.method, 'PUT');
  assert.equal(request.url, 'http://gw.test/chats/3706%40c.us');
  assert.equal(request.headers['content-type'], 'application/json');
  assert.equal(request.headers['x-api-key'], 'tok X-Evil: 1', 'a value cannot start a header line');
  assert.equal(request.headers['user-agent'], 'Switchboard Webhook 1.0');
  assert.deepEqual(JSON.parse(request.body), { text: 'line one\n"quoted"' });
});

test('rest: a GET has no body; a delivery without a call is refused', () => {
  const get = formatByName('rest').buildRequest({ ...messageContext(sampleMessage()), rest: { call: { ...call, method: 'GET', body: null }, vars } });
  assert.equal(get.body, '');
  assert.throws(() => formatByName('rest').buildRequest(messageContext(sampleMessage())), /no REST call/);
  assert.equal(formatByName('rest').readReply(200, 'application/json', '{"text":"hi"}'), null, 'a third party answer is never posted back');
});

test('rest: webhooks cannot choose it', () => {
  assert.ok(!(FORMAT_NAMES as readonly string[]).includes('rest'));
});
