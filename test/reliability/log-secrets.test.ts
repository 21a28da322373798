/**
 * No secret reaches the logs. A node runs as users run it (its own process, LOG_LEVEL=info, every
 * request logged) and is driven through every way a credential travels: hook and bridge URLs, rotated
 * and deleted hooks, undecodable and over-long secret URLs, `?auth_token=` on the reply route, API
 * keys and the admin token as Bearer, a password sign-in and its session cookie and CSRF token,
 * webhook secrets and a receiver URL with a token in its query. Then the whole log is searched for
 * every secret the test created or was given.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHILD_ADMIN_TOKEN, spawnNode } from '../support/child-node.ts';
import { ENGINES } from '../support/engines.ts';
import { GENERIC_MAPPING, gatewayPost } from '../support/bridges.ts';
import { startReceiver } from '../support/receiver.ts';
import { freshDatabase } from '../support/runtime.ts';

const tokenOf = (url: string) => new URL(url).pathname.split('/').pop()!;

for (const engine of ENGINES) {
  test(`${engine}: no hook, bridge or API token, session, CSRF token, webhook secret or password is ever logged`, async (t) => {
    const receiver = await startReceiver(t);
    const database = await freshDatabase(t, engine);
    const node = await spawnNode(t, { ...database, LOG_LEVEL: 'info', LOG_REQUESTS: 'true', OUTGOING_ALLOWED_NETS: '127.0.0.1/32', DELIVERY_RETRY_SCHEDULE: '0s' });
    const secrets: Record<string, string> = { 'admin token': CHILD_ADMIN_TOKEN };
    const call = async (method: string, path: string, init: { headers?: Record<string, string>; body?: BodyInit } = {}) => {
      const res = await fetch(`${node.url}${path}`, { method, headers: init.headers, body: init.body });
      const text = await res.text();
      return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
    };
    const admin = { authorization: `Bearer ${CHILD_ADMIN_TOKEN}`, 'content-type': 'application/json' };

    const conv = (await node.api('POST', '/conversations', { title: 'Secrets' })).json;
    const hook = (await node.api('POST', `/conversations/${conv.id}/hooks`, { name: 'Monitor' })).json;
    secrets['hook token'] = tokenOf(hook.url);
    const hookPath = new URL(hook.url).pathname;
    assert.equal((await call('POST', hookPath, { headers: { 'content-type': 'application/json' }, body: '{"message":"json"}' })).status, 200);
    assert.equal((await call('POST', `${hookPath}?wait=true&dialect=discord`, { headers: { 'content-type': 'application/json' }, body: '{"content":"discord"}' })).status, 200);
    assert.equal((await call('POST', hookPath, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'message=form' })).status, 200);
    const form = new FormData();
    form.append('message', 'multipart');
    form.append('files', new Blob(['file']), 'a.txt');
    assert.equal((await call('POST', hookPath, { body: form })).status, 200);
    // Secret URLs the router cannot match or decode, and one over maxParamLength.
    assert.equal((await call('POST', `${hookPath}/extra`)).status, 404);
    assert.equal((await call('POST', `${hookPath}%zz`)).status, 400);
    assert.equal((await call('POST', `${hookPath}${'x'.repeat(200)}`)).status, 414);

    const rotated = (await node.api('POST', `/hooks/${hook.id}/rotate`)).json;
    secrets['rotated hook token'] = tokenOf(rotated.url);
    assert.equal((await call('POST', hookPath, { headers: { 'content-type': 'application/json' }, body: '{"message":"old"}' })).status, 404);
    assert.equal((await call('POST', new URL(rotated.url).pathname, { headers: { 'content-type': 'application/json' }, body: '{"message":"new"}' })).status, 200);

    const bridge = (await node.api('POST', '/bridges', { name: 'Gateway', scope: 'sms', attributes: {}, mapping: GENERIC_MAPPING })).json;
    secrets['bridge token'] = tokenOf(bridge.url);
    const bridgePost = await call('POST', new URL(bridge.url).pathname, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(gatewayPost({ id: 'm1', text: 'hi', chat: { id: 'c1', name: 'Visitor' } })) });
    assert.equal(bridgePost.status, 200, bridgePost.text);

    const key = (await node.api('POST', '/api-keys', { name: 'Bot' })).json;
    secrets['API key'] = key.token;
    secrets['unknown API key'] = 'sb_thisKeyDoesNotExist0123456789';
    assert.equal((await call('GET', '/api/v1/me', { headers: { authorization: `Bearer ${key.token}` } })).status, 200);
    assert.equal((await call('GET', '/api/v1/me', { headers: { authorization: `Bearer ${secrets['unknown API key']}` } })).status, 401);
    const form1 = { 'content-type': 'application/x-www-form-urlencoded' };
    assert.equal((await call('POST', `/api/v1/conversations/${conv.id}/reply?auth_token=${key.token}`, { headers: form1, body: 'body=as+a+bot' })).status, 201);
    assert.equal((await call('POST', `/api/v1/conversations/${conv.id}/reply?auth_token=${encodeURIComponent(CHILD_ADMIN_TOKEN)}&x=1`, { headers: form1, body: 'body=as+admin' })).status, 201);
    assert.equal((await call('POST', `/api/v1/conversations/${conv.id}/reply?x=1&auth_token=${secrets['unknown API key']}`, { headers: form1, body: 'body=no' })).status, 401);

    secrets.password = 'correct-horse-battery-staple-42';
    const email = `operator-${engine}@example.test`;
    assert.equal((await call('POST', '/api/v1/users', { headers: admin, body: JSON.stringify({ email, name: 'Operator', password: secrets.password }) })).status, 201);
    assert.equal((await call('POST', '/api/v1/session', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'wrong-password-123' }) })).status, 401);
    const signIn = await call('POST', '/api/v1/session', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: secrets.password }) });
    assert.equal(signIn.status, 200, signIn.text);
    const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('sb_session='))!.split(';')[0];
    secrets['session id'] = cookie.slice('sb_session='.length);
    secrets['CSRF token'] = signIn.json().csrf_token;
    assert.equal((await call('GET', '/api/v1/session', { headers: { cookie } })).status, 200);
    const created = await call('POST', '/api/v1/conversations', { headers: { cookie, 'x-csrf-token': secrets['CSRF token'], 'content-type': 'application/json' }, body: '{"title":"By cookie"}' });
    assert.equal(created.status, 201, created.text);

    secrets['receiver URL token'] = 'rcv-query-secret-8f3a1c';
    const webhook = (await node.api('POST', `/conversations/${conv.id}/webhooks`, { url: `${receiver.url}/in?token=${secrets['receiver URL token']}`, format: 'standard' })).json;
    secrets['webhook secret'] = webhook.secret;
    secrets['rotated webhook secret'] = (await node.api('POST', `/webhooks/${webhook.id}/rotate-secret`)).json.secret;
    const dead = (await node.api('POST', `/conversations/${conv.id}/webhooks`, { url: `http://127.0.0.1:1/in?token=${secrets['receiver URL token']}`, format: 'fleep' })).json;
    secrets['dead webhook secret'] = dead.secret;
    assert.equal((await node.api('POST', `/conversations/${conv.id}/messages`, { body: 'to the webhooks' })).status, 201);
    await receiver.waitFor(1);

    await node.kill('SIGTERM');
    const log = node.log();
    // The requests were logged, with their secrets replaced.
    assert.match(log, /"url":"\/hook\/\[redacted\]"/);
    assert.match(log, /"url":"\/hook\/\[redacted\]\?wait=true&dialect=discord"/);
    assert.match(log, /"url":"\/bridge\/\[redacted\]"/);
    assert.match(log, /auth_token=\[redacted\]/);
    assert.match(log, /"url":"\/api\/v1\/session"/);
    for (const [what, secret] of Object.entries(secrets)) {
      assert.ok(secret && secret.length >= 8, `${what} is a real secret`);
      const at = log.indexOf(secret);
      assert.equal(at, -1, `the ${what} is in the log: …${log.slice(Math.max(0, at - 300), at + secret.length + 100)}…`);
      const encoded = encodeURIComponent(secret);
      assert.equal(log.indexOf(encoded), -1, `the ${what} is in the log, URL-encoded`);
    }
  });
}
