/**
 * Generates the fuzzer's requests from the app's own OpenAPI document plus the hook and bridge URLs:
 * a route (or a made-up path), a method (mostly the route's), path parameters (real ids the run has
 * seen, or hostile ones), a query, headers with or without valid credentials, and a body that is
 * schema-valid, mutated, or not JSON at all. Values come from the schemas, so most requests reach
 * the handlers; the rest test the edges.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { deepJson, fuzzJson, fuzzString, type Random } from './fuzz-random.ts';

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body?: Buffer;
  /** the route template it came from, for the report */
  route: string;
}

type Schema = Record<string, any>;
export interface Route {
  method: string;
  template: string;
  query: { name: string; schema: Schema }[];
  body: Schema | null;
}

/** What the run has learned: credentials and ids by kind (the static segment before a parameter). */
export interface FuzzWorld {
  adminAuth: string;
  adminToken: string;
  /** ids never put in a path: deleting the admin's own key would lock the fuzzer out */
  protectedIds: Set<string>;
  ids: Map<string, string[]>;
  hookPaths: string[];
  bridgePaths: string[];
  filePaths: string[];
}

export function routesOf(openapi: { paths: Record<string, Record<string, Schema>> }): Route[] {
  const routes: Route[] = [];
  for (const [template, operations] of Object.entries(openapi.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      routes.push({
        method: method.toUpperCase(),
        template,
        query: (op.parameters ?? []).filter((p: Schema) => p.in === 'query').map((p: Schema) => ({ name: p.name, schema: p.schema ?? {} })),
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
      });
    }
  }
  // Hidden or outside the API: hooks, bridges, operations, the UI.
  routes.push(
    { method: 'POST', template: '/hook/{token}', query: [{ name: 'wait', schema: { enum: ['true', 'false'] } }, { name: 'dialect', schema: { enum: ['fleep', 'slack', 'discord', 'mattermost', 'emakin', 'nope'] } }], body: null },
    { method: 'POST', template: '/bridge/{token}', query: [], body: null },
  );
  for (const p of ['/healthz', '/readyz', '/metrics', '/api/openapi.json', '/', '/index.html', '/assets/app.js', '/assets/{name}', '/api/docs', '/api/docs/static/{name}', '/api/v2/nothing', '/api/v1', '/{name}']) routes.push({ method: 'GET', template: p, query: [], body: null });
  return routes;
}

/** Hook payloads as real senders post them: the dialects' own fixtures. */
const FIXTURES: unknown[] = (() => {
  const root = path.resolve(import.meta.dirname, '../../src/incoming/dialects');
  const out: unknown[] = [];
  for (const dialect of readdirSync(root)) {
    let files: string[] = [];
    try {
      files = readdirSync(path.join(root, dialect, 'fixtures'));
    } catch {
      continue;
    }
    for (const f of files) if (f.endsWith('.json') && !f.endsWith('.expected.json')) out.push(JSON.parse(readFileSync(path.join(root, dialect, 'fixtures', f), 'utf8')));
  }
  return out;
})();

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'multipart/form-data; boundary=', 'application/xml', '*/*', 'application/json; charset=utf-16', 'application/vnd.api+json', 'json', ''];
const HOSTILE_PARAMS = ['%00', 'a%00b', 'x'.repeat(101), 'x'.repeat(99), '..', '%2e%2e', '..%2F..%2Fadmin', 'a%2Fb', '%E2%80%AE', '%F0%9F%8E%89', '%C0%AF', '%ff', ' ', '%20', '', '0', '-1', 'null', 'conv_', 'NaN', '%25', '%3Cscript%3E'];

