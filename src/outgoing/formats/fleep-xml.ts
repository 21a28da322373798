/**
 * Plain message text → Fleep's small message XML: `<msg><p>..</p>..<file key="..">name</file></msg>`.
 * Our rules (Fleep's own renderer is not public): a blank line starts a new `<p>`; a single newline
 * inside a paragraph is `<br/>`; http(s) URLs become `<a href="..">..</a>`; link attachments get a
 * paragraph of their own with their name as the text; files follow as `<file>` elements.
 */
import type { Attachment } from '../../core/types.ts';

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+/gi;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function renderFleepXml(body: string, attachments: Attachment[]): string {
  const paragraphs = body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n\s*/)
    .map((paragraph) => paragraph.replace(/^\n+|\s+$/g, ''))
    .filter((paragraph) => paragraph.trim() !== '')
    .map((paragraph) => `<p>${paragraph.split('\n').map(linkifyLine).join('<br/>')}</p>`);
  const links = attachments
    .filter((a) => a.kind === 'link')
    .map((a) => `<p><a href="${escapeXml(a.url)}">${escapeXml(a.name)}</a></p>`);
  const files = attachments
    .filter((a) => a.kind === 'file')
    .map((a) => `<file key="${escapeXml(a.id)}">${escapeXml(a.name)}</file>`);
  return `<msg>${[...paragraphs, ...links, ...files].join('')}</msg>`;
}

/** Escapes one line and wraps its URLs in `<a>`. */
function linkifyLine(line: string): string {
  let out = '';
  let last = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    const url = trimTrailingPunctuation(match[0]);
    out += escapeXml(line.slice(last, match.index)) + `<a href="${escapeXml(url)}">${escapeXml(url)}</a>`;
    last = match.index + url.length;
  }
  return out + escapeXml(line.slice(last));
}

/** "see https://x.io/a." → the sentence's full stop is not part of the link; nor is an unbalanced ")". */
function trimTrailingPunctuation(url: string): string {
  let end = url.length;
  while (end > 0) {
    const ch = url[end - 1];
    const head = url.slice(0, end);
    const unbalancedParen = ch === ')' && count(head, ')') > count(head, '(');
    if (!'.,;:!?\'"'.includes(ch) && !unbalancedParen) break;
    end--;
  }
  return url.slice(0, end);
}

function count(text: string, ch: string): number {
  return text.split(ch).length - 1;
}
