/** Test helpers for hooks: a conversation with a hook, and reading what it stored back through the API. */
import assert from 'node:assert/strict';
import type { TestNode } from './runtime.ts';

export async function conversationWithHook(node: TestNode, title = 'Hooked', hookName = 'Monitor') {
  const conv = (await node.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: node.auth, payload: { title } })).json();
  const res = await node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/hooks`, headers: node.auth, payload: { name: hookName } });
  assert.equal(res.statusCode, 201);
  const hook = res.json();
  return { conv, hook, path: new URL(hook.url).pathname };
}

export async function messagesOf(node: TestNode, conversationId: string) {
  const res = await node.app.inject({ url: `/api/v1/conversations/${conversationId}/messages?limit=200`, headers: node.auth });
  assert.equal(res.statusCode, 200);
  return res.json().messages as {
    id: string;
    body: string;
    seq: number;
    case_id: string | null;
    sender: { type: string; name: string; avatar_url: string | null };
    attachments: { kind: string; name: string; url: string; content_type: string | null; size: number | null }[];
    rich: Record<string, unknown> | null;
  }[];
}

export async function countRows(node: TestNode): Promise<{ messages: number; attachments: number; cases: number }> {
  const count = async (table: 'messages' | 'attachments' | 'cases') => (await node.ctx.store.db.selectFrom(table).select('id').execute()).length;
  return { messages: await count('messages'), attachments: await count('attachments'), cases: await count('cases') };
}
