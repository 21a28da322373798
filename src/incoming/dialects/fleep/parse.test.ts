import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeFile, formRequest, jsonRequest, multipartRequest, onlyPost } from '../fake-requests.ts';
import { type DetectCase, type ParseCase, testDetectCases, testParseCases } from '../parse-cases.ts';
import { fleepDialect } from './parse.ts';

const csv = fakeFile('files', 'stats.csv', 'text/csv');
const jpeg = fakeFile('files', 'test_image.jpeg', 'image/jpeg');
const stray = fakeFile('attachment', 'trace.log');

const cases: ParseCase[] = [
  // The seed's Python example: requests.post(url, json={...})
  { name: 'seed python json', input: jsonRequest({ message: 'Testing hook with\nPython', user: 'Python' }), body: 'Testing hook with\nPython', sender_name: 'Python' },
  // The seed's curl example, as the route decodes `message=Testing%0AWith%0ACurl`
  { name: 'seed curl form', input: formRequest({ message: 'Testing\nWith\nCurl' }), body: 'Testing\nWith\nCurl', sender_name: null },
  // The seed's Python multipart example: two `files` parts beside `message`
  {
    name: 'seed python multipart',
    input: multipartRequest({ message: 'uploading some files' }, [csv, jpeg]),
    body: 'uploading some files',
    files: ['stats.csv', 'test_image.jpeg'],
  },
  { name: 'multipart files only', input: multipartRequest({}, [jpeg]), body: '', files: ['test_image.jpeg'] },
  { name: 'any file part name is attached', input: multipartRequest({ message: 'log' }, [stray]), files: ['trace.log'] },
  { name: 'multipart user field', input: multipartRequest({ message: 'hi', user: 'uploader' }, []), sender_name: 'uploader' },
  { name: 'blank user is no sender name', input: jsonRequest({ message: 'x', user: '  ' }), sender_name: null },
  { name: 'boolean user is tolerated', input: jsonRequest({ message: 'x', user: true }), sender_name: 'true' },
  { name: 'sender name is trimmed', input: formRequest({ message: 'x', user: ' Ops ' }), sender_name: 'Ops' },
  { name: 'whitespace-only message', input: jsonRequest({ message: ' \n ' }), rejected: { status: 422, code: 'empty_message' } },
  { name: 'no message at all', input: jsonRequest({ user: 'ghost' }), rejected: { status: 422, code: 'empty_message' } },
  {
    name: 'message object',
    input: jsonRequest({ message: { text: 'hi' } }),
    rejected: { status: 422, code: 'invalid_payload', message: '$.message must be a string, got object' },
  },
  {
    name: 'user array',
    input: jsonRequest({ message: 'hi', user: ['a'] }),
    rejected: { status: 422, code: 'invalid_payload', message: '$.user must be a string, got array' },
  },
];

testParseCases(fleepDialect, { reply: 'json', defaults: { files: [], links: [], avatar_url: null, case_id: null, references: [] } }, cases);

test("fleep: attached files are the request's own objects", () => {
  const post = onlyPost(fleepDialect.parse(multipartRequest({ message: 'x' }, [csv, jpeg])), 'json');
  assert.equal(post.files[0], csv);
  assert.equal(post.files[1], jpeg);
});

const detectCases: DetectCase[] = [
  ['json message', jsonRequest({ message: 'x' }), true],
  ['json message null', jsonRequest({ message: null }), false],
  ['json text', jsonRequest({ text: 'x' }), false],
  ['form message, even empty', formRequest({ message: '' }), true],
  ['multipart files without message', multipartRequest({}, [csv]), true],
  ['urlencoded without message', formRequest({ text: 'x' }), false],
];
testDetectCases(fleepDialect, detectCases);
