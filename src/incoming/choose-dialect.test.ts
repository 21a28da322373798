import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseDialect, parseHookRequest } from './choose-dialect.ts';
import { fakeFile, formRequest, jsonRequest, multipartRequest } from './dialects/fake-requests.ts';
import type { RawHookRequest } from './types.ts';

/** [case, request, dialect sniffing must pick (null: none)] */
const sniffCases: Array<[string, RawHookRequest, string | null]> = [
  // The seed documents' own examples
  ['seed: Python json', jsonRequest({ message: 'Testing hook with\nPython', user: 'Python' }), 'fleep'],
  ['seed: curl form (decoded)', formRequest({ message: 'Testing\nWith\nCurl' }), 'fleep'],
  [
    'seed: multipart with two files parts',
    multipartRequest({ message: 'uploading some files' }, [fakeFile('files', 'test_file.txt'), fakeFile('files', 'test_image.jpeg', 'image/jpeg')]),
    'fleep',
  ],
  ['seed: Emakin basic message (ambiguous, Slack wins)', jsonRequest({ text: 'my message' }), 'slack'],
  ['seed: Emakin attachments', jsonRequest({ text: 'm', attachments: [{ '@type': 'file', displayName: 'f', ext: 'txt', url: 'http://h/f' }] }), 'emakin'],
  ['seed: Emakin new case', jsonRequest({ id: 'event1', text: 'm' }), 'emakin'],
  ['seed: Emakin case update', jsonRequest({ id: 'event2', references: ['event1'], text: 'm' }), 'emakin'],
  // Ambiguities, decided
  ['text and id is Emakin', jsonRequest({ text: 'x', id: 'e1' }), 'emakin'],
  ['text and numeric id is Emakin', jsonRequest({ text: 'x', id: 7 }), 'emakin'],
  ['Slack attachments without @type', jsonRequest({ attachments: [{ title: 'x' }] }), 'slack'],
  ['text plus props is Mattermost', jsonRequest({ text: 'x', props: {} }), 'mattermost'],
  ['Mattermost type beats Emakin id', jsonRequest({ text: 'x', type: 'custom_a', id: 'e1' }), 'mattermost'],
  ['content beats text', jsonRequest({ content: 'x', text: 'y' }), 'discord'],
  ['message and text is Slack', jsonRequest({ message: 'x', text: 'y' }), 'slack'],
  // Forms and multipart
  ['form payload', formRequest({ payload: '{"text":"x"}' }), 'slack'],
  ['form payload with props', formRequest({ payload: '{"text":"x","props":{}}' }), 'mattermost'],
  ['malformed form payload', formRequest({ payload: '{"text":' }), 'slack'],
  ['form text', formRequest({ text: 'x' }), 'slack'],
  ['payload_json', multipartRequest({ payload_json: '{"content":"x"}' }, [fakeFile('files[0]', 'a.png')]), 'discord'],
  ['files[n] parts alone', multipartRequest({}, [fakeFile('files[0]', 'a.png')]), 'discord'],
  ['legacy file part with content', multipartRequest({ content: 'x' }, [fakeFile('file', 'a.png')]), 'discord'],
  ['file part with message is Fleep', multipartRequest({ message: 'x' }, [fakeFile('file', 'a.png')]), 'fleep'],
  ['files parts alone', multipartRequest({}, [fakeFile('files', 'a.png')]), 'fleep'],
  // Nothing to go on
  ['empty object', jsonRequest({}), null],
  ['unknown keys', jsonRequest({ event: 'push', ref: 'main' }), null],
  ['JSON array', jsonRequest([{ message: 'x' }]), null],
  ['JSON string', jsonRequest('message'), null],
  ['empty form', formRequest({}), null],
];

for (const [name, input, expected] of sniffCases) {
  test(`sniff: ${name} → ${expected}`, () => assert.equal(chooseDialect(input)?.name ?? null, expected));
}

test('?dialect= overrides sniffing', () => {
  const input = jsonRequest({ text: 'my message' }, { dialect: 'emakin' });
  assert.equal(chooseDialect(input)?.name, 'emakin');
  const result = parseHookRequest(input);
  assert.ok(result.ok);
  assert.deepEqual([result.dialect, result.reply], ['emakin', 'json']);
});

test('?dialect= is case-insensitive and trimmed', () => {
  assert.equal(chooseDialect(jsonRequest({ message: 'x' }, { dialect: ' Discord ' }))?.name, 'discord');
});

test('an empty ?dialect= sniffs', () => {
  assert.equal(chooseDialect(jsonRequest({ message: 'x' }, { dialect: '' }))?.name, 'fleep');
});

/** [case, request, status, code] of parseHookRequest rejections */
const rejectionCases: Array<[string, RawHookRequest, number, string]> = [
  ['unknown ?dialect=', jsonRequest({ message: 'x' }, { dialect: 'teams' }), 422, 'unknown_dialect'],
  ['nothing recognisable', jsonRequest({ event: 'push' }), 422, 'unrecognized_payload'],
  ['JSON array', jsonRequest([1, 2]), 422, 'unrecognized_payload'],
  ['empty JSON object', jsonRequest({}), 422, 'empty_message'],
  ['no JSON body', jsonRequest(undefined), 422, 'empty_message'],
  ['empty form', formRequest({}), 422, 'empty_message'],
  ['forced dialect that cannot read it', jsonRequest([1], { dialect: 'fleep' }), 422, 'invalid_payload'],
  ['sniffed dialect rejects', jsonRequest({ message: 5 }), 422, 'invalid_payload'],
];

for (const [name, input, status, code] of rejectionCases) {
  test(`parseHookRequest rejects: ${name}`, () => {
    const result = parseHookRequest(input);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual([result.status, result.code], [status, code]);
  });
}

test('unknown dialect message lists the known ones', () => {
  const result = parseHookRequest(jsonRequest({ message: 'x' }, { dialect: 'teams' }));
  assert.ok(!result.ok);
  assert.equal(result.message, 'Unknown dialect "teams"; known dialects: discord, mattermost, emakin, slack, fleep');
});

test('parseHookRequest parses with the sniffed dialect', () => {
  const result = parseHookRequest(jsonRequest({ message: 'Testing hook with\nPython', user: 'Python' }));
  assert.ok(result.ok);
  assert.equal(result.dialect, 'fleep');
  assert.deepEqual(result.posts.map((post) => [post.body, post.sender_name]), [['Testing hook with\nPython', 'Python']]);
});

/** JSON nested 10,000 levels deep, as the route's abuse tests send it. */
function deeplyNested(depth: number): unknown {
  return JSON.parse('['.repeat(depth) + ']'.repeat(depth));
}

const deepCases: Array<[string, Record<string, unknown>]> = [
  ['user', { message: 'x', user: deeplyNested(10_000) }],
  ['Slack blocks', { text: '', blocks: [{ type: 'rich_text', elements: deeplyNested(10_000) }] }],
  ['Slack attachment fields', { attachments: [{ fields: deeplyNested(10_000) }] }],
  ['Discord embeds', { content: '', embeds: deeplyNested(10_000) }],
  ['Emakin references', { text: 'x', references: deeplyNested(10_000) }],
];
for (const [name, json] of deepCases) {
  test(`deeply nested ${name} is rejected, not thrown`, () => {
    const result = parseHookRequest(jsonRequest(json));
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.code, 'invalid_payload');
  });
}
