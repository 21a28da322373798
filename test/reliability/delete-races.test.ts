/**
 * Found by the fuzzer: a request that writes under a bridge or webhook while a DELETE of it commits
 * in between (the write batcher puts both in one transaction) hit a foreign key violation and
 * answered 500. It now answers what it would a moment later: 404, in the contract body.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../support/engines.ts';
import { createBridge, gatewayPost } from '../support/bridges.ts';
import { createWebhook, newConversation } from '../support/webhooks.ts';
import { startNode } from '../support/runtime.ts';
import { assertErrorAnswer } from './contract-errors.ts';

type Answer = { statusCode: number; body: string; headers: Record<string, string | string[] | number | undefined> };

function assertNo5xx(answers: Answer[]): void {
  for (const a of answers) {
    assert.ok(a.statusCode < 500, `${a.statusCode} ${a.body}`);
    if (a.statusCode >= 400) assertErrorAnswer({ status: a.statusCode, body: a.body }, 404);
  }
}

for (const engine of ENGINES) {
  test(`${engine}: posting to a bridge while it is deleted answers 200 or 404, never 500`, async (t) => {
    const node = await startNode(t, engine);
    const answers: Answer[] = [];
    for (let i = 0; i < 10; i++) {
      const bridge = await createBridge(node);
      const path = new URL(bridge.url).pathname;
      const post = (payload: unknown) => node.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
      answers.push(...(await Promise.all([
        post('not an object, so it is recorded as ignored'),
        node.app.inject({ method: 'DELETE', url: `/api/v1/bridges/${bridge.id}`, headers: node.auth }),
        post(gatewayPost({ id: `m${i}`, text: 'hi', chat: { id: `c${i}` } })),
      ])));
    }
    assertNo5xx(answers);
  });

  test(`${engine}: testing a webhook while it is deleted answers 202 or 404, never 500`, async (t) => {
    const node = await startNode(t, engine);
    const conv = await newConversation(node);
    const answers: Answer[] = [];
    for (let i = 0; i < 10; i++) {
      const webhook = await createWebhook(node, conv.id, { url: 'https://receiver.invalid/in', format: 'standard' });
      const sendTest = () => node.app.inject({ method: 'POST', url: `/api/v1/webhooks/${webhook.id}/test`, headers: node.auth });
      answers.push(...(await Promise.all([sendTest(), node.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${webhook.id}`, headers: node.auth }), sendTest()])));
    }
    assertNo5xx(answers);
  });
}
