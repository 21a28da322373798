/**
 * Actions end to end against a receiver on 127.0.0.1: conditions decide whether a call goes out,
 * JSON bodies get JSON-encoded values, bridge-scoped actions fire in every conversation of the
 * bridge, bad definitions are 422 naming the field, a private target is refused by the SSRF guard,
 * and a dead call is sent again with POST /deliveries/{id}/retry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importOpenWa, openWaMessage, waitForLog, writeAsOperator } from '../support/actions.ts';
import { postToBridge } from '../support/bridges.ts';
import { ENGINES } from '../support/engines.ts';
import { startReceiver } from '../support/receiver.ts';
import { startNode, type TestNode } from '../support/runtime.ts';
import { FAST_DELIVERY_ENV, newConversation } from '../support/webhooks.ts';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

async function addAction(node: TestNode, path: string, body: Record<string, unknown>) {
  const res = await node.app.inject({ method: 'POST', url: `/api/v1/${path}/actions`, headers: node.auth, payload: body });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; deliveries: string };
}

for (const engine of ENGINES) {
  test(`${engine}: an action fires only when its conditions hold`, async (t) => {
    const node = await startNode(t, engine, FAST_DELIVERY_ENV);
    const receiver = await startReceiver(t);
    const conv = await newConversation(node);
    const action = await addAction(node, `conversations/${conv.id}`, {
      event: 'message.created',
      conditions: [{ path: 'message.sender.type', op: '=', value: 'user' }, { path: 'message.body', op: 'contains', value: 'urgent' }, { path: 'case', op: 'absent' }],
      request: { method: 'POST', url: `${receiver.url}/page`, headers: JSON_HEADERS, body: '{"text": {{message.body}}, "conversation": {{chat.id}}}' },
    });
    assert.equal(action.deliveries, `/api/v1/actions/${action.id}/deliveries`);
    await writeAsOperator(node, conv.id, 'just saying hi');
    await writeAsOperator(node, conv.id, 'urgent: the "server" is down');
    // Both writes have returned, and an action's deliveries are written in its message's transaction:
    // the log already holds every call either message makes, so one delivered call is all there is.
    const log = await waitForLog(node, action.deliveries, (ds) => ds.length === 1 && ds[0].status === 'delivered');
    assert.equal(receiver.received.length, 1);
    assert.deepEqual(JSON.parse(receiver.received[0].body), { text: 'urgent: the "server" is down', conversation: conv.id });
    assert.equal(log[0].conversation_id, conv.id);

    // Paused: nothing more goes out. A marker action fires on the same message, to its own receiver:
    // once its call is delivered, the paused one, due as early, would have been claimed too.
    assert.equal((await node.app.inject({ method: 'PATCH', url: `/api/v1/actions/${action.id}`, headers: node.auth, payload: { status: 'paused' } })).statusCode, 200);
    const markerReceiver = await startReceiver(t);
    const marker = await addAction(node, `conversations/${conv.id}`, { event: 'message.created', request: { method: 'POST', url: `${markerReceiver.url}/marker`, headers: JSON_HEADERS, body: '{"text": {{message.body}}}' } });
    await writeAsOperator(node, conv.id, 'urgent again');
    await waitForLog(node, marker.deliveries, (ds) => ds.length === 1 && ds[0].status === 'delivered');
    assert.deepEqual(markerReceiver.received.map((r) => JSON.parse(r.body).text), ['urgent again']);
    assert.equal(receiver.received.length, 1);
    assert.equal((await waitForLog(node, action.deliveries, () => true)).length, 1, 'the paused action made no call');
    assert.equal((await node.app.inject({ method: 'DELETE', url: `/api/v1/actions/${marker.id}`, headers: node.auth })).statusCode, 204);
    const listed = await node.app.inject({ url: `/api/v1/conversations/${conv.id}/actions`, headers: node.auth });
    assert.deepEqual(listed.json().actions.map((a: { status: string }) => a.status), ['paused']);
    const outsider = await node.newUser('Outsider');
    assert.equal((await node.app.inject({ url: `/api/v1/actions/${action.id}`, headers: outsider.auth })).statusCode, 404);
    assert.equal((await node.app.inject({ method: 'DELETE', url: `/api/v1/actions/${action.id}`, headers: node.auth })).statusCode, 204);
    assert.equal((await node.app.inject({ url: action.deliveries, headers: node.auth })).statusCode, 404);
  });

  test(`${engine}: a bridge's action fires in its conversations with the bridge's values`, async (t) => {
    const node = await startNode(t, engine, FAST_DELIVERY_ENV, { listen: true });
    const gateway = await startReceiver(t);
    const bridge = await importOpenWa(node, gateway.url);
    const action = await addAction(node, `bridges/${bridge.id}`, {
      event: 'message.created',
      conditions: [{ path: 'message.direction', op: '=', value: 'in' }, { path: 'bridge.scope', op: 'present' }, { path: 'conversation.kind', op: '=', value: 'support' }],
      request: { method: 'PUT', url: '{{bridge.attributes.host}}/crm/{{chat.external_id}}', headers: { ...JSON_HEADERS, 'X-Token': '{{bridge.attributes.token}}' }, body: '{"scope": {{bridge.scope}}, "said": {{message.body}}}' },
    });
    const first = await postToBridge(bridge.url, openWaMessage('37060000002@c.us', 'hi from A'));
    const second = await postToBridge(bridge.url, openWaMessage('37060000003@c.us', 'hi from B'));
    await writeAsOperator(node, first.json.conversation_id, 'an operator answer (direction out)');
    const log = await waitForLog(node, action.deliveries, (ds) => ds.filter((d) => d.status === 'delivered').length === 2);
    assert.deepEqual(new Set(log.map((d) => d.conversation_id)), new Set([first.json.conversation_id, second.json.conversation_id]));
    const crm = gateway.received.filter((r) => r.path.startsWith('/crm/'));
    assert.deepEqual(crm.map((r) => [r.method, r.path]).sort(), [['PUT', '/crm/37060000002%40c.us'], ['PUT', '/crm/37060000003%40c.us']]);
    assert.equal(crm[0].headers['x-token'], bridge.attributes.token);
    assert.deepEqual(crm.map((r) => JSON.parse(r.body).said).sort(), ['hi from A', 'hi from B']);
  });

  test(`${engine}: invalid actions are 422 naming the field; nothing is stored`, async (t) => {
    const node = await startNode(t, engine);
    const conv = await newConversation(node);
    const request = { method: 'POST', url: 'http://127.0.0.1:9/x', headers: JSON_HEADERS, body: '{"a": {{message.body}}}' };
    const cases: [string, Record<string, unknown>][] = [
      ['request.body', { event: 'message.created', request: { ...request, body: '{"a": {{message.body}' } }],
      ['request.body', { event: 'message.created', request: { ...request, body: '{"a": {{message.body}} ' } }],
      ['request.body', { event: 'message.created', request: { ...request, body: '{"a": {{message.secret}}}' } }],
      ['request.url', { event: 'message.created', request: { ...request, url: 'ftp://example.test/x' } }],
      ['request.method', { event: 'message.created', request: { ...request, method: 'TRACE' } }],
      ['request', { event: 'message.created' }],
      ['event', { event: 'message.deleted', request }],
      ['conditions[0].path', { event: 'message.created', request, conditions: [{ path: 'secrets.token', op: '=', value: 'x' }] }],
      ['conditions[1].op', { event: 'message.created', request, conditions: [{ path: 'message.body', op: '=', value: 'x' }, { path: 'message.body', op: 'like', value: 'x' }] }],
      ['conditions[0].value', { event: 'message.created', request, conditions: [{ path: 'message.body', op: 'contains' }] }],
      ['colour', { event: 'message.created', request, colour: 'red' }],
    ];
    for (const [field, body] of cases) {
      const res = await node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/actions`, headers: node.auth, payload: body });
      assert.equal(res.statusCode, 422, `${field}: ${res.body}`);
      assert.equal(res.json().error.code, 'invalid_field');
      assert.ok(res.json().error.message.startsWith(`${field}: `), `${field} expected, got ${res.json().error.message}`);
    }
    const good = await addAction(node, `conversations/${conv.id}`, { event: 'case.created', request });
    const patched = await node.app.inject({ method: 'PATCH', url: `/api/v1/actions/${good.id}`, headers: node.auth, payload: { request: { ...request, headers: { 'Content-Length': '5' } } } });
    assert.equal(patched.statusCode, 422);
    assert.match(patched.json().error.message, /^request\.headers\.Content-Length: /);
    const listed = await node.app.inject({ url: `/api/v1/conversations/${conv.id}/actions`, headers: node.auth });
    assert.deepEqual(listed.json().actions.map((a: { id: string; request: { headers: unknown } }) => [a.id, a.request.headers]), [[good.id, JSON_HEADERS]]);
  });

  test(`${engine}: a target outside OUTGOING_ALLOWED_NETS is refused; a dead call is retried by hand`, async (t) => {
    const node = await startNode(t, engine, FAST_DELIVERY_ENV);
    const forbidden = await startReceiver(t, undefined, '127.0.0.2');
    const flaky = await startReceiver(t, () => ({ status: 500 }));
    const conv = await newConversation(node);
    const refused = await addAction(node, `conversations/${conv.id}`, { event: 'message.created', request: { method: 'POST', url: `${forbidden.url}/x`, headers: {}, body: '{{message.body}}' } });
    const failing = await addAction(node, `conversations/${conv.id}`, { event: 'message.created', request: { method: 'POST', url: `${flaky.url}/x`, headers: {}, body: '{{message.body}}' } });
    await writeAsOperator(node, conv.id, 'hello');

    const [blocked] = await waitForLog(node, refused.deliveries, (ds) => ds[0]?.status === 'dead');
    assert.equal(blocked.attempts, 1, 'refused at once, not retried');
    assert.match(blocked.last_error!, /^forbidden_address: refusing to connect to 127\.0\.0\.2/);
    assert.equal(forbidden.received.length, 0);

    const [dead] = await waitForLog(node, failing.deliveries, (ds) => ds[0]?.status === 'dead');
    assert.equal(dead.attempts, 4, 'the whole schedule was tried');
    flaky.respond = () => ({ status: 200 });
    const retry = await node.app.inject({ method: 'POST', url: `/api/v1/deliveries/${dead.id}/retry`, headers: node.auth });
    assert.equal(retry.statusCode, 202, retry.body);
    const [done] = await waitForLog(node, failing.deliveries, (ds) => ds[0]?.status === 'delivered');
    assert.equal(done.attempt_log.at(-1)!.manual, true);
    assert.equal(flaky.received.at(-1)!.body, 'hello');
  });
}