/** A value for a JSON schema: valid where the schema is simple enough to follow. */
export function fromSchema(r: Random, schema: Schema, name = '', depth = 0): unknown {
  if (depth > 6) return null;
  if ('const' in schema) return schema.const;
  if (schema.enum) return r.pick(schema.enum);
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return fromSchema(r, r.pick(options), name, depth + 1);
  const type = Array.isArray(schema.type) ? r.pick(schema.type) : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, sub] of Object.entries<Schema>(schema.properties ?? {})) {
        if (schema.required?.includes(key) || r.chance(0.5)) out[key] = fromSchema(r, sub, key, depth + 1);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(schema.minItems ?? 0, r.int(3)) }, () => fromSchema(r, schema.items ?? {}, name, depth + 1));
    case 'integer':
    case 'number':
      if (r.chance(0.05)) return r.pick([1e20, 2 ** 53 + 2, -1, 0.5, 2 ** 63]);
      return (schema.minimum ?? 0) + r.int(Math.min(10, (schema.maximum ?? 10) - (schema.minimum ?? 0) + 1));
    case 'boolean':
      return r.chance(0.5);
    case 'null':
      return null;
    case 'string':
      return stringFor(r, schema, name);
    default:
      return fuzzJson(r, 2);
  }
}

function stringFor(r: Random, schema: Schema, name: string): string {
  // Outgoing URLs point where nothing answers: the fuzzer must not send the world deliveries.
  if (/url/i.test(name) || schema.format === 'uri') return r.pick(['https://receiver.invalid/in', 'http://127.0.0.1:9/x', 'http://10.0.0.1/x', 'ftp://x', 'https://receiver.invalid/{{message.body}}']);
  if (/email/i.test(name) || schema.format === 'email') return `fuzz-${r.int(1e9)}@example.test`;
  if (/password/i.test(name)) return r.pick(['password123', 'x', 'a'.repeat(2000)]);
  if (schema.format === 'date-time' || /_at$|since/.test(name)) return r.pick([new Date().toISOString(), '2020-01-01T00:00:00Z', 'yesterday']);
  const text = r.chance(0.7) ? r.pick(['hello', 'Deploy finished', 'urgent', 'a', 'Ünïcödé', 'message.created']) : fuzzString(r);
  return schema.maxLength !== undefined ? text.slice(0, schema.maxLength) : text;
}

/** Breaks a valid value: a wrong type, a missing or unknown field, a hostile string. */
function mutate(r: Random, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(obj);
    const key = keys.length ? r.pick(keys) : 'field';
    r.weighted<() => void>([
      [3, () => (obj[key] = fuzzJson(r, 2))],
      [2, () => delete obj[key]],
      [1, () => (obj[fuzzString(r)] = fuzzJson(r, 1))],
      [2, () => (obj[key] = mutate(r, obj[key]))],
      [1, () => (obj[key] = r.pick(['\u0000', 'a\u0000b', '\ud800']))],
    ])();
    return obj;
  }
  return r.chance(0.5) ? fuzzJson(r, 2) : [value];
}

function fillPath(r: Random, world: FuzzWorld, template: string): string {
  return template.replace(/\{(\w+)\}/g, (_m, param: string, offset: number) => {
    if (r.chance(0.12)) return r.pick(HOSTILE_PARAMS);
    if (param === 'token') {
      const paths = template.startsWith('/hook') ? world.hookPaths : world.bridgePaths;
      return paths.length && r.chance(0.85) ? r.pick(paths).split('/').pop()! : 'AAAAAAAAAAAAAAAAAAAAAA';
    }
    const kind = template.slice(0, offset).split('/').filter((s) => s && !s.startsWith('{')).pop() ?? '';
    const pool = (world.ids.get(param === 'userId' ? 'users' : kind) ?? []).filter((id) => !world.protectedIds.has(id));
    if (param === 'name') return r.pick(['report.pdf', 'a.txt', 'app.js', 'index.html', 'swagger-ui.css', '%00', '..%2F..', '%2e%2e%2fpackage.json', 'x'.repeat(300), '.env']);
    return pool.length && r.chance(0.9) ? r.pick(pool) : `${kind.slice(0, 4)}_${r.int(1e6)}`;
  });
}

/** encodeURIComponent that encodes a lone surrogate as the (invalid) UTF-8 of one instead of throwing. */
function encode(text: string): string {
  return text.split(/([\ud800-\udfff])/).map((part) => (/^[\ud800-\udfff]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part))).join('');
}

