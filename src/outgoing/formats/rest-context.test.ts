import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Attachment, Message } from '../../core/types.ts';
import type { ReplyCall } from '../../mapping/reply-call.ts';
import { renderReplyCall } from '../../mapping/render-reply-call.ts';
import { buildVars, type RestConversation } from './rest-context.ts';

const file = (name: string, url: string): Attachment => ({ id: `att_${name}`, kind: 'file', name, url, content_type: 'application/pdf', size: 3, sha256: null });
const message = (body: string, attachments: Attachment[] = []): Message => ({
  id: 'msg_1', conversation_id: 'cnv_1', seq: 4, body, sender: { type: 'user', id: 'usr_1', name: 'Op', avatar_url: null },
  attachments, case_id: null, direction: 'out', rich: null, created_at: '2024-01-01T00:00:00.000Z',
});
const event = (m: Message) => ({ type: 'message.created' as const, data: { message: m } });
const conversation: RestConversation = { id: 'cnv_1', contact_name: 'Rūta', contact_phone: '3706', contact_email: null, contact_external_id: '3706@c.us' };
const bridge = { id: 'brg_1', name: 'WA', scope: 'whatsapp', attributes: { host: 'http://gw.test:8002' } };
const plain: ReplyCall = { method: 'POST', url: '{{bridge.attributes.host}}/sendText', headers: { 'Content-Type': 'application/json' }, body: '{"to": {{chat.external_id}}, "content": {{message.body}}}' };
const withFiles: ReplyCall = { ...plain, file_url: '{{bridge.attributes.host}}/sendFile', file_body: '{"to": {{chat.external_id}}, "name": {{file.name}}, "file": {{file.url}}}' };
const files = [file('a.pdf', '/files/att_a/a.pdf'), file('b.pdf', 'https://cdn.test/b.pdf')];

test('vars: without a file variant, message.body carries the text and absolute file links', () => {
  const vars = buildVars({ event: event(message('see', files)), conversation, bridge, call: plain, part: null, publicUrl: 'http://sb.test' });
  assert.equal(vars.message.body, 'see\nhttp://sb.test/files/att_a/a.pdf\nhttps://cdn.test/b.pdf');
  assert.equal(vars.message.text, 'see');
  const rendered = renderReplyCall(plain, vars);
  assert.equal(rendered.url, 'http://gw.test:8002/sendText');
  assert.deepEqual(JSON.parse(rendered.body!), { to: '3706@c.us', content: vars.message.body });
});

test('vars: a file part renders the file variant with its name and absolute URL', () => {
  const vars = buildVars({ event: event(message('see', files)), conversation, bridge, call: withFiles, part: 0, publicUrl: 'http://sb.test' });
  const rendered = renderReplyCall(withFiles, vars);
  assert.equal(rendered.url, 'http://gw.test:8002/sendFile');
  assert.deepEqual(JSON.parse(rendered.body!), { to: '3706@c.us', name: 'a.pdf', file: 'http://sb.test/files/att_a/a.pdf' });
  const text = buildVars({ event: event(message('see', files)), conversation, bridge, call: withFiles, part: null, publicUrl: 'http://sb.test' });
  assert.equal(text.message.body, 'see', 'the files go by their own calls');
});

test('vars: hostile text is data, never template', () => {
  const vars = buildVars({ event: event(message('{{bridge.attributes.host}}", "x": "y')), conversation, bridge: null, call: plain, part: null, publicUrl: 'http://sb.test' });
  const body = JSON.parse(renderReplyCall({ ...plain, url: 'http://gw.test/x' }, vars).body!);
  assert.equal(body.content, '{{bridge.attributes.host}}", "x": "y');
});
