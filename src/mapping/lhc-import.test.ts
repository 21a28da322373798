import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { listFixtures } from '../incoming/dialects/fixture-files.ts';
import { importLhc, LhcImportError } from './lhc-import.ts';
import { interpretPayload } from './mapping.ts';
import { renderReplyCall } from './render-reply-call.ts';

// Our own configurations in Live Helper Chat's export format (lhc-presets/README.md).
const PRESETS = new URL('./lhc-presets/', import.meta.url);
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

function readPreset(file: string): unknown {
  return JSON.parse(readFileSync(new URL(file, PRESETS), 'utf8'));
}

/** Fixture prefix → the exports it is read with. */
const PRESET_FILES: Record<string, { incoming: string; rest_api?: string }> = {
  'open-wa': { incoming: 'openwa-incoming.json', rest_api: 'openwa-rest-api.json' },
  waha: { incoming: 'waha-incoming.json', rest_api: 'waha-rest-api.json' },
  messagebird: { incoming: 'messagebird-incoming.json' },
};

function importPreset(prefix: string) {
  const files = PRESET_FILES[prefix];
  return importLhc({ incoming: readPreset(files.incoming), rest_api: files.rest_api && readPreset(files.rest_api) });
}

test('the preset folder is where the tests look', () => {
  assert.ok(existsSync(fileURLToPath(PRESETS)), `missing ${fileURLToPath(PRESETS)}`);
});

test('every preset imports', async (t) => {
  for (const prefix of Object.keys(PRESET_FILES)) {
    await t.test(prefix, () => {
      const imported = importPreset(prefix);
      assert.ok(imported.mapping.kinds.length >= 4);
      assert.equal(imported.reply === null, PRESET_FILES[prefix].rest_api === undefined);
    });
  }
});

test('open-wa translates field by field', () => {
  const imported = importPreset('open-wa');
  assert.equal(imported.name, 'Open-WA desk');
  assert.equal(imported.scope, 'openwa');
  assert.deepEqual(imported.attributes, { host: 'http://openwa.example.test:8080', token: 'desk-token-1' });
  const { kinds, ...rest } = imported.mapping;
  assert.deepEqual(rest, {
    main_condition: 'event=onMessage',
    messages_path: 'data',
    message_direct: true,
    chat_id: 'chatId',
    nick: 'sender.name',
    phone: 'chatId||@||0',
    time: 't',
    reopen_policy: 'new',
    reset_operator: false,
    dedupe_by_message_id: false,
  });
  assert.deepEqual(kinds.map((kind) => [kind.kind, kind.condition]), [
    ['attachments', 'type=document,ptt,video'],
    ['image', 'type=image'],
    ['extra', 'type=location'],
    ['text', 'type=chat,vcard'],
  ]);
  assert.deepEqual(imported.reply, {
    method: 'POST',
    url: '{{bridge.attributes.host}}/sendText',
    headers: { 'Content-Type': 'application/json' },
    body: '{"args": {"to": {{chat.external_id}}, "content": {{message.body}}}}',
    file_url: '{{bridge.attributes.host}}/sendFile',
    file_body: '{"args": {"to": {{chat.external_id}}, "filename": {{file.name}}, "file": {{file.url}}}}',
  });
  assert.ok(imported.warnings.some((warning) => warning.startsWith('incoming.msg_cond_img_url_decode:')));
});

test('WAHA: API key header from an attribute, file blocks reduced to the generic call', () => {
  const { reply, warnings } = importPreset('waha');
  assert.ok(reply !== null);
  assert.equal(reply.url, 'http://waha.example.test:3000/api/sendText');
  assert.equal(reply.file_url, 'http://waha.example.test:3000/api/sendFile');
  assert.deepEqual(reply.headers, { 'X-Api-Key': '{{bridge.attributes.api_key}}', 'Content-Type': 'application/json' });
  assert.doesNotMatch(reply.file_body ?? '', /api_by_ext|mimetype/);
  assert.ok(warnings.some((warning) => warning.includes('"api_key"')));
});