function queryFor(r: Random, world: FuzzWorld, route: Route): string {
  const pairs: string[] = [];
  for (const q of route.query) if (r.chance(0.5)) pairs.push(`${q.name}=${encode(String(r.chance(0.8) ? fromSchema(r, q.schema, q.name) : fuzzString(r)))}`);
  if (route.template.endsWith('/reply') && r.chance(0.4)) pairs.push(`auth_token=${encode(r.chance(0.8) ? world.adminToken : 'sb_wrong')}`);
  if (r.chance(0.1)) pairs.push(`${encode(fuzzString(r))}=${encode(fuzzString(r))}`);
  if (r.chance(0.03)) pairs.push('a=1&a=2&a[]=3&b[c]=4');
  return pairs.length ? `?${pairs.join('&')}` : '';
}

function authFor(r: Random, world: FuzzWorld): Record<string, string> {
  return r.weighted<Record<string, string>>([
    [70, { authorization: world.adminAuth }],
    [8, {}],
    [5, { authorization: 'Bearer sb_notAKey000000000000000' }],
    [3, { authorization: r.pick(['Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', `Bearer ${world.adminToken} extra`, 'bearer\u0001x', 'x'.repeat(3000)]) }],
    [4, { cookie: `sb_session=${r.pick(['junk', '', '%00', 'a'.repeat(500)])}`, 'x-csrf-token': 'junk' }],
  ]);
}

