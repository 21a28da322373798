import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretPayload, type Mapping, validateMapping } from './mapping.ts';

const minimal = { chat_id: 'chat', kinds: [{ kind: 'text', template: '{{msg.text}}' }] };

test('validateMapping fills in defaults', () => {
  const checked = validateMapping(minimal);
  assert.deepEqual(checked, {
    ok: true,
    mapping: {
      message_direct: false,
      chat_id: 'chat',
      kinds: [{ kind: 'text', template: '{{msg.text}}' }],
      reopen_policy: 'new',
      reset_operator: false,
      dedupe_by_message_id: false,
    },
  });
});

test('validateMapping names the failing field', async (t) => {
  const kinds = [
    { kind: 'image', condition: 'type=image', template: '{{msg.url}}' },
    { kind: 'text', template: '{{msg.text}}' },
  ];
  const cases: [string, unknown, string, RegExp][] = [
    ['not an object', [], 'mapping', /object/],
    ['unknown field', { ...minimal, chat: 'x' }, 'mapping.chat', /unknown field/],
    ['missing chat_id', { kinds }, 'mapping.chat_id', /string/],
    ['malformed chat_id', { ...minimal, chat_id: 'from||@' }, 'mapping.chat_id', /malformed location/],
    ['malformed nick', { ...minimal, nick: 'a..b' }, 'mapping.nick', /malformed location/],
    ['malformed main condition', { ...minimal, main_condition: '=x' }, 'mapping.main_condition', /malformed condition.*no key/],
    ['bad messages path', { ...minimal, messages_path: 'a b' }, 'mapping.messages_path', /dotted path/],
    ['direct without path', { ...minimal, message_direct: true }, 'mapping.message_direct', /messages_path/],
    ['no kinds', { chat_id: 'c', kinds: [] }, 'mapping.kinds', /non-empty/],
    ['unknown kind', { chat_id: 'c', kinds: [{ kind: 'video', template: '' }] }, 'mapping.kinds[0].kind', /one of/],
    ['kind unknown field', { chat_id: 'c', kinds: [{ ...kinds[1], body: 'x' }] }, 'mapping.kinds[0].body', /unknown field/],
    [
      'malformed kind condition',
      { chat_id: 'c', kinds: [kinds[0], { ...kinds[1], condition: 'type=chat||' }] },
      'mapping.kinds[1].condition',
      /empty clause/,
    ],
    [
      'malformed operator condition',
      { chat_id: 'c', kinds: [{ ...kinds[0], operator_condition: '!=sent' }] },
      'mapping.kinds[0].operator_condition',
      /no key/,
    ],
    ['unclosed template', { chat_id: 'c', kinds: [{ kind: 'text', template: 'Hi {{msg.a' }] }, 'mapping.kinds[0].template', /never closed/],
    [
      'non-message placeholder',
      { chat_id: 'c', kinds: [kinds[0], { kind: 'text', template: '{{chat.external_id}}' }] },
      'mapping.kinds[1].template',
      /unknown placeholder \{\{chat.external_id\}\}/,
    ],
    ['bad file location', { chat_id: 'c', kinds: [{ ...kinds[0], file_url: 'a||x||y' }] }, 'mapping.kinds[0].file_url', /index/],
    ['bad reopen policy', { ...minimal, reopen_policy: 'reopen' }, 'mapping.reopen_policy', /one of/],
    ['non-boolean flag', { ...minimal, dedupe_by_message_id: 'yes' }, 'mapping.dedupe_by_message_id', /true or false/],
  ];
  for (const [name, input, field, message] of cases) {
    await t.test(name, () => {
      const checked = validateMapping(input);
      assert.equal(checked.ok, false);
      if (checked.ok) return;
      assert.equal(checked.field, field);
      assert.match(checked.message, message);
    });
  }
});

function mapping(input: unknown): Mapping {
  const checked = validateMapping(input);
  if (!checked.ok) throw new Error(`${checked.field}: ${checked.message}`);
  return checked.mapping;
}

// A list-shaped payload (not one of the presets): several messages per post, contact details at the top.
const listMapping = mapping({
  main_condition: 'kind=batch',
  messages_path: 'items',
  chat_id: 'thread.ref',
  nick: 'customer.name',
  email: 'customer.email',
  time: 'at',
  external_message_id: 'uid',
  kinds: [
    { kind: 'attachments', condition: 'file', template: '{{msg.file.title}}', file_url: 'file.href', operator_condition: 'mine=true' },
    { kind: 'text', condition: 'text', template: '{{msg.text}}', operator_condition: 'mine=true' },
  ],
});