test('MessageBird: operator conditions and extra kinds in LHC order', () => {
  const { mapping } = importPreset('messagebird');
  assert.deepEqual(mapping.kinds.map((kind) => [kind.kind, kind.condition, kind.operator_condition, kind.file_url]), [
    ['attachments', 'type=file||direction=received', 'direction=sent', 'content.file.url'],
    ['image', 'type=image||direction=received', 'direction=sent', 'content.image.url'],
    ['image', 'type=video||direction=received', 'direction=sent', 'content.video.url'],
    ['image', 'type=audio||direction=received', 'direction=sent', 'content.audio.url'],
    ['extra', 'type=hsm', 'direction=sent', undefined],
    ['extra', 'type=location||direction=received', 'direction=sent', undefined],
    ['text', 'type=text||direction=received', 'direction=sent', undefined],
  ]);
});

test('sample payloads through the imported presets', async (t) => {
  const fixtures = listFixtures(FIXTURES);
  for (const prefix of Object.keys(PRESET_FILES)) {
    assert.ok(fixtures.some((fixture) => fixture.name.startsWith(`${prefix}__`)), `no fixtures for ${prefix}`);
  }
  for (const fixture of fixtures) {
    await t.test(fixture.name, () => {
      const prefix = fixture.name.split('__')[0];
      assert.ok(Object.hasOwn(PRESET_FILES, prefix), `fixture ${fixture.name} names no preset`);
      const payload = JSON.parse(readFileSync(fixture.path, 'utf8'));
      const expected = JSON.parse(readFileSync(fixture.expectedPath, 'utf8'));
      assert.deepEqual(interpretPayload(importPreset(prefix).mapping, payload), expected);
    });
  }
});

test('an imported reply renders a message with JSON-encoded values', () => {
  const { reply, attributes, name, scope } = importPreset('open-wa');
  assert.ok(reply !== null);
  const body = 'Sure, "tomorrow" at 10:00\nhttps://hub.example.test/files/f1';
  const rendered = renderReplyCall(reply, {
    message: { id: 'm1', body, text: 'Sure, "tomorrow" at 10:00' },
    chat: { id: 'c1', external_id: '37061234567@c.us', nick: 'Rūta', phone: '37061234567', email: null },
    bridge: { id: 'b1', name, scope, attributes },
  });
  assert.equal(rendered.url, 'http://openwa.example.test:8080/sendText');
  assert.deepEqual(JSON.parse(rendered.body ?? ''), { args: { to: '37061234567@c.us', content: body } });
});

function incoming(configuration: Record<string, unknown>): unknown {
  const base = { chat_id: 'chatId', msg_body: '{{msg.body}}' };
  return { name: 'test', scope: 'test', configuration: JSON.stringify({ ...base, ...configuration }) };
}

function restApi(request: Record<string, unknown>): unknown {
  const base = { method: 'POST', suburl: 'https://gw.example.test/send', body_request_type: 'raw', body_request_type_content: 'json', body_raw: '{"t": {{msg_url}}}' };
  return { name: 'r', configuration: JSON.stringify({ host: '', parameters: [{ ...base, ...request }] }) };
}

