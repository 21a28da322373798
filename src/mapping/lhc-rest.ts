/**
 * Live Helper Chat REST API export → our ReplyCall input: its first request becomes the reply
 * (`host` + `suburl`, headers, authorization, raw body, and the file variant).
 */
import { isBlank, isObject, type LhcObject, LhcImportError, readConfiguration, readSetting } from './lhc-export.ts';
import { translateReplyTemplate } from './lhc-variables.ts';
import { parseTemplate } from './templates.ts';

// Read below; other non-blank keys of the request are reported as ignored.
const READ_KEYS = [
  'id', 'name', 'method', 'authorization', 'api_key_location', 'auth_api_key_name', 'auth_api_key_key', 'auth_bearer',
  'auth_username', 'auth_password', 'query', 'header', 'postparams', 'suburl', 'suburl_file', 'body_request_type',
  'body_raw', 'body_raw_file', 'body_request_type_content',
];

/** The reply call input the export's first request describes; `warnings` collects what was left out. */
export function translateRestApi(exported: unknown, warnings: string[]): Record<string, unknown> {
  const settings = readConfiguration(exported, 'rest_api');
  const requests = settings.parameters;
  if (!Array.isArray(requests) || requests.length === 0 || !isObject(requests[0])) {
    throw new LhcImportError('rest_api.parameters', 'holds no request to reply with');
  }
  const request = requests[0];
  const field = 'rest_api.parameters[0]';
  if (requests.length > 1) warnings.push(`rest_api.parameters: only the first request ("${String(request.name ?? '')}") is imported`);
  const host = readSetting(settings, 'host', 'rest_api') ?? '';
  const headers = translateHeaders(request, field, warnings);
  const query = translateQuery(request, field, warnings);
  const call: Record<string, unknown> = {
    method: readSetting(request, 'method', field) ?? 'POST',
    url: withQuery(translateReplyTemplate(host + (readSetting(request, 'suburl', field) ?? ''), `${field}.suburl`, warnings), query),
    headers,
    body: translateBody(request, 'body_raw', field, headers, warnings),
  };
  const fileUrl = readSetting(request, 'suburl_file', field);
  if (fileUrl !== null) call.file_url = withQuery(translateReplyTemplate(host + fileUrl, `${field}.suburl_file`, warnings), query);
  const fileBody = translateBody(request, 'body_raw_file', field, headers, warnings);
  if (fileBody !== null) call.file_body = fileBody;
  for (const [key, value] of Object.entries(request)) {
    if (!READ_KEYS.includes(key) && !isBlank(value)) warnings.push(`${field}.${key}: not supported, ignored`);
  }
  return call;
}

function translateBody(request: LhcObject, key: string, field: string, headers: Record<string, string>, warnings: string[]): string | null {
  const type = readSetting(request, 'body_request_type', field) ?? 'raw';
  if (type !== 'raw') {
    if (!isBlank(request.postparams)) throw new LhcImportError(`${field}.postparams`, 'only raw bodies are supported');
    return null;
  }
  const raw = readSetting(request, key, field);
  if (raw === null) return null;
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = request.body_request_type_content === 'json' ? 'application/json' : 'text/plain';
  }
  return translateReplyTemplate(raw, `${field}.${key}`, warnings);
}

function translateHeaders(request: LhcObject, field: string, warnings: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [index, item] of pairs(request.header, `${field}.header`).entries()) {
    headers[item.key] = translateReplyTemplate(item.value, `${field}.header[${index}]`, warnings);
  }
  const auth = readSetting(request, 'authorization', field);
  if (auth === null) return headers;
  if (auth === 'bearer') {
    headers.Authorization = `Bearer ${readSetting(request, 'auth_bearer', field) ?? secretAttribute('auth_bearer', 'api_key', warnings, field)}`;
  } else if (auth === 'basicauth') {
    const user = readSetting(request, 'auth_username', field) ?? '';
    const password = readSetting(request, 'auth_password', field) ?? '';
    headers.Authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  } else if (auth === 'apikey') {
    if (readSetting(request, 'api_key_location', field) === 'query') return headers;
    const name = readSetting(request, 'auth_api_key_name', field);
    if (name === null) throw new LhcImportError(`${field}.auth_api_key_name`, 'names no header for the API key');
    headers[name] = readSetting(request, 'auth_api_key_key', field) ?? secretAttribute('auth_api_key_key', 'api_key', warnings, field);
  } else {
    throw new LhcImportError(`${field}.authorization`, `"${auth}" authorization is not supported`);
  }
  return headers;
}

/** Exports leave secrets blank; the reply then reads them from a bridge attribute the user sets. */
function secretAttribute(key: string, attribute: string, warnings: string[], field: string): string {
  warnings.push(`${field}.${key} is blank in the export: the reply reads it from the bridge attribute "${attribute}"; set it`);
  return `{{bridge.attributes.${attribute}}}`;
}

/** Query parameters (and a query-located API key) as `?k=v&…`, literal text percent-encoded. */
function translateQuery(request: LhcObject, field: string, warnings: string[]): string {
  const items = pairs(request.query, `${field}.query`);
  if (readSetting(request, 'authorization', field) === 'apikey' && readSetting(request, 'api_key_location', field) === 'query') {
    const name = readSetting(request, 'auth_api_key_name', field) ?? 'api_key';
    items.push({ key: name, value: readSetting(request, 'auth_api_key_key', field) ?? secretAttribute('auth_api_key_key', 'api_key', warnings, field) });
  }
  if (items.length === 0) return '';
  const parts = items.map(({ key, value }, index) => {
    const template = value.startsWith('{{bridge.') ? value : translateReplyTemplate(value, `${field}.query[${index}]`, warnings);
    const encoded = parseTemplate(template).map((part) => ('literal' in part ? encodeURIComponent(part.literal) : `{{${part.path}}}`));
    return `${encodeURIComponent(key)}=${encoded.join('')}`;
  });
  return `?${parts.join('&')}`;
}

function withQuery(url: string, query: string): string {
  if (query === '') return url;
  return url.includes('?') ? `${url}&${query.slice(1)}` : url + query;
}

function pairs(value: unknown, field: string): { key: string; value: string }[] {
  if (isBlank(value)) return [];
  if (!Array.isArray(value)) throw new LhcImportError(field, 'must be a list of {key, value}');
  return value.flatMap((item, index) => {
    if (!isObject(item) || typeof item.key !== 'string') throw new LhcImportError(`${field}[${index}]`, 'must be {key, value}');
    return item.key.trim() === '' ? [] : [{ key: item.key.trim(), value: String(item.value ?? '') }];
  });
}