test('interpretPayload reads every message of a list', () => {
  const payload = {
    kind: 'batch',
    customer: { name: 'Eglė', email: 'egle@example.test' },
    items: [
      { uid: 'u1', thread: { ref: 'T-9' }, text: '  Hello  ', at: 1718000000000 },
      { uid: 'u2', thread: { ref: 'T-9' }, text: 'We answered', mine: true, at: '2024-06-10T08:00:00+02:00' },
      { uid: 'u3', thread: { ref: 'T-9' }, file: { title: 'scan', href: 'https://files.example.test/s.pdf' } },
      { uid: 'u4', thread: { ref: 'T-9' }, reaction: '+1' },
      { uid: 'u5', text: 'no thread' },
      'not an object',
      { uid: 'u7', thread: { ref: 'T-9' }, text: '' },
      { uid: 'u8', thread: { ref: 'T-9' }, file: { title: 'x', href: 'ftp://files.example.test/x' } },
    ],
  };
  const base = { chat_id: 'T-9', nick: 'Eglė', phone: null, email: 'egle@example.test', from_operator: false };
  assert.deepEqual(interpretPayload(listMapping, payload), {
    result: 'messages',
    messages: [
      { ...base, time: '2024-06-10T06:13:20.000Z', external_message_id: 'u1', body: 'Hello', kind: 'text' },
      { ...base, time: '2024-06-10T06:00:00.000Z', external_message_id: 'u2', body: 'We answered', kind: 'text', from_operator: true },
      {
        ...base,
        time: null,
        external_message_id: 'u3',
        body: 'scan',
        kind: 'attachments',
        file_url: 'https://files.example.test/s.pdf',
      },
    ],
    skipped: [
      { index: 3, reason: 'no message kind matched' },
      { index: 4, reason: 'no chat id at "thread.ref"' },
      { index: 5, reason: 'the message is not an object' },
      { index: 6, reason: 'the text message renders an empty body' },
      { index: 7, reason: 'the file at "file.href" is not an http(s) URL' },
    ],
  });
});

test('interpretPayload ignores payloads with a reason', async (t) => {
  const cases: [string, Mapping, unknown, string][] = [
    ['not an object', listMapping, 'text', 'the payload is not a JSON object'],
    ['main condition', listMapping, { kind: 'single', items: [] }, 'main condition not met: kind=batch'],
    ['no list', listMapping, { kind: 'batch' }, 'no messages at "items"'],
    ['not a list', listMapping, { kind: 'batch', items: { text: 'x' } }, '"items" is not a list of messages'],
    ['empty list', listMapping, { kind: 'batch', items: [] }, 'no messages at "items"'],
    ['one failing', listMapping, { kind: 'batch', items: [{ text: 'x' }] }, 'no chat id at "thread.ref"'],
    [
      'several failing',
      listMapping,
      { kind: 'batch', items: [{ text: 'x' }, { thread: { ref: 'T' } }] },
      '[0] no chat id at "thread.ref"; [1] no message kind matched',
    ],
  ];
  for (const [name, used, payload, reason] of cases) {
    await t.test(name, () => assert.deepEqual(interpretPayload(used, payload), { result: 'ignored', reason }));
  }
});

test('interpretPayload without messages_path reads the payload as the message', () => {
  const flat = mapping({ chat_id: 'from||:||last', time: 'sent', kinds: [{ kind: 'text', template: '{{msg.text}}' }] });
  const cases: [unknown, string | null][] = [
    [1718000000, '2024-06-10T06:13:20.000Z'],
    ['1718000000', '2024-06-10T06:13:20.000Z'],
    [1718000000123, '2024-06-10T06:13:20.123Z'],
    ['yesterday-ish', null],
    [null, null],
  ];
  for (const [sent, time] of cases) {
    const outcome = interpretPayload(flat, { from: 'sms:+3706', text: 'hi', sent });
    assert.equal(outcome.result, 'messages');
    if (outcome.result !== 'messages') continue;
    assert.equal(outcome.messages[0].chat_id, '+3706');
    assert.equal(outcome.messages[0].time, time, `time for ${JSON.stringify(sent)}`);
  }
});
