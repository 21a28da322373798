import { fakeFile, formRequest, jsonRequest, multipartRequest } from '../fake-requests.ts';
import { type DetectCase, type ParseCase, testDetectCases, testParseCases } from '../parse-cases.ts';
import { discordDialect } from './parse.ts';

const first = fakeFile('files[0]', 'a.png', 'image/png');
const second = fakeFile('files[1]', 'b.txt');
const legacy = fakeFile('file', 'old.txt');
const numbered = fakeFile('file2', 'dpy.txt');
const other = fakeFile('thumbnail', 'ignored.png', 'image/png');

// 2000 astral characters are 4000 UTF-16 units: within Discord's limit all the same.
const emoji2000 = '🎉'.repeat(2000);

const cases: ParseCase[] = [
  {
    name: 'payload_json with indexed files',
    input: multipartRequest({ payload_json: '{"content":"two files","username":"u"}' }, [first, second, other]),
    body: 'two files',
    sender_name: 'u',
    files: ['a.png', 'b.txt'],
  },
  {
    name: 'payload_json wins over plain fields',
    input: multipartRequest({ payload_json: '{"content":"from json"}', content: 'from field' }, []),
    body: 'from json',
  },
  { name: 'legacy and discord.py part names', input: multipartRequest({}, [legacy, numbered]), body: '', files: ['old.txt', 'dpy.txt'] },
  { name: 'plain multipart fields', input: multipartRequest({ content: 'plain', username: 'curl', avatar_url: 'https://a.example.org/x.png' }, []), body: 'plain', sender_name: 'curl', avatar_url: 'https://a.example.org/x.png' },
  { name: 'urlencoded content', input: formRequest({ content: 'urlencoded' }), body: 'urlencoded' },
  { name: 'exactly 2000 code points', input: jsonRequest({ content: emoji2000 }), body: emoji2000 },
  { name: 'embeds from a form field', input: formRequest({ embeds: '[{"title":"T","description":"D"}]' }), body: 'T\nD' },
  { name: 'several embeds are separated by a blank line', input: jsonRequest({ embeds: [{ title: 'one' }, { description: 'two' }] }), body: 'one\n\ntwo' },
  { name: 'thumbnail-only embed', input: jsonRequest({ embeds: [{ thumbnail: { url: 'https://t.example.org/t.png' } }] }), body: 'https://t.example.org/t.png' },
  { name: 'non-http avatar is dropped', input: jsonRequest({ content: 'x', avatar_url: 'data:image/png;base64,AAAA' }), avatar_url: null },
  {
    name: '2001 code points',
    input: jsonRequest({ content: 'é'.repeat(2001) }),
    rejected: { status: 422, code: 'invalid_payload', message: '$.content must be at most 2000 characters, got 2001' },
  },
  {
    name: 'too long inside payload_json',
    input: multipartRequest({ payload_json: JSON.stringify({ content: 'x'.repeat(2500) }) }, [first]),
    rejected: { status: 422, code: 'invalid_payload', message: 'payload_json.content must be at most 2000 characters, got 2500' },
  },
  {
    name: 'embed field name must be text',
    input: jsonRequest({ embeds: [{ fields: [{ name: ['x'], value: 'y' }] }] }),
    rejected: { status: 422, code: 'invalid_payload', message: '$.embeds[0].fields[0].name must be a string, got array' },
  },
  {
    name: 'payload_json must be an object',
    input: multipartRequest({ payload_json: '[1]' }, []),
    rejected: { status: 422, code: 'invalid_payload', message: 'payload_json must be an object, got array' },
  },
  { name: 'only an ignored part', input: multipartRequest({}, [other]), rejected: { status: 422, code: 'empty_message' } },
];

testParseCases(discordDialect, { reply: 'discord', defaults: { files: [], links: [], case_id: null, references: [] } }, cases);

const detectCases: DetectCase[] = [
  ['json content', jsonRequest({ content: 'x' }), true],
  ['json embeds only', jsonRequest({ embeds: [] }), true],
  ['json text', jsonRequest({ text: 'x' }), false],
  ['payload_json field', multipartRequest({ payload_json: '{' }, []), true],
  ['files[0] part only', multipartRequest({}, [first]), true],
  ['legacy file part only', multipartRequest({}, [legacy]), true],
  ['Fleep message with a file part', multipartRequest({ message: 'x' }, [legacy]), false],
  ['Fleep files part', multipartRequest({}, [fakeFile('files', 'x.txt')]), false],
];
testDetectCases(discordDialect, detectCases);
