import type { LinkInput } from '../../types.ts';
import { formRequest, jsonRequest } from '../fake-requests.ts';
import { type DetectCase, type ParseCase, testDetectCases, testParseCases } from '../parse-cases.ts';
import { emakinDialect } from './parse.ts';

const file = (name: string, url: string, content_type: string | null): LinkInput => ({ name, url, content_type });

const cases: ParseCase[] = [
  {
    name: 'file name gets its extension',
    input: jsonRequest({ text: 't', attachments: [{ '@type': 'file', displayName: 'minutes', ext: 'txt', url: 'http://files.example.net/m' }] }),
    links: [file('minutes.txt', 'http://files.example.net/m', 'text/plain')],
  },
  {
    name: 'extension is not doubled, case-insensitively',
    input: jsonRequest({ text: 't', attachments: [{ '@type': 'file', displayName: 'Scan.PDF', ext: 'pdf', url: 'https://f.example.net/1' }] }),
    links: [file('Scan.PDF', 'https://f.example.net/1', 'application/pdf')],
  },
  {
    name: 'file without displayName is named from its URL',
    input: jsonRequest({ text: 't', attachments: [{ '@type': 'file', ext: 'pdf', url: 'https://f.example.net/docs/Q1%20report' }] }),
    links: [file('Q1 report.pdf', 'https://f.example.net/docs/Q1%20report', 'application/pdf')],
  },
  {
    name: 'unknown extension has no content type',
    input: jsonRequest({ text: 't', attachments: [{ '@type': 'file', displayName: 'model', ext: 'step', url: 'https://f.example.net/m' }] }),
    links: [file('model.step', 'https://f.example.net/m', null)],
  },
  {
    name: 'link keeps its displayName',
    input: jsonRequest({ attachments: [{ '@type': 'link', displayName: 'Runbook', url: 'https://wiki.example.net/rb' }] }),
    body: '',
    links: [file('Runbook', 'https://wiki.example.net/rb', null)],
  },
  { name: 'id is trimmed', input: jsonRequest({ text: 't', id: ' ev-1 ' }), case_id: 'ev-1' },
  { name: 'references may be empty', input: jsonRequest({ text: 't', references: [] }), references: [] },
  { name: 'null id and references are absent', input: jsonRequest({ text: 't', id: null, references: null }), case_id: null, references: [] },
  {
    name: 'form bodies are not Emakin',
    input: formRequest({ text: 'hi' }),
    rejected: { status: 422, code: 'invalid_payload', message: 'Emakin-style hooks take a JSON body' },
  },
  {
    name: 'text must be a string',
    input: jsonRequest({ text: 12, id: 'a' }),
    rejected: { status: 422, code: 'invalid_payload', message: '$.text must be a string, got number' },
  },
  {
    name: 'attachment must be an object',
    input: jsonRequest({ text: 't', attachments: ['https://x.example.net'] }),
    rejected: { status: 422, code: 'invalid_payload', message: '$.attachments[0] must be an object, got string' },
  },
  {
    name: 'attachment needs a url',
    input: jsonRequest({ text: 't', attachments: [{ '@type': 'link', displayName: 'x' }] }),
    rejected: { status: 422, code: 'invalid_payload', message: '$.attachments[0].url is required' },
  },
  {
    name: 'relative url is refused',
    input: jsonRequest({ text: 't', attachments: [{ '@type': 'file', url: '/files/1' }] }),
    rejected: { status: 422, code: 'invalid_payload', message: '$.attachments[0].url must be an http(s) URL' },
  },
  {
    name: 'empty id',
    input: jsonRequest({ text: 't', id: '' }),
    rejected: { status: 422, code: 'invalid_payload', message: '$.id must not be empty' },
  },
  {
    name: 'empty reference',
    input: jsonRequest({ text: 't', references: ['ev-1', ' '] }),
    rejected: { status: 422, code: 'invalid_payload', message: '$.references[1] must not be empty' },
  },
  {
    name: 'references object',
    input: jsonRequest({ text: 't', references: { id: 'ev-1' } }),
    rejected: { status: 422, code: 'invalid_payload', message: '$.references must be an array, got object' },
  },
  { name: 'nothing to post', input: jsonRequest({ text: '', attachments: [] }), rejected: { status: 422, code: 'empty_message' } },
];

testParseCases(emakinDialect, { reply: 'json', defaults: { files: [], sender_name: null, rich: null } }, cases);

const detectCases: DetectCase[] = [
  ['text with id', jsonRequest({ text: 'x', id: 'e1' }), true],
  ['text with references', jsonRequest({ text: 'x', references: ['e1'] }), true],
  ['attachments with @type', jsonRequest({ attachments: [{ '@type': 'link', url: 'https://a.example.net' }] }), true],
  ['text alone (Slack wins)', jsonRequest({ text: 'x' }), false],
  ['Slack attachments', jsonRequest({ attachments: [{ title: 'x' }] }), false],
  ['id without content', jsonRequest({ id: 'e1' }), false],
  ['form with id', formRequest({ text: 'x', id: 'e1' }), false],
];
testDetectCases(emakinDialect, detectCases);
