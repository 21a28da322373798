/**
 * Authorization, walked: every route the app declares (those in /api/openapi.json and those hidden
 * from it, collected by our own onRoute hook) is called by every kind of caller, against path ids
 * inside and outside its reach, and every answer must be what the policy allows. The expected
 * outcomes come from the permission table, so the escalations of issue 15 are also asserted one by
 * one, without it. SQLite only: authorization does not depend on the engine.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import Fastify, { type FastifyInstance } from 'fastify';
import { authPlugin } from '../../src/api/plugins/auth.ts';
import { PERMISSIONS, type Permission } from '../../src/core/auth/permissions.ts';
import type { CoreContext } from '../../src/core/context.ts';
import { GENERIC_MAPPING } from '../support/bridges.ts';
import { ACTION_BODY, LHC_OPEN_WA, buildWorld, reaches, type Caller, type Target, type World } from './authorization-world.ts';

/** Builds the world while our own onRoute hook, set on the app the moment it exists, lists its routes. */
async function worldWithRoutes(t: TestContext): Promise<{ world: World; routes: string[] }> {
  const routes: string[] = [];
  const onInit = (message: unknown) => {
    (message as { fastify: FastifyInstance }).fastify.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push(`${method} ${route.url}`);
    });
  };
  diagnostics.subscribe('fastify.initialization', onInit);
  try {
    return { world: await buildWorld(t), routes };
  } finally {
    diagnostics.unsubscribe('fastify.initialization', onInit);
  }
}

const unique = () => Math.random().toString(36).slice(2);
const NO_BODY = () => undefined;
/** A plausible valid body for every route that takes one; a new route must add its own here. */
const BODIES: Record<string, (w: World) => object | undefined> = {
  'POST /api/v1/users': () => ({ email: `made-${unique()}@example.test`, name: 'Made', password: 'long enough pw', role: 'admin' }),
  'POST /api/v1/conversations': () => ({ title: 'New' }),
  'PATCH /api/v1/conversations/:id': () => ({ title: 'Renamed' }),
  'POST /api/v1/conversations/:id/members': (w) => ({ user_id: w.extra.id }),
  'POST /api/v1/conversations/:id/messages': () => ({ body: 'hello' }),
  'POST /api/v1/conversations/:id/reply': () => ({ body: 'a bot says hello' }),
  'POST /api/v1/api-keys': () => ({ name: 'minted' }),
  'POST /api/v1/conversations/:id/hooks': () => ({ name: 'another hook' }),
  'PATCH /api/v1/hooks/:id': () => ({ name: 'renamed' }),
  'POST /api/v1/hooks/:id/rotate': NO_BODY,
  'POST /api/v1/conversations/:id/webhooks': () => ({ url: 'http://127.0.0.1:9/', format: 'standard', events: ['case.created'] }),
  'PATCH /api/v1/webhooks/:id': () => ({ events: ['case.created', 'case.updated'] }),
  'POST /api/v1/webhooks/:id/rotate-secret': NO_BODY,
  'POST /api/v1/webhooks/:id/test': NO_BODY,
  'POST /api/v1/webhooks/:id/replay': () => ({ since: '2000-01-01T00:00:00Z' }),
  'POST /api/v1/deliveries/:id/retry': NO_BODY,
  'POST /api/v1/conversations/:id/rules': () => ({ trigger: { keywords: ['never-zq'] }, reply: 'r' }),
  'PATCH /api/v1/rules/:id': () => ({ enabled: false }),
  'POST /api/v1/conversations/:id/actions': () => ACTION_BODY,
  'POST /api/v1/bridges/:id/actions': () => ACTION_BODY,
  'PATCH /api/v1/actions/:id': () => ({ status: 'paused' }),
  'POST /api/v1/bridges': () => ({ name: 'Gateway', mapping: GENERIC_MAPPING }),
  'POST /api/v1/bridges/import': () => ({ incoming: LHC_OPEN_WA }),
  'PATCH /api/v1/bridges/:id': () => ({ name: 'Renamed' }),
  'POST /api/v1/bridges/:id/preview': () => ({ payload: {} }),
  'POST /api/v1/session': (w) => ({ email: w.users.mia.email, password: 'password123' }),
  'POST /api/v1/setup': () => ({ email: 'late@example.test', name: 'Late', password: 'long enough pw' }),
  'POST /hook/:token': () => ({ message: 'hello' }),
  'POST /bridge/:token': () => ({}),
};

