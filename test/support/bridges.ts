/** Test helpers for bridges: a generic gateway mapping, creating bridges, posting to their URL over HTTP. */
import assert from 'node:assert/strict';
import type { TestNode } from './runtime.ts';

type Auth = { authorization: string };

/** A made-up gateway: `{event: "message", messages: [{id, type, text|caption+url, chat: {id, name, phone, email}, from_me}]}`. */
export const GENERIC_MAPPING = {
  main_condition: 'event=message',
  messages_path: 'messages',
  chat_id: 'chat.id',
  nick: 'chat.name',
  phone: 'chat.phone',
  email: 'chat.email',
  external_message_id: 'id',
  kinds: [
    { kind: 'image', condition: 'type=image', template: '{{msg.caption}}', file_url: 'url' },
    { kind: 'text', condition: 'type=text', template: '{{msg.text}}', operator_condition: 'from_me=true' },
  ],
  dedupe_by_message_id: true,
};

export interface GatewayMessage {
  id?: string;
  type?: string;
  text?: string;
  caption?: string;
  url?: string;
  from_me?: boolean;
  chat: { id: string; name?: string; phone?: string; email?: string };
}

export const gatewayPost = (...messages: GatewayMessage[]) => ({ event: 'message', messages: messages.map((m) => ({ type: 'text', from_me: false, ...m })) });

export async function createBridge(node: TestNode, body: Record<string, unknown> = {}, auth: Auth = node.auth) {
  const res = await node.app.inject({ method: 'POST', url: '/api/v1/bridges', headers: auth, payload: { name: 'Gateway', scope: 'sms', attributes: {}, mapping: GENERIC_MAPPING, ...body } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; url: string; name: string; mapping: Record<string, unknown> };
}

/** Posts over real HTTP to the bridge's URL (the node must listen). */
export async function postToBridge(url: string, body: unknown, contentType = 'application/json') {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

export async function supportConversations(node: TestNode, query = '', auth: Auth = node.auth) {
  const res = await node.app.inject({ url: `/api/v1/conversations?kind=support${query}`, headers: auth });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().conversations as {
    id: string;
    title: string;
    status: string;
    contact: { name: string | null; phone: string | null; email: string | null; external_id: string | null };
    assignee: { id: string; name: string } | null;
    tags: string[];
    bridge_id: string | null;
  }[];
}

export async function patchConversation(node: TestNode, id: string, payload: Record<string, unknown>, auth: Auth = node.auth) {
  return node.app.inject({ method: 'PATCH', url: `/api/v1/conversations/${id}`, headers: auth, payload });
}
