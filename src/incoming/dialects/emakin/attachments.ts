/** Emakin `attachments` items → links. Files live on the sender's server, so we store the URL. */
import type { LinkInput } from '../../types.ts';
import { type Fields, httpUrlOrNull, invalidPayload } from '../fields.ts';

/** Enough to label common files; anything else is left to the browser (`null`). */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  txt: 'text/plain',
  csv: 'text/csv',
  log: 'text/plain',
  html: 'text/html',
  json: 'application/json',
  xml: 'application/xml',
  pdf: 'application/pdf',
  zip: 'application/zip',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function readUrl(item: Fields): string {
  const url = item.string('url');
  if (url === null) return invalidPayload(item.pathOf('url'), 'is required');
  // Links are shown as clickable anchors: only http(s), never `javascript:` or `data:`.
  return httpUrlOrNull(url.trim()) ?? invalidPayload(item.pathOf('url'), 'must be an http(s) URL');
}

function lastPathSegment(url: string): string {
  const segment = new URL(url).pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `displayName` + `.ext` unless the name already ends with it (`"report"` + `pdf` → `report.pdf`). */
function nameFile(displayName: string | null, ext: string | null, url: string): string {
  const base = displayName ?? (lastPathSegment(url) || 'file');
  if (ext === null || base.toLowerCase().endsWith(`.${ext.toLowerCase()}`)) return base;
  return `${base}.${ext}`;
}

function guessContentType(name: string): string | null {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? null : (CONTENT_TYPES[name.slice(dot + 1).toLowerCase()] ?? null);
}

export function readEmakinAttachment(item: Fields): LinkInput {
  // Emakin always sends `@type`; hand-written posts forget it, and a bare `{url}` is a link.
  const type = item.string('@type') ?? 'link';
  if (type !== 'file' && type !== 'link') {
    invalidPayload(item.pathOf('@type'), `must be "file" or "link", got "${type}"`);
  }
  const url = readUrl(item);
  const displayName = item.looseString('displayName')?.trim() || null;
  if (type === 'link') return { name: displayName ?? url, url, content_type: null };
  // `ext` arrives as "pdf" or ".pdf"; Emakin's own examples use the bare form.
  const ext = item.looseString('ext')?.trim().replace(/^\.+/, '') || null;
  const name = nameFile(displayName, ext, url);
  return { name, url, content_type: guessContentType(name) };
}