/** The resource a path's `:id` names. */
const ID_KINDS: Record<string, string> = {
  conversations: 'conversation', hooks: 'hook', webhooks: 'webhook', deliveries: 'delivery', rules: 'rule',
  actions: 'action', bridges: 'bridge', 'api-keys': 'api_key', files: 'file',
};

/** The routes open without a principal, written out: making any other route open must be argued for here. */
const OPEN_ROUTES = [
  /^(GET|HEAD) \/(healthz|readyz|metrics|api\/openapi\.json|assets\/\*|c\/\*|inbox|settings|settings\/\*)?$/,
  /^(GET|HEAD) \/api\/docs(\/.*)?$/,
  /^(GET|HEAD|POST|DELETE) \/api\/v1\/(session|setup)$/,
];
const CAPABILITY_URLS = ['POST /hook/:token', 'POST /bridge/:token'];

type Outcome = 'any' | 'reached' | 401 | 403 | 404;

function expectedOutcome(permission: Permission, caller: Caller, target: Target | null): Outcome {
  if (permission === 'public') return 'any';
  // Capability URLs are walked with a made-up token: no caller's credentials open them.
  if (permission === 'capability-url') return 404;
  if (caller.kind === null) return 401;
  if (!(PERMISSIONS[permission].who as readonly string[]).includes(caller.kind)) return 403;
  return target && !reaches(caller, target) ? 404 : 'reached';
}

// Open routes may answer anything (readiness 503, "not signed in" 401): they need no decision here.
const satisfies = (outcome: Outcome, status: number) =>
  outcome === 'any' || (outcome === 'reached' ? status >= 200 && status < 300 : status === outcome);

test('every route, every kind of caller, ids inside and outside its reach: only the answers the policy allows', async (t) => {
  const { world, routes } = await worldWithRoutes(t);
  const { app } = world.node;

  const documented = (await app.inject({ url: '/api/openapi.json' })).json();
  for (const [path, methods] of Object.entries<Record<string, unknown>>(documented.paths)) {
    for (const method of Object.keys(methods)) assert.ok(routes.includes(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`), `${method} ${path} is documented but was not seen`);
  }
  const undecided = routes.filter((r) => !app.routePermissions.has(r));
  assert.deepEqual(undecided, [], 'every route declares a permission');
  assert.ok(routes.length > 100, `only ${routes.length} routes seen`);
  for (const route of routes) {
    const permission = app.routePermissions.get(route);
    assert.equal(permission === 'public', OPEN_ROUTES.some((open) => open.test(route)), `${route} is ${permission}`);
    assert.equal(permission === 'capability-url', CAPABILITY_URLS.includes(route), `${route} is ${permission}`);
  }

  const failures: string[] = [];
  let calls = 0;
  for (const route of routes) {
    const [method, pattern] = route.split(' ');
    const permission = app.routePermissions.get(route)!;
    const body = BODIES[route];
    if (['POST', 'PATCH', 'PUT'].includes(method)) assert.ok(body, `${route}: add a plausible body to BODIES`);
    const idKind = pattern.includes(':id') ? ID_KINDS[/\/([\w-]+)\/:id/.exec(pattern)![1]] : null;
    assert.ok(idKind !== undefined, `${route}: teach the walk what its :id names (ID_KINDS)`);
    const unknownParam = pattern.match(/:(?!id\b|userId\b|name\b|token\b)\w+/);
    assert.equal(unknownParam, null, `${route}: teach the walk its path parameter ${unknownParam?.[0]}`);

    for (const caller of world.callers) {
      const targets = idKind ? await world.targets(idKind, caller, method === 'DELETE') : [null];
      for (const target of targets) {
        let url = pattern.replace(':token', 'no-such-token-0123456789abcdef').replace(':name', 'f.txt').replaceAll('*', 'x');
        if (target) url = url.replace(':id', target.id);
        if (url.includes(':userId')) url = url.replace(':userId', await world.inConversation(target!.conversation!).member());
        const expected = expectedOutcome(permission, caller, target);
        const status = await call(app, world.node.config.publicUrl, method, url, caller.headers(method), body?.(world));
        calls++;
        if (!satisfies(expected, status.code)) failures.push(`${route} by ${caller.name}${target ? ` on ${target.label}` : ''} [${permission}]: expected ${expected}, got ${status.code} ${status.body.slice(0, 160)}`);
        // Signing out ends Mia's browser session; the callers after need it again.
        if (route === 'DELETE /api/v1/session') await world.renewSession();
      }
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${calls} calls answered against the policy`);
});

/** One call through app.inject; an event stream over a real connection, answered by its headers, then let go. */
async function call(app: FastifyInstance, base: string, method: string, url: string, headers: Record<string, string>, payload: object | undefined): Promise<{ code: number; body: string }> {
  if (url.endsWith('/events')) {
    const controller = new AbortController();
    const res = await fetch(base + url, { method, headers, signal: controller.signal });
    controller.abort();
    return { code: res.status, body: '' };
  }
  const res = await app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload }) });
  return { code: res.statusCode, body: res.body };
}

