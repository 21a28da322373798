import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Attachment } from '../../core/types.ts';
import { renderFleepXml } from './fleep-xml.ts';

const file: Attachment = { id: 'att_1', kind: 'file', name: 'log <1>.txt', url: '/files/att_1', content_type: 'text/plain', size: 10, sha256: null };
const link: Attachment = { id: 'att_2', kind: 'link', name: 'Runbook & notes', url: 'https://wiki.example.org/run?a=1&b=2', content_type: null, size: null, sha256: null };

const cases: Array<{ name: string; body: string; attachments?: Attachment[]; xml: string }> = [
  { name: 'one line', body: 'simple message', xml: '<msg><p>simple message</p></msg>' },
  { name: 'single newline is a line break', body: 'first\nsecond', xml: '<msg><p>first<br/>second</p></msg>' },
  { name: 'blank line starts a paragraph', body: 'first\n\nsecond', xml: '<msg><p>first</p><p>second</p></msg>' },
  { name: 'CRLF and several blank lines', body: 'a\r\n\r\n  \r\n\r\nb\r\nc\r\n', xml: '<msg><p>a</p><p>b<br/>c</p></msg>' },
  { name: 'markup is escaped', body: '<b>bold</b> & "quoted"', xml: '<msg><p>&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;</p></msg>' },
  {
    name: 'URL becomes a link; the full stop stays outside',
    body: 'see https://example.org/a?x=1&y=2.',
    xml: '<msg><p>see <a href="https://example.org/a?x=1&amp;y=2">https://example.org/a?x=1&amp;y=2</a>.</p></msg>',
  },
  {
    name: 'balanced parentheses stay in the link, the closing one does not',
    body: '(ref https://en.example.org/wiki/Foo_(bar))',
    xml: '<msg><p>(ref <a href="https://en.example.org/wiki/Foo_(bar)">https://en.example.org/wiki/Foo_(bar)</a>)</p></msg>',
  },
  { name: 'two links on two lines', body: 'http://a.example\nhttps://b.example/x', xml: '<msg><p><a href="http://a.example">http://a.example</a><br/><a href="https://b.example/x">https://b.example/x</a></p></msg>' },
  { name: 'not a link without scheme', body: 'example.org', xml: '<msg><p>example.org</p></msg>' },
  { name: 'files only', body: '', attachments: [file], xml: '<msg><file key="att_1">log &lt;1&gt;.txt</file></msg>' },
  {
    name: 'text, link attachment, file',
    body: 'report',
    attachments: [file, link],
    xml: '<msg><p>report</p><p><a href="https://wiki.example.org/run?a=1&amp;b=2">Runbook &amp; notes</a></p><file key="att_1">log &lt;1&gt;.txt</file></msg>',
  },
  { name: 'whitespace only', body: ' \n \n', xml: '<msg></msg>' },
];

for (const c of cases) {
  test(`renderFleepXml: ${c.name}`, () => assert.equal(renderFleepXml(c.body, c.attachments ?? []), c.xml));
}
