import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ENGINES } from '../../../test/support/engines.ts';
import { startEmptyNode } from '../../../test/support/empty-node.ts';
import { startNode } from '../../../test/support/runtime.ts';

type Injected = { cookies: { name: string; value: string; httpOnly?: boolean; sameSite?: string; secure?: boolean; path?: string; expires?: Date }[] };
const sessionCookieOf = (res: Injected) => res.cookies.find((c) => c.name === 'sb_session');

for (const engine of ENGINES) {
  test(`${engine}: first-run set-up creates the first admin once and signs in`, async (t) => {
    const node = await startEmptyNode(t, engine);
    const { app } = node;
    assert.deepEqual((await app.inject({ url: '/api/v1/setup' })).json(), { needs_setup: true, signed_in: false });

    const short = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { email: 'ada@example.test', name: 'Ada', password: 'short' } });
    assert.equal(short.statusCode, 422);

    const done = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { email: 'Ada@Example.test', name: 'Ada', password: 'correct horse' } });
    assert.equal(done.statusCode, 201);
    assert.equal(done.json().user.role, 'admin');
    assert.equal(done.json().user.email, 'ada@example.test');
    const cookie = sessionCookieOf(done);
    assert.ok(cookie, 'set-up signs in');
    const headers = { cookie: `sb_session=${cookie.value}` };
    assert.deepEqual((await app.inject({ url: '/api/v1/setup', headers })).json(), { needs_setup: false, signed_in: true });
    assert.equal((await app.inject({ url: '/api/v1/me', headers })).json().email, 'ada@example.test');

    const again = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { email: 'eve@example.test', name: 'Eve', password: 'correct horse' } });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'conflict');
    const users = await node.ctx.store.db.selectFrom('users').select('email').execute();
    assert.deepEqual(users.map((u) => u.email), ['ada@example.test']);
  });

  test(`${engine}: racing set-ups create exactly one admin`, async (t) => {
    const { app, ctx } = await startEmptyNode(t, engine);
    const results = await Promise.all(['a', 'b', 'c'].map((n) => app.inject({ method: 'POST', url: '/api/v1/setup', payload: { email: `${n}@example.test`, name: n, password: 'correct horse' } })));
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 409, 409]);
    assert.equal((await ctx.store.db.selectFrom('users').selectAll().execute()).length, 1);
  });

  test(`${engine}: sign-in sets an HttpOnly SameSite=Strict cookie whose id is stored only hashed`, async (t) => {
    const node = await startNode(t, engine);
    const { app } = node;
    const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: node.admin.email.toUpperCase(), password: 'password123' } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().user.id, node.admin.id);
    const cookie = sessionCookieOf(res)!;
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    assert.equal(cookie.path, '/');
    assert.equal(cookie.secure, undefined, 'not Secure over http');
    assert.ok(cookie.expires && cookie.expires.getTime() > Date.now() + 13 * 86_400_000, 'lasts SESSION_TTL_HOURS (14 days by default)');
    assert.ok(Buffer.from(cookie.value, 'base64url').length >= 32, '256-bit id');

    const rows = await node.ctx.store.db.selectFrom('sessions').selectAll().execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].id_hash, createHash('sha256').update(cookie.value).digest('hex'));
    assert.equal(rows[0].csrf_token, res.json().csrf_token);

    const headers = { cookie: `sb_session=${cookie.value}` };
    assert.deepEqual((await app.inject({ url: '/api/v1/session', headers })).json(), res.json());
    assert.equal((await app.inject({ url: '/api/v1/me', headers })).json().id, node.admin.id);
  });

  test(`${engine}: unknown email and wrong password get the same 401`, async (t) => {
    const node = await startNode(t, engine);
    const cases = [
      { name: 'wrong password', email: node.admin.email, password: 'password124' },
      { name: 'unknown email', email: 'nobody@example.test', password: 'password123' },
    ];
    const bodies = [];
    for (const c of cases) {
      const res = await node.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: c.email, password: c.password } });
      assert.equal(res.statusCode, 401, c.name);
      assert.equal(sessionCookieOf(res), undefined, c.name);
      bodies.push(res.json());
    }
    assert.equal(bodies[0].error.code, 'unauthorized');
    assert.deepEqual(bodies[0], bodies[1]);
    assert.equal((await node.app.inject({ url: '/api/v1/session' })).statusCode, 401);
  });

  test(`${engine}: sign-out needs the CSRF token, then the cookie is dead`, async (t) => {
    const node = await startNode(t, engine);
    const res = await node.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: node.admin.email, password: 'password123' } });
    const cookie = `sb_session=${sessionCookieOf(res)!.value}`;
    const forged = await node.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie } });
    assert.equal(forged.statusCode, 403);
    assert.equal(forged.json().error.code, 'forbidden');
    const out = await node.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie, 'x-csrf-token': res.json().csrf_token } });
    assert.equal(out.statusCode, 204);
    assert.ok(sessionCookieOf(out)!.expires!.getTime() <= Date.now(), 'the cookie is cleared');
    assert.equal((await node.app.inject({ url: '/api/v1/me', headers: { cookie } })).statusCode, 401);
    assert.equal((await node.ctx.store.db.selectFrom('sessions').selectAll().execute()).length, 0);
  });

  test(`${engine}: cookie requests with unsafe methods need x-csrf-token; bearer requests do not`, async (t) => {
    const node = await startNode(t, engine);
    const res = await node.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: node.admin.email, password: 'password123' } });
    const cookie = `sb_session=${sessionCookieOf(res)!.value}`;
    const csrf = res.json().csrf_token as string;
    const cases: { name: string; headers: Record<string, string>; status: number }[] = [
      { name: 'cookie, no token', headers: { cookie }, status: 403 },
      { name: 'cookie, wrong token', headers: { cookie, 'x-csrf-token': `${csrf.slice(0, -1)}x` }, status: 403 },
      { name: 'cookie, empty token', headers: { cookie, 'x-csrf-token': '' }, status: 403 },
      { name: 'cookie, right token', headers: { cookie, 'x-csrf-token': csrf }, status: 201 },
      { name: 'bearer, no token', headers: node.auth, status: 201 },
      { name: 'bearer and cookie, no token', headers: { ...node.auth, cookie }, status: 201 },
    ];
    for (const c of cases) {
      const r = await node.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: c.headers, payload: { title: c.name } });
      assert.equal(r.statusCode, c.status, `${c.name}: ${r.body}`);
    }
    assert.equal((await node.app.inject({ url: '/api/v1/conversations', headers: { cookie } })).statusCode, 200, 'safe methods need no token');
  });

  test(`${engine}: sessions expire after SESSION_TTL_HOURS and are Secure behind https`, async (t) => {
    const node = await startNode(t, engine, { SESSION_TTL_HOURS: '0', PUBLIC_URL: 'https://chat.example.test' });
    const res = await node.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: node.admin.email, password: 'password123' } });
    const cookie = sessionCookieOf(res)!;
    assert.equal(cookie.secure, true);
    assert.equal((await node.app.inject({ url: '/api/v1/me', headers: { cookie: `sb_session=${cookie.value}` } })).statusCode, 401, 'expired at once');
    assert.equal((await node.app.inject({ url: '/api/v1/session', headers: { cookie: 'sb_session=made-up' } })).statusCode, 401);
  });

  test(`${engine}: password attempts are rate limited per client (SIGN_IN_RATE_PER_MINUTE)`, async (t) => {
    const node = await startNode(t, engine, { SIGN_IN_RATE_PER_MINUTE: '3' });
    const attempt = () => node.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: node.admin.email, password: 'guess-guess' } });
    for (let i = 0; i < 3; i++) assert.equal((await attempt()).statusCode, 401);
    const limited = await attempt();
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().error.code, 'rate_limited');
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assert.equal((await node.app.inject({ url: '/api/v1/me', headers: node.auth })).statusCode, 200, 'other routes are not limited');
  });
}