test('the escalations of issue 15, one by one: a scoped key acts only inside its conversations', async (t) => {
  const world = await buildWorld(t);
  const { app } = world.node;
  const [miaScoped, adminScoped, miaKey] = (['miaScoped', 'adminScoped', 'miaKey'] as const).map(world.caller);
  const as = (caller: Caller, method: string, url: string, payload?: object) =>
    app.inject({ method: method as 'GET', url: `/api/v1${url}`, headers: caller.headers(method), ...(payload ? { payload } : {}) });
  const refused = async (caller: Caller, method: string, url: string, payload?: object) => {
    const res = await as(caller, method, url, payload);
    assert.equal(res.statusCode, 403, `${caller.name}: ${method} ${url} answered ${res.statusCode} ${res.body}`);
    assert.equal(res.json().error.code, 'forbidden');
    assert.match(res.json().error.message, /cannot/);
  };
  const { A1, A2 } = world.conv;
  const miaOtherKey = (await world.targets('api_key', miaKey, true))[0].id;

  for (const scoped of [miaScoped, adminScoped]) {
    await refused(scoped, 'POST', '/api-keys', { name: 'unscoped' });
    await refused(scoped, 'POST', '/api-keys', { name: 'same scope', conversation_ids: [A1] });
    await refused(scoped, 'GET', '/api-keys');
    await refused(scoped, 'POST', '/conversations', { title: 'mine now' });
    await refused(scoped, 'POST', `/conversations/${A1}/members`, { user_id: world.extra.id });
    await refused(scoped, 'POST', `/conversations/${A1}/hooks`, { name: 'outlives the key' });
    await refused(scoped, 'POST', `/conversations/${A1}/webhooks`, { url: 'http://127.0.0.1:9/', format: 'standard' });
    await refused(scoped, 'POST', '/bridges', { name: 'Gateway', mapping: GENERIC_MAPPING });
    await refused(scoped, 'POST', '/users', { email: `e-${unique()}@example.test`, name: 'Eve', role: 'admin' });
    await refused(scoped, 'GET', '/users');
    assert.equal((await as(scoped, 'GET', `/conversations/${A2}/messages`)).statusCode, 404, 'outside its scope');
    // Inside its conversation it reads and writes.
    assert.equal((await as(scoped, 'GET', `/conversations/${A1}/messages`)).statusCode, 200);
    assert.equal((await as(scoped, 'POST', `/conversations/${A1}/messages`, { body: 'hi' })).statusCode, 201);
    assert.equal((await as(scoped, 'POST', `/conversations/${A1}/reply`, { body: 'hi' })).statusCode, 201);
    assert.equal((await as(scoped, 'GET', `/conversations/${A1}/cases`)).statusCode, 200);
  }
  await refused(miaScoped, 'DELETE', `/api-keys/${miaOtherKey}`);
  assert.equal((await app.inject({ url: '/api/v1/api-keys', headers: miaKey.headers('GET') })).json().api_keys.some((k: { id: string }) => k.id === miaOtherKey), true, 'the key was not revoked');
  const admins = await world.node.ctx.store.db.selectFrom('users').select('id').where('role', '=', 'admin').execute();
  assert.equal(admins.length, 1, 'no admin was made');
  // A member's unscoped key manages keys, but not users.
  assert.equal((await as(miaKey, 'POST', '/api-keys', { name: 'fine' })).statusCode, 201);
  await refused(miaKey, 'POST', '/users', { email: `e-${unique()}@example.test`, name: 'Eve', role: 'admin' });
});

test('a route that declares no permission, or one the table does not know, does not start', async () => {
  const app = Fastify();
  await app.register(authPlugin, { ctx: {} as CoreContext });
  assert.throws(() => app.get('/undecided', async () => 'x'), /GET \/undecided: declare config\.permission/);
  assert.throws(() => app.post('/typo', { config: { permission: 'conversation.reed' as Permission } }, async () => 'x'), /declare config\.permission/);
  app.get('/decided', { config: { permission: 'public' } }, async () => 'ok');
  assert.equal((await app.inject({ url: '/decided' })).body, 'ok');
  await app.close();
});
