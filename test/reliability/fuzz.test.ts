/**
 * The fuzzer: at least 20,000 requests per engine over real HTTP against a listening node, generated
 * from the app's /api/openapi.json plus the hook and bridge URLs (fuzz-requests.ts), most through an
 * undici pool with keep-alive and concurrency, a share as malformed raw bytes (fuzz-send.ts). It
 * asserts that nothing answers 5xx and that every error answer is exactly {"error":{"code","message"}}
 * (snake_case code, a message), with Retry-After on 429s. Seeded: the seed is printed and FUZZ_SEED
 * reproduces the run's requests; FUZZ_REQUESTS changes the count.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pool } from 'undici';
import { ENGINES } from '../support/engines.ts';
import { freshDatabase } from '../support/runtime.ts';
import { CHILD_ADMIN_TOKEN, spawnNode } from '../support/child-node.ts';
import { GENERIC_MAPPING } from '../support/bridges.ts';
import { errorBodyProblem } from './contract-errors.ts';
import { Random } from './fuzz-random.ts';
import { generateRequest, routesOf, type FuzzRequest, type FuzzWorld } from './fuzz-requests.ts';
import { rawRequest, sendRaw, sendWell, type Answer } from './fuzz-send.ts';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 20_000);
const CONCURRENCY = 16;
const RAW_SHARE = 0.07;

interface Finding {
  problem: string;
  request: FuzzRequest;
  raw?: string;
  answer: Answer;
}

/** What is wrong with `answer`, or null. */
function check(method: string, answer: Answer): string | null {
  if (answer.status >= 500) return `${answer.status} answer`;
  if (answer.status === 429 && !answer.headers['retry-after']) return '429 without Retry-After';
  if (answer.status < 400 || method === 'HEAD') return null;
  const problem = errorBodyProblem(answer.body);
  if (problem) return `off-contract ${answer.status}: ${problem}`;
  if (!String(answer.headers['content-type']).startsWith('application/json')) return `${answer.status} with content-type ${answer.headers['content-type']}`;
  return null;
}

const KIND_OF_ROUTE: Record<string, string> = { import: 'bridges', reply: 'messages', rotate: 'hooks', 'rotate-secret': 'webhooks', members: 'users', me: 'users' };
const SKIP_KEYS = new Set(['sender', 'contact', 'assignee', 'author', 'user', 'api_keys', 'keys']);

function remember(paths: string[], path: string): void {
  if (!paths.includes(path)) paths.push(path);
}

