import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LhcImportError } from './lhc-export.ts';
import { translateReplyTemplate, translateVariable } from './lhc-variables.ts';

test('translateVariable', async (t) => {
  const cases: [string, string | null][] = [
    ['args.chat.incoming_chat.chat_external_id', 'chat.external_id'],
    ['msg_url', 'message.body'],
    ['msg', 'message.body'],
    ['msg_clean', 'message.text'],
    ['args.chat.incoming_chat.incoming.attributes.host', 'bridge.attributes.host'],
    ['args.chat.incoming_chat.incoming.attributes.access_key', 'bridge.attributes.access_key'],
    ['args.chat.incoming_chat.incoming.attributes.a.b', null],
    ['args.chat.incoming_chat.incoming.attributes.', null],
    ['args.chat.incoming_chat.incoming.scope', 'bridge.scope'],
    ['file_name', 'file.name'],
    ['file_url', 'file.url'],
    ['chat_id', 'chat.id'],
    ['lhc.nick', 'chat.nick'],
    ['file_body', null],
    ['media', null],
    ['toString', null],
    ['args.chat.incoming_chat.incoming_dynamic_array.access_token', null],
  ];
  for (const [name, expected] of cases) {
    await t.test(name, () => assert.equal(translateVariable(name), expected));
  }
});

test('translateReplyTemplate reduces file blocks to the generic call', () => {
  const warnings: string[] = [];
  const url = '/bot/{api_by_ext__ogg}sendVoice{/api_by_ext}{image_api}sendPhoto{/image_api}{vodeo_api}sendVideo{/vodeo_api}{file_api}sendDocument{/file_api}';
  assert.equal(translateReplyTemplate(url, 'f', warnings), '/bot/sendDocument');
  assert.equal(warnings.length, 1);
  assert.equal(translateReplyTemplate('{"to": {{ msg_url }}}', 'g', warnings), '{"to": {{message.body}}}');
  assert.equal(warnings.length, 1);
});

test('translateReplyTemplate names unknown variables and blocks', () => {
  assert.throws(
    () => translateReplyTemplate('{"a": {{survey}}, "b": {{footprint}}, "c": {{survey}}}', 'rest.body', []),
    (error: unknown) => error instanceof LhcImportError && error.field === 'rest.body' && /\{\{survey\}\}, \{\{footprint\}\}$/.test(error.message),
  );
  assert.throws(() => translateReplyTemplate('{reply_to}x{/reply_to}', 'f', []), /\{reply_to\}, \{\/reply_to\}/);
});
