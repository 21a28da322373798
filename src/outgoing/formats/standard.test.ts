import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { signHeaders } from '../signing.ts';
import { standard } from './standard.ts';
import { eventContext, messageContext, PUBLIC_URL, sampleMessage } from './sample-context.ts';

test('a message event: type, ISO timestamp, event data plus message and conversation', () => {
  const message = sampleMessage({
    attachments: [{ id: 'att_F1', kind: 'file', name: 'a.txt', url: '/files/att_F1', content_type: 'text/plain', size: 3, sha256: null }],
  });
  const request = standard.buildRequest(messageContext(message));
  assert.equal(request.headers['content-type'], 'application/json');
  const payload = JSON.parse(request.body);
  assert.equal(payload.type, 'message.created');
  assert.equal(payload.timestamp, '2025-02-14T09:30:15.250Z');
  assert.equal(payload.data.message_id, 'msg_J3w6');
  assert.equal(payload.data.event_id, 'evt_L9p3');
  assert.equal(payload.data.seq, 42);
  assert.deepEqual(payload.data.conversation, { id: 'cnv_T5h2', title: 'Releases', kind: 'team', status: 'open', created_at: '2025-01-02T08:00:00.000Z', last_seq: 42 });
  assert.equal(payload.data.message.body, 'Deploy finished');
  assert.deepEqual(payload.data.message.sender, { type: 'user', id: 'usr_K2v9', name: 'Maret Kask', avatar_url: null });
  assert.equal(payload.data.message.attachments[0].url, `${PUBLIC_URL}/files/att_F1`);
  assert.equal(payload.data.case, null);
});

test('a non-message event has message null and the case', () => {
  const payload = JSON.parse(standard.buildRequest(eventContext()).body);
  assert.equal(payload.type, 'case.created');
  assert.equal(payload.data.case_id, 'cas_W1e5');
  assert.equal(payload.data.message, null);
  assert.equal(payload.data.case.external_id, 'INC-2031');
});

test('the body verifies with the standardwebhooks package once signed', () => {
  const ctx = messageContext(sampleMessage());
  const request = standard.buildRequest(ctx);
  const headers = signHeaders({ id: ctx.delivery_id, timestamp: new Date(), body: request.body, secrets: [ctx.webhook.secret] });
  const verified = new Webhook(ctx.webhook.secret).verify(request.body, { ...headers }) as { type: string };
  assert.equal(verified.type, 'message.created');
});
