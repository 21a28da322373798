/** Test helpers for actions and bridge replies: an open-wa bridge aimed at a fake gateway, delivery logs. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { TestNode } from './runtime.ts';
import type { DeliveryJson } from './webhooks.ts';

// Our own configurations in Live Helper Chat's export format (src/mapping/lhc-presets/README.md).
const PRESETS = new URL('../../src/mapping/lhc-presets/', import.meta.url);
const readJson = (file: string): any => JSON.parse(readFileSync(new URL(file, PRESETS), 'utf8'));

export type ActionDeliveryJson = DeliveryJson & { conversation_id: string; part: number | null };

/** Imports the open-wa preset (incoming + REST API) and points its `host` attribute at `gatewayUrl`. */
export async function importOpenWa(node: TestNode, gatewayUrl: string): Promise<{ id: string; url: string; name: string; mapping: any; attributes: Record<string, string> }> {
  const res = await node.app.inject({ method: 'POST', url: '/api/v1/bridges/import', headers: node.auth, payload: { incoming: readJson('openwa-incoming.json'), rest_api: readJson('openwa-rest-api.json') } });
  assert.equal(res.statusCode, 201, res.body);
  const bridge = res.json();
  const patched = await node.app.inject({ method: 'PATCH', url: `/api/v1/bridges/${bridge.id}`, headers: node.auth, payload: { attributes: { ...bridge.attributes, host: gatewayUrl } } });
  assert.equal(patched.statusCode, 200, patched.body);
  return patched.json();
}

/** An open-wa `onMessage` post for a chat. */
export const openWaMessage = (chatId: string, body: string, extra: Record<string, unknown> = {}) => ({
  event: 'onMessage',
  data: { id: `false_${chatId}_${Math.random().toString(36).slice(2)}`, chatId, type: 'chat', body, t: 1718000000, sender: { name: 'Visitor' }, fromMe: false, ...extra },
});

export async function writeAsOperator(node: TestNode, conversationId: string, body: string, auth = node.auth): Promise<{ id: string }> {
  const res = await node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conversationId}/messages`, headers: auth, payload: { body } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

/** Polls a delivery log (`/api/v1/actions/{id}/deliveries` or `/api/v1/bridges/{id}/reply/deliveries`) until `done`. */
export async function waitForLog(node: TestNode, path: string, done: (ds: ActionDeliveryJson[]) => boolean, timeoutMs = 10_000): Promise<ActionDeliveryJson[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await node.app.inject({ url: path, headers: node.auth });
    assert.equal(res.statusCode, 200, res.body);
    const deliveries = res.json().deliveries as ActionDeliveryJson[];
    if (done(deliveries)) return deliveries;
    if (Date.now() > until) assert.fail(`timed out waiting for ${path}: ${JSON.stringify(deliveries, null, 1)}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}
