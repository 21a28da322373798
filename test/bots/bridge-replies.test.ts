/**
 * Bridge replies end to end: an open-wa bridge imported from our preset (in Live Helper Chat's
 * export format), its `host` aimed at a fake gateway on 127.0.0.1. A visitor writes through the
 * bridge URL, an operator answers through the API, and the gateway receives the preset's templated
 * REST call; the gateway's own (from-our-side) messages are not sent back; files use the file
 * variant, one call per file; a gateway that is down gets the call once it is up again, every
 * attempt logged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importOpenWa, openWaMessage, waitForLog, writeAsOperator } from '../support/actions.ts';
import { postToBridge } from '../support/bridges.ts';
import { ENGINES } from '../support/engines.ts';
import { startReceiver } from '../support/receiver.ts';
import { startNode } from '../support/runtime.ts';
import { FAST_DELIVERY_ENV } from '../support/webhooks.ts';

const CHAT = '37060000001@c.us';
const delivered = (count: number) => (ds: { status: string }[]) => ds.length === count && ds.every((d) => d.status === 'delivered');

for (const engine of ENGINES) {
  test(`${engine}: an operator's reply reaches the gateway as the preset's REST call; the gateway's own messages do not`, async (t) => {
    const node = await startNode(t, engine, FAST_DELIVERY_ENV, { listen: true });
    const gateway = await startReceiver(t);
    const bridge = await importOpenWa(node, gateway.url);
    // The gateway reports messages sent from the phone with fromMe: those are our side's, stored by the bridge.
    const mapping = { ...bridge.mapping, kinds: bridge.mapping.kinds.map((k: any) => (k.kind === 'text' ? { ...k, operator_condition: 'fromMe=true' } : k)) };
    assert.equal((await node.app.inject({ method: 'PATCH', url: `/api/v1/bridges/${bridge.id}`, headers: node.auth, payload: { mapping } })).statusCode, 200);

    const incoming = await postToBridge(bridge.url, openWaMessage(CHAT, 'Sveiki, is there a delivery tomorrow?'));
    assert.equal(incoming.json.result, 'stored', JSON.stringify(incoming.json));
    const conversationId = incoming.json.conversation_id as string;
    const fromPhone = await postToBridge(bridge.url, openWaMessage(CHAT, 'typed on the phone', { fromMe: true }));
    assert.equal(fromPhone.json.result, 'stored', JSON.stringify(fromPhone.json));
    await writeAsOperator(node, conversationId, 'Yes, "tomorrow" between 9 and 12');

    // All three posts have returned, and reply calls are written in their message's transaction: the
    // log already holds every call, so one delivered call means nothing else may follow.
    const log = await waitForLog(node, `/api/v1/bridges/${bridge.id}/reply/deliveries`, delivered(1));
    assert.equal(log[0].conversation_id, conversationId);
    assert.equal(gateway.received.length, 1, 'only the operator’s message went out');
    const [call] = gateway.received;
    assert.equal(call.method, 'POST');
    assert.equal(call.path, '/sendText');
    assert.match(String(call.headers['content-type']), /json/);
    assert.deepEqual(JSON.parse(call.body), { args: { to: CHAT, content: 'Yes, "tomorrow" between 9 and 12' } });
    assert.equal(log[0].attempt_log.length, 1);
    assert.equal(log[0].attempt_log[0].status_code, 200);

    // The conversation's webhook list does not show the reply's carrier.
    const hooks = await node.app.inject({ url: `/api/v1/conversations/${conversationId}/webhooks`, headers: node.auth });
    assert.deepEqual(hooks.json().webhooks, []);
  });

  test(`${engine}: a file reply uses the file variant, one call per file, the text its own call`, async (t) => {
    const node = await startNode(t, engine, FAST_DELIVERY_ENV, { listen: true });
    const gateway = await startReceiver(t);
    const bridge = await importOpenWa(node, gateway.url);
    const incoming = await postToBridge(bridge.url, openWaMessage(CHAT, 'send me the invoice'));
    const conversationId = incoming.json.conversation_id as string;
    // Files on our side come through a hook of the conversation (e.g. a CRM posting the invoice).
    const hook = (await node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conversationId}/hooks`, headers: node.auth, payload: { name: 'CRM' } })).json();
    const form = new FormData();
    form.append('message', 'here it is');
    form.append('files', new Blob(['%PDF-1.4 invoice'], { type: 'application/pdf' }), 'invoice.pdf');
    form.append('files', new Blob(['a,b'], { type: 'text/csv' }), 'items.csv');
    const posted = await fetch(hook.url, { method: 'POST', body: form });
    assert.equal(posted.status, 200, await posted.text());

    const log = await waitForLog(node, `/api/v1/bridges/${bridge.id}/reply/deliveries`, delivered(3));
    assert.deepEqual(log.map((d) => d.part).sort(), [0, 1, null].sort());
    const byPath = Map.groupBy(gateway.received, (r) => r.path);
    assert.deepEqual(byPath.get('/sendText')!.map((r) => JSON.parse(r.body)), [{ args: { to: CHAT, content: 'here it is' } }]);
    const files = byPath.get('/sendFile')!.map((r) => JSON.parse(r.body).args).sort((a, b) => a.filename.localeCompare(b.filename));
    assert.deepEqual(files.map((f) => [f.to, f.filename]), [[CHAT, 'invoice.pdf'], [CHAT, 'items.csv']]);
    for (const file of files) {
      assert.ok(file.file.startsWith(`${node.config.publicUrl}/`), file.file);
      const download = await node.app.inject({ url: new URL(file.file).pathname, headers: node.auth });
      assert.equal(download.statusCode, 200, 'the link is the stored file');
    }
  });

  test(`${engine}: gateway down, then up: the reply is retried and delivered, every attempt logged`, async (t) => {
    const node = await startNode(t, engine, { ...FAST_DELIVERY_ENV, DELIVERY_RETRY_SCHEDULE: '0s,100ms,200ms,300ms,400ms,500ms' }, { listen: true });
    const gateway = await startReceiver(t);
    const bridge = await importOpenWa(node, gateway.url);
    const incoming = await postToBridge(bridge.url, openWaMessage(CHAT, 'hello?'));
    await gateway.down();
    await writeAsOperator(node, incoming.json.conversation_id, 'first');
    await writeAsOperator(node, incoming.json.conversation_id, 'second');
    // Up again once the first call has failed twice, however long that took.
    await waitForLog(node, `/api/v1/bridges/${bridge.id}/reply/deliveries`, (ds) => ds.some((d) => d.attempt_log.length >= 2));
    await gateway.up();

    const log = await waitForLog(node, `/api/v1/bridges/${bridge.id}/reply/deliveries`, delivered(2));
    assert.deepEqual(gateway.received.map((r) => JSON.parse(r.body).args.content), ['first', 'second'], 'in order, once each');
    const first = log.find((d) => d.seq === Math.min(...log.map((x) => x.seq)))!;
    assert.ok(first.attempts >= 2, `tried ${first.attempts} times`);
    assert.equal(first.attempt_log.length, first.attempts);
    for (const failed of first.attempt_log.slice(0, -1)) assert.match(failed.error!, /^network_error: /);
    assert.equal(first.attempt_log.at(-1)!.status_code, 200);
  });
}