test('importLhc refuses what it cannot translate, naming the field', async (t) => {
  const cases: [string, { incoming: unknown; rest_api?: unknown }, string, RegExp][] = [
    ['not an object', { incoming: 'x' }, 'incoming', /exported JSON object/],
    ['configuration not JSON', { incoming: { name: 'n', configuration: '{nope' } }, 'incoming.configuration', /not valid JSON/],
    ['no chat id', { incoming: incoming({ chat_id: '' }) }, 'incoming.chat_id', /required/],
    ['chat id alternatives', { incoming: incoming({ chat_id: 'a|||b' }) }, 'incoming.chat_id', /alternatives/],
    ['composite chat id', { incoming: incoming({ chat_id_2: 'session' }) }, 'incoming.chat_id_2', /not supported/],
    ['malformed condition', { incoming: incoming({ msg_cond_2: '=x', msg_body_2: 'x' }) }, 'incoming.msg_cond_2', /malformed condition "=x"/],
    ['malformed location', { incoming: incoming({ phone: 'from||@' }) }, 'incoming.phone', /malformed location/],
    ['template syntax', { incoming: incoming({ msg_body: 'Hi {{msg.body' }) }, 'incoming.msg_body', /never closed/],
    ['non-message variable', { incoming: incoming({ msg_img: '{{file_url}}', msg_cond_img: 'type=image' }) }, 'incoming.msg_img', /\{\{file_url\}\}/],
    ['no kinds', { incoming: incoming({ msg_body: '' }) }, 'incoming.msg_body', /no message kind/],
    [
      'unknown REST variables, all named',
      { incoming: incoming({}), rest_api: restApi({ body_raw: '{"a": {{args.chat.chat_variables_array.x}}, "b": {{ip}}}' }) },
      'rest_api.parameters[0].body_raw',
      /unknown Live Helper Chat variable\(s\): \{\{args.chat.chat_variables_array.x\}\}, \{\{ip\}\}/,
    ],
    [
      'unsupported block',
      { incoming: incoming({}), rest_api: restApi({ body_raw: '{"a": 1{not_empty__msg_url}, "t": {{msg_url}}{/not_empty}}' }) },
      'rest_api.parameters[0].body_raw',
      /\{not_empty__msg_url\}, \{\/not_empty\}/,
    ],
    ['raw values', { incoming: incoming({}), rest_api: restApi({ body_raw: '{"a": raw_{{chat_id}}}' }) }, 'rest_api.parameters[0].body_raw', /raw_/],
    ['no request', { incoming: incoming({}), rest_api: { configuration: '{"parameters": []}' } }, 'rest_api.parameters', /no request/],
    ['NTLM', { incoming: incoming({}), rest_api: restApi({ authorization: 'NTLMauth' }) }, 'rest_api.parameters[0].authorization', /not supported/],
    ['host from a message', { incoming: incoming({}), rest_api: restApi({ suburl: '{{msg_url}}' }) }, 'rest_api.parameters[0].suburl', /must start with/],
    ['invalid JSON body', { incoming: incoming({}), rest_api: restApi({ body_raw: '{"t": "{{msg_url}}"}' }) }, 'rest_api.parameters[0].body_raw', /not valid JSON/],
  ];
  for (const [name, input, field, message] of cases) {
    await t.test(name, () => {
      assert.throws(() => importLhc(input), (error: unknown) => {
        assert.ok(error instanceof LhcImportError, String(error));
        assert.equal(error.field, field);
        assert.match(error.message, message);
        return true;
      });
    });
  }
});

test('importLhc translates LHC options', async (t) => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['no chat status', {}, { reopen_policy: 'new', reset_operator: false }],
    ['active', { chat_status: 'active' }, { reopen_policy: 'reopen_with_operator' }],
    ['pending, drop operator', { chat_status: 'pending', reset_op: true }, { reopen_policy: 'reopen_pending', reset_operator: true }],
    ['unique message ids', { message_id: 'id', message_id_uniq: 1 }, { external_message_id: 'id', dedupe_by_message_id: true }],
    ['message_direct needs messages', { message_direct: true }, { message_direct: false }],
    ['exists condition', { main_cond: 'event=__exists__||type=chat' }, { main_condition: 'event||type=chat' }],
    ['nick alternatives', { nick: 'first|||last' }, { nick: 'first' }],
  ];
  for (const [name, configuration, expected] of cases) {
    await t.test(name, () => {
      const { mapping } = importLhc({ incoming: incoming(configuration) });
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(mapping[key as keyof typeof mapping], value, key);
    });
  }
});

test('importLhc reads flat exports, attribute objects, headers, query and auth', () => {
  const imported = importLhc({
    incoming: { name: 'flat', chat_id: 'chatId', msg_body: '{{msg.body}}', attributes: { token: 't1', port: 8080 }, ip: 'remote_ip' },
    rest_api: restApi({
      suburl: 'https://gw.example.test/send?v=2',
      header: [{ key: 'X-Scope', value: '{{args.chat.incoming_chat.incoming.scope}}' }, { key: '', value: 'dropped' }],
      query: [{ key: 'chat id', value: 'c {{args.chat.incoming_chat.chat_external_id}}' }],
      authorization: 'bearer',
      auth_bearer: 'sekret',
    }),
  });
  assert.deepEqual(imported.attributes, { token: 't1', port: '8080' });
  assert.deepEqual(imported.warnings, ['incoming.ip: not supported, ignored']);
  assert.ok(imported.reply !== null);
  assert.equal(imported.reply.url, 'https://gw.example.test/send?v=2&chat%20id=c%20{{chat.external_id}}');
  assert.deepEqual(imported.reply.headers, { 'X-Scope': '{{bridge.scope}}', Authorization: 'Bearer sekret', 'Content-Type': 'application/json' });
  assert.equal(imported.reply.body, '{"t": {{message.body}}}');
});
