/**
 * Emakin-style channel hooks: JSON `{text, attachments: [{"@type": "file"|"link", ...}], id?,
 * references?}`. Attachments are stored elsewhere, so both kinds become links. README.md has
 * the vendor notes.
 */
import type { Dialect, Post, RawHookRequest } from '../../types.ts';
import { Fields, PayloadRejection, hasAnyKey, invalidPayload, sniffJsonObject } from '../fields.ts';
import { makePost, requireContent, runDialect } from '../outcome.ts';
import { readEmakinAttachment } from './attachments.ts';

function readCaseId(body: Fields): string | null {
  // Senders number their events: `{"id": 1234}` is taken as "1234".
  const id = body.looseString('id');
  if (id === null) return null;
  if (id.trim() === '') invalidPayload(body.pathOf('id'), 'must not be empty');
  return id.trim();
}

function readReferences(body: Fields): string[] {
  const raw = body.raw('references');
  // A single id instead of a list (`"references": "event1"`) is a common slip; accept it.
  const items = typeof raw === 'string' || typeof raw === 'number' ? [raw] : (body.array('references') ?? []);
  return items.map((item, index) => {
    const path = `${body.pathOf('references')}[${index}]`;
    if (typeof item !== 'string' && typeof item !== 'number') invalidPayload(path, 'must be a string or a number');
    const reference = String(item).trim();
    if (reference === '') invalidPayload(path, 'must not be empty');
    return reference;
  });
}

function translateEmakin(input: RawHookRequest): Post[] {
  if (input.kind !== 'json') {
    throw new PayloadRejection(422, 'invalid_payload', 'Emakin-style hooks take a JSON body');
  }
  const body = Fields.of(input.json);
  const post = makePost({
    body: body.string('text') ?? '',
    links: body.objects('attachments').map(readEmakinAttachment),
    case_id: readCaseId(body),
    references: readReferences(body),
  });
  return [requireContent(post)];
}

function detectEmakin(input: RawHookRequest): boolean {
  const body = input.kind === 'json' ? sniffJsonObject(input.json) : null;
  if (body === null || !hasAnyKey(body, ['text', 'attachments'])) return false;
  if (hasAnyKey(body, ['id', 'references'])) return true;
  const attachments = Array.isArray(body.attachments) ? body.attachments : [];
  return attachments.some((item) => hasAnyKey(sniffJsonObject(item), ['@type']));
}

export const emakinDialect: Dialect = {
  name: 'emakin',
  detect: detectEmakin,
  parse: (input) => runDialect('emakin', 'json', () => translateEmakin(input)),
};
