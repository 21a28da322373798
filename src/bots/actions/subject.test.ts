import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Attachment, Message } from '../../core/types.ts';
import type { ReplyCall } from '../../mapping/reply-call.ts';
import { partsFor } from './subject.ts';

const file = (name: string, url: string): Attachment => ({ id: `att_${name}`, kind: 'file', name, url, content_type: 'application/pdf', size: 3, sha256: null });
const message = (body: string, attachments: Attachment[] = []): Message => ({
  id: 'msg_1', conversation_id: 'cnv_1', seq: 4, body, sender: { type: 'user', id: 'usr_1', name: 'Op', avatar_url: null },
  attachments, case_id: null, direction: 'out', rich: null, created_at: '2024-01-01T00:00:00.000Z',
});
const plain: ReplyCall = { method: 'POST', url: '{{bridge.attributes.host}}/sendText', headers: { 'Content-Type': 'application/json' }, body: '{"to": {{chat.external_id}}, "content": {{message.body}}}' };
const withFiles: ReplyCall = { ...plain, file_url: '{{bridge.attributes.host}}/sendFile', file_body: '{"to": {{chat.external_id}}, "name": {{file.name}}, "file": {{file.url}}}' };
const files = [file('a.pdf', '/files/att_a/a.pdf'), file('b.pdf', 'https://cdn.test/b.pdf')];

const partCases: [string, ReplyCall, Message, (number | null)[]][] = [
  ['text, no files', withFiles, message('hi'), [null]],
  ['files without a file variant: one call', plain, message('hi', files), [null]],
  ['files only', withFiles, message('', files), [0, 1]],
  ['text and files', withFiles, message('see', files), [null, 0, 1]],
];
for (const [name, call, m, expected] of partCases) {
  test(`parts: ${name}`, () => assert.deepEqual(partsFor(call, m), expected));
}