/** A multipart body; `truncate` cuts it short, as a dropped upload would arrive. */
export function multipartBody(r: Random, truncate: boolean): { contentType: string; body: Buffer } {
  const boundary = `fuzz${r.int(1e9)}`;
  const parts: Buffer[] = [];
  const field = (name: string, value: string | Buffer, filename?: string) => {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename !== undefined ? `; filename="${filename}"` : ''}\r\n${filename !== undefined ? 'Content-Type: application/octet-stream\r\n' : ''}\r\n`));
    parts.push(Buffer.isBuffer(value) ? value : Buffer.from(value));
    parts.push(Buffer.from('\r\n'));
  };
  if (r.chance(0.8)) field(r.pick(['message', 'payload_json', 'content', 'text']), r.chance(0.7) ? 'from the fuzzer' : JSON.stringify(fuzzJson(r, 2)));
  for (let i = r.int(3); i > 0; i--) field(r.pick(['files', 'file', 'files[0]', 'files[1]', 'attachment']), Buffer.alloc(r.int(3000), r.int(256)), r.pick(['a.txt', '../../x.sh', '', 'ü.pdf', 'a\u0000b.png', 'x'.repeat(300)]));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const body = Buffer.concat(parts);
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: truncate ? body.subarray(0, r.int(body.length)) : body };
}

/** Bodies for routes whose schemas are too loose to guess a valid value from, so they reach their domain code too. */
const KNOWN_GOOD: Record<string, (r: Random) => unknown> = {
  'POST /api/v1/conversations/{id}/rules': (r) => ({ trigger: r.chance(0.5) ? { keywords: ['deploy', 'help'] } : { pattern: r.pick(['^hi', '(a+)+$', 'x{1000}', '[', '\\d+']) }, reply: 'Noted, {{sender.name}}' }),
  'POST /api/v1/conversations/{id}/webhooks': (r) => ({ url: 'https://receiver.invalid/in', format: r.pick(['fleep', 'dashly', 'standard']) }),
  'POST /api/v1/bridges': () => ({ name: 'Gateway', scope: 'sms', attributes: {}, mapping: BRIDGE_MAPPING }),
  'POST /api/v1/bridges/{id}/preview': (r) => ({ payload: bridgePayload(r) }),
  'POST /api/v1/conversations/{id}/messages': (r) => ({ body: fuzzString(r) }),
  'POST /api/v1/conversations/{id}/reply': (r) => ({ body: fuzzString(r) }),
};
const BRIDGE_MAPPING = { main_condition: 'event=message', messages_path: 'messages', chat_id: 'chat.id', nick: 'chat.name', external_message_id: 'id', kinds: [{ kind: 'text', condition: 'type=text', template: '{{msg.text}}', operator_condition: 'from_me=true' }], dedupe_by_message_id: true };
const bridgePayload = (r: Random) => ({ event: 'message', messages: [{ id: `m${r.int(1e9)}`, type: 'text', text: r.chance(0.8) ? 'hi' : fuzzString(r), from_me: r.chance(0.2), chat: { id: `c${r.int(20)}`, name: 'Visitor' } }] });

function bodyFor(r: Random, route: Route, headers: Record<string, string | string[]>): Buffer | undefined {
  const isHook = route.template.startsWith('/hook/');
  const isBridge = route.template.startsWith('/bridge/');
  const valid = (): unknown => {
    if (isHook) return r.pick(FIXTURES);
    if (isBridge) return bridgePayload(r);
    const known = KNOWN_GOOD[`${route.method} ${route.template}`];
    if (known && r.chance(0.7)) return known(r);
    return route.body ? fromSchema(r, route.body) : fuzzJson(r);
  };
  const json = (text: string | Buffer) => {
    headers['content-type'] ??= 'application/json';
    return Buffer.from(text);
  };
  return r.weighted<() => Buffer | undefined>([
    [40, () => json(JSON.stringify(valid()))],
    [22, () => json(JSON.stringify(mutate(r, valid())))],
    [6, () => json(JSON.stringify(fuzzJson(r)))],
    [2, () => json(deepJson(r, r.pick([30, 65, 200, 5000])))],
    [4, () => json(JSON.stringify(valid()).slice(0, -1 - r.int(5)))],
    [2, () => json(Buffer.concat([Buffer.from('{"message":"'), Buffer.from([0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80]), Buffer.from('"}')]))],
    [2, () => json(r.pick(['', 'null', '[]', '"x"', '1', '{', '\u0000', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}']))],
    [5, () => {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      return Buffer.from(r.pick([`message=${encode(fuzzString(r))}&user=fuzz`, `payload=${encode(JSON.stringify(valid()))}`, `body=${encode(fuzzString(r))}`, '%%%=&&=', 'a=%00']));
    }],
    [isHook ? 10 : 2, () => {
      const m = multipartBody(r, r.chance(0.3));
      headers['content-type'] = m.contentType;
      return m.body;
    }],
    [1, () => json(JSON.stringify({ message: 'x'.repeat(1_100_000) }))],
    [4, () => undefined],
  ])();
}

/** One request, drawn from the routes and what the world knows. */
export function generateRequest(r: Random, routes: Route[], world: FuzzWorld): FuzzRequest {
  // A quarter go to hook and bridge URLs, a few to pages outside the API, the rest across the API.
  const route = r.weighted<Route[]>([[25, INGEST(routes)], [5, OUTSIDE(routes)], [70, API(routes)]]);
  return requestFor(r, r.pick(route), world);
}

const INGEST = (routes: Route[]) => routes.filter((x) => x.template.startsWith('/hook/') || x.template.startsWith('/bridge/'));
const OUTSIDE = (routes: Route[]) => routes.filter((x) => !x.template.startsWith('/api/v1/') && !INGEST([x]).length);
const API = (routes: Route[]) => routes.filter((x) => x.template.startsWith('/api/v1/'));

function requestFor(r: Random, route: Route, world: FuzzWorld): FuzzRequest {
  const method = r.chance(0.9) ? route.method : r.pick(METHODS);
  const headers: Record<string, string | string[]> = { ...authFor(r, world) };
  let body: Buffer | undefined;
  if (method !== 'GET' && method !== 'HEAD' && (route.body || route.method === 'POST' || r.chance(0.2))) body = bodyFor(r, route, headers);
  if (r.chance(0.08)) headers['content-type'] = r.pick(CONTENT_TYPES);
  if (r.chance(0.03)) headers['content-type'] = ['application/json', 'text/plain'];
  if (r.chance(0.05)) headers['idempotency-key'] = r.chance(0.8) ? `key-${r.int(50)}` : fuzzString(r).replace(/[^\x20-\x7e]/g, '?');
  if (r.chance(0.03)) headers['last-event-id'] = r.pick(['0', '-1', 'abc', '99999999999']);
  if (r.chance(0.05)) headers.accept = r.pick(['text/event-stream', 'application/xml', '*/*', 'text/html']);
  if (r.chance(0.04)) headers[`x-fuzz-${r.int(100)}`] = 'v'.repeat(r.pick([1, 100, 8000]));
  if (r.chance(0.02)) headers['accept-encoding'] = r.pick(['gzip', 'br', 'identity;q=0', '*']);
  return { method, path: fillPath(r, world, route.template) + queryFor(r, world, route), headers, body, route: route.template };
}