/** Learns ids and secret URLs from a 2xx JSON answer, so later requests reach real objects. */
function harvest(world: FuzzWorld, route: string, text: string): void {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return;
  }
  const last = route.split('/').filter((s) => s && !s.startsWith('{')).pop() ?? '';
  const add = (kind: string, id: string) => {
    const pool = world.ids.get(kind) ?? [];
    if (!pool.includes(id)) pool.push(id);
    if (pool.length > 200) pool.shift();
    world.ids.set(kind, pool);
  };
  const walk = (value: unknown, kind: string, depth: number): void => {
    if (depth > 4 || !value || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach((item) => walk(item, kind, depth + 1));
    for (const [key, item] of Object.entries(value)) {
      if (key === 'id' && typeof item === 'string') add(kind, item);
      else if (typeof item === 'string' && /\/hook\/[^/?]+$/.test(item)) remember(world.hookPaths, new URL(item, 'http://x').pathname);
      else if (typeof item === 'string' && /\/bridge\/[^/?]+$/.test(item)) remember(world.bridgePaths, new URL(item, 'http://x').pathname);
      else if (typeof item === 'string' && /\/api\/v1\/files\/[^/]+\//.test(item)) add('files', item.split('/api/v1/files/')[1].split('/')[0]);
      // An object's ids are of the kind its key names (`conversations: […]`, `last_message: {…}`).
      else if (!SKIP_KEYS.has(key)) walk(item, key, depth + 1);
    }
  };
  walk(json, KIND_OF_ROUTE[last] ?? last, 0);
}

/** A deleted or rotated hook or bridge URL leaves the pool (one is always kept, dead or not). */
function forget(world: FuzzWorld, path: string): void {
  for (const paths of [world.hookPaths, world.bridgePaths]) {
    const at = paths.indexOf(path);
    if (at !== -1 && paths.length > 1) paths.splice(at, 1);
  }
}

function describe(f: Finding): string {
  const body = f.request.body === undefined ? '' : f.request.body.toString('utf8') === f.request.body.toString('latin1') || !/\ufffd/.test(f.request.body.toString('utf8')) ? JSON.stringify(f.request.body.toString('utf8').slice(0, 400)) : `base64:${f.request.body.subarray(0, 300).toString('base64')}`;
  const raw = f.raw ? `\n    raw (${f.raw})` : '';
  return `${f.problem}: ${f.request.method} ${f.request.path.slice(0, 300)}${raw}\n    headers ${JSON.stringify(f.request.headers).slice(0, 400)}\n    body ${body}\n    answered ${f.answer.status} ${f.answer.body.slice(0, 300)}`;
}

for (const engine of ENGINES) {
  test(`${engine}: ${REQUESTS} fuzzed requests, no 5xx and every error in the contract's shape`, { timeout: 300_000 }, async (t) => {
    console.log(`# fuzz ${engine}: FUZZ_SEED=${SEED} FUZZ_REQUESTS=${REQUESTS}`);
    // Its own process, so the node and the fuzzer each have a core.
    const node = await spawnNode(t, {
      ...(await freshDatabase(t, engine)),
      HOOK_RATE_PER_MINUTE: '1000000',
      // Low bounds, so a raw request the server must wait out (a body that never comes) ends soon.
      HTTP_IDLE_TIMEOUT_MS: '1500', HTTP_HEADERS_TIMEOUT_MS: '1500', HTTP_REQUEST_TIMEOUT_MS: '10000',
      MAX_CONNECTIONS_PER_ADDRESS: '0',
      DELIVERY_TIMEOUT_MS: '500', DELIVERY_RETRY_SCHEDULE: '0s',
    });
    const url = node.url;
    const world: FuzzWorld = { adminAuth: `Bearer ${CHILD_ADMIN_TOKEN}`, adminToken: CHILD_ADMIN_TOKEN, protectedIds: new Set(), ids: new Map(), hookPaths: [], bridgePaths: [], filePaths: [] };
    // Revoking the admin's key, removing the admin from conversations or deleting the one working
    // bridge would make every later request fail early; those ids are never put in a path.
    for (const k of (await node.api('GET', '/api-keys')).json.api_keys ?? []) world.protectedIds.add(k.id);
    world.protectedIds.add((await node.api('GET', '/me')).json.id);
    for (let i = 0; i < 5; i++) {
      const conv = (await node.api('POST', '/conversations', { title: `Fuzz ${i}`, kind: i === 4 ? 'support' : 'team' })).json;
      harvest(world, '/api/v1/conversations', JSON.stringify(conv));
      harvest(world, '/api/v1/conversations/{id}/hooks', JSON.stringify((await node.api('POST', `/conversations/${conv.id}/hooks`, { name: 'Fuzz hook' })).json));
    }
    const bridge = await node.api('POST', '/bridges', { name: 'Fuzz gateway', scope: 'sms', attributes: {}, mapping: GENERIC_MAPPING });
    assert.equal(bridge.status, 201, JSON.stringify(bridge.json));
    world.protectedIds.add(bridge.json.id);
    harvest(world, '/api/v1/bridges', JSON.stringify(bridge.json));
    const routes = routesOf(await (await fetch(`${url}/api/openapi.json`)).json());

    const pool = new Pool(url, { connections: CONCURRENCY, pipelining: 1, keepAliveTimeout: 10_000 });
    t.after(() => pool.close());
    const findings = new Map<string, Finding>();
    const statuses: Record<string, number> = {};
    /** answers by status, code and route: FUZZ_DEBUG=1 prints them, to see what the run reached */
    const reached = new Map<string, number>();
    let sent = 0;
    let raw = 0;
    let closedEarly = 0;
    let unanswered = 0;
    const find = (problem: string, request: FuzzRequest, answer: Answer, rawKind?: string) => {
      const code = /"code":"([^"]*)"/.exec(answer.body)?.[1] ?? '';
      const key = `${problem.split(':')[0]} ${code} ${request.method} ${request.route} ${rawKind ?? ''}`;
      if (!findings.has(key)) findings.set(key, { problem, request, raw: rawKind, answer });
    };
    const record = (request: FuzzRequest, answer: Answer, rawKind?: string) => {
      const status = `${String(answer.status)[0]}xx`;
      statuses[status] = (statuses[status] ?? 0) + 1;
      const key = `${answer.status} ${/"code":"([a-z_]+)"/.exec(answer.body)?.[1] ?? ''} ${request.method} ${request.route}`;
      reached.set(key, (reached.get(key) ?? 0) + 1);
      const problem = check(request.method, answer);
      if (problem) find(problem, request, answer, rawKind);
      else if (answer.status < 300 && !rawKind) harvest(world, request.route, answer.body);
      else if (answer.status === 404 && /"(hook|bridge)_not_found"/.test(answer.body)) forget(world, request.path.split('?')[0]);
    };

    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < REQUESTS) {
        const index = next++;
        // One generator per request: request i of a seed is the same whatever the interleaving.
        const r = new Random(SEED ^ Math.imul(index + 1, 0x9e3779b1));
        const request = generateRequest(r, routes, world);
        const malformed = r.chance(RAW_SHARE);
        sent++;
        try {
          const answer = malformed ? null : await sendWell(pool, request);
          if (answer === 'closed') closedEarly++;
          else if (answer) record(request, answer);
          if (answer) continue;
          // Malformed on purpose, or a request undici will not send: raw bytes on their own socket.
          raw++;
          const bytes = rawRequest(r, request, malformed);
          const answers = await sendRaw(url, bytes);
          if (answers.length === 0) unanswered++;
          for (const a of answers) record(request, a, bytes.kind);
        } catch (error) {
          // No answer in time, or a broken connection: the server hung or crashed on this request.
          find(`no answer (${(error as Error).message})`, request, { status: 0, headers: {}, body: '' });
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (Date.now() - started) / 1000;

    const summary = `fuzz ${engine}: ${sent} requests (${sent - raw} through undici, ${raw} raw) in ${seconds.toFixed(1)} s, ${Math.round(sent / seconds)}/s; answers ${JSON.stringify(statuses)}; ${closedEarly} closed while sending a refused body, ${unanswered} raw closed unanswered; FUZZ_SEED=${SEED}`;
    console.log(`# ${summary}`);
    if (process.env.FUZZ_DEBUG) console.log([...reached].sort((a, b) => b[1] - a[1]).map(([k, n]) => `#   ${n} ${k}`).join('\n'));
    t.diagnostic(summary);
    assert.ok(sent >= REQUESTS);
    assert.ok((statuses['2xx'] ?? 0) > REQUESTS * 0.2, `enough requests reach the handlers and succeed: ${JSON.stringify(statuses)}`);
    const report = [...findings.values()].map(describe);
    const logged = node.log().split('\n').filter((line) => line.includes('"level":50')).slice(0, 5).map((line) => line.slice(0, 1500));
    assert.equal(report.length, 0, `${report.length} kinds of bad answer (FUZZ_SEED=${SEED}):\n  ${report.slice(0, 25).join('\n  ')}\n  the node logged:\n  ${logged.join('\n  ')}`);
    assert.deepEqual(logged, [], 'the node logged no error');
    // The node still serves.
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
  });
}
