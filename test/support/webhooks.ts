/** Test helpers for outgoing webhooks: create one, read its delivery log, wait until it settles. */
import assert from 'node:assert/strict';
import type { TestNode } from './runtime.ts';

export interface WebhookJson {
  id: string;
  url: string;
  format: string;
  secret: string;
  status: string;
  reply_url: string;
  name: string;
  events: string[];
}

export interface DeliveryJson {
  id: string;
  event: string;
  seq: number;
  status: string;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  test: boolean;
  attempt_log: { started_at: string; status_code: number | null; error: string | null; manual: boolean; duration_ms: number }[];
}

/** Settings that make retries fast and let the worker reach the test's receiver on 127.0.0.1. */
export const FAST_DELIVERY_ENV = {
  OUTGOING_ALLOWED_NETS: '127.0.0.1/32',
  DELIVERY_RETRY_SCHEDULE: '0s,100ms,200ms,300ms',
  DELIVERY_POLL_MS: '50',
  DELIVERY_TIMEOUT_MS: '2000',
  DELIVERY_LEASE_MS: '5000',
};

export async function newConversation(node: TestNode, title = 'Outgoing', auth = node.auth): Promise<{ id: string }> {
  const res = await node.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: auth, payload: { title } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

export async function createWebhook(node: TestNode, conversationId: string, body: Record<string, unknown>, auth = node.auth): Promise<WebhookJson> {
  const res = await node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conversationId}/webhooks`, headers: auth, payload: body });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

export async function postMessage(node: TestNode, conversationId: string, body: string): Promise<{ id: string; seq: number }> {
  const res = await node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conversationId}/messages`, headers: node.auth, payload: { body } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

export async function deliveriesOf(node: TestNode, webhookId: string, query = ''): Promise<DeliveryJson[]> {
  const res = await node.app.inject({ url: `/api/v1/webhooks/${webhookId}/deliveries?limit=200${query}`, headers: node.auth });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().deliveries;
}

/** Polls the delivery log until `done` holds (or fails after timeoutMs with the last log). */
export async function waitForDeliveries(node: TestNode, webhookId: string, done: (deliveries: DeliveryJson[]) => boolean, timeoutMs = 10_000): Promise<DeliveryJson[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const deliveries = await deliveriesOf(node, webhookId);
    if (done(deliveries)) return deliveries;
    if (Date.now() > deadline) assert.fail(`deliveries did not settle: ${JSON.stringify(deliveries.map((d) => [d.seq, d.status, d.attempts, d.last_error]))}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const allDelivered = (count: number) => (ds: DeliveryJson[]) => ds.length === count && ds.every((d) => d.status === 'delivered');
