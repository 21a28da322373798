/**
 * Importing a Live Helper Chat incoming-webhook export (and optionally its REST API export)
 * as a bridge: name, scope, attributes, our mapping, and the reply call. Pure; the route stores
 * the result. Field-by-field translation tables: README.md.
 */
import { isObject, type LhcObject, LhcImportError, readConfiguration } from './lhc-export.ts';
import { translateIncoming } from './lhc-incoming.ts';
import { translateRestApi } from './lhc-rest.ts';
import { type Mapping, validateMapping } from './mapping.ts';
import { type ReplyCall, validateReplyCall } from './reply-call.ts';

export { LhcImportError } from './lhc-export.ts';

/** What `POST /bridges/import` creates. */
export interface LhcImport {
  name: string;
  scope: string;
  attributes: Record<string, string>;
  mapping: Mapping;
  reply: ReplyCall | null;
  /** settings left out or changed on the way in, to show the user */
  warnings: string[];
}

/** Reply fields → where LHC keeps them, so an invalid reply names the export's field. */
const REPLY_SOURCES: Record<string, string> = {
  'reply.method': 'rest_api.parameters[0].method',
  'reply.url': 'rest_api.parameters[0].suburl',
  'reply.body': 'rest_api.parameters[0].body_raw',
  'reply.file_url': 'rest_api.parameters[0].suburl_file',
  'reply.file_body': 'rest_api.parameters[0].body_raw_file',
};

/**
 * Translates the exports; throws LhcImportError naming the field for anything we cannot honour.
 * @example importLhc({ incoming: JSON.parse(openWaExport), rest_api: JSON.parse(openWaRestExport) })
 */
export function importLhc(input: { incoming: unknown; rest_api?: unknown }): LhcImport {
  const warnings: string[] = [];
  const settings = readConfiguration(input.incoming, 'incoming');
  const exported = input.incoming as LhcObject;
  const mapped = validateMapping(translateIncoming(settings, warnings));
  if (!mapped.ok) throw new LhcImportError(`incoming (${mapped.field})`, mapped.message);
  let reply: ReplyCall | null = null;
  if (input.rest_api !== undefined && input.rest_api !== null) {
    const checked = validateReplyCall(translateRestApi(input.rest_api, warnings));
    if (!checked.ok) throw new LhcImportError(REPLY_SOURCES[checked.field] ?? `rest_api (${checked.field})`, checked.message);
    reply = checked.call;
  }
  return {
    name: readName(exported),
    scope: typeof exported.scope === 'string' ? exported.scope.trim() : '',
    attributes: readAttributes(settings.attr ?? exported.attributes),
    mapping: mapped.mapping,
    reply,
    warnings,
  };
}

function readName(exported: LhcObject): string {
  for (const key of ['name', 'identifier']) {
    const value = exported[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  throw new LhcImportError('incoming.name', 'the export has no name');
}

/** `attr` is a list of `{key, value}` (plus the form's `id` and `$$hashKey`); some exports use an object. */
function readAttributes(value: unknown): Record<string, string> {
  const attributes: Record<string, string> = {};
  if (value === undefined || value === null || value === '') return attributes;
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => {
        if (!isObject(item) || typeof item.key !== 'string') throw new LhcImportError(`incoming.attr[${index}]`, 'must be {key, value}');
        return [item.key, item.value];
      })
    : isObject(value) ? Object.entries(value) : [];
  if (!Array.isArray(value) && !isObject(value)) throw new LhcImportError('incoming.attr', 'must be a list of {key, value}');
  for (const [key, raw] of entries) {
    if (key.trim() === '') continue;
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      throw new LhcImportError(`incoming.attr.${key}`, 'must be text');
    }
    attributes[key.trim()] = String(raw);
  }
  return attributes;
}
