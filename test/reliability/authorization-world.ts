/**
 * The world the authorization walk runs in: Mia (a member) and the admin share conversations A1 and
 * A2; Olga alone is in O. Each conversation has a hook, webhook, delivery, rule, action and file;
 * Mia and Olga own a bridge each. The callers are every kind of principal, Mia's and the admin's.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import type { PrincipalKind } from '../../src/core/auth/permissions.ts';
import { createSession } from '../../src/core/auth/sessions.ts';
import { createApiKey } from '../../src/core/users/api-keys.ts';
import { createUser } from '../../src/core/users/users.ts';
import { GENERIC_MAPPING } from '../support/bridges.ts';
import { startNode, type TestNode } from '../support/runtime.ts';

export type ConversationName = 'A1' | 'A2' | 'O';
export type UserName = 'mia' | 'admin' | 'olga';
type Headers = Record<string, string>;

export interface Caller {
  id: 'anonymous' | 'miaScoped' | 'adminScoped' | 'miaSession' | 'miaKey' | 'adminKey';
  name: string;
  /** null: no credentials */
  kind: PrincipalKind | null;
  user: UserName | null;
  /** the conversations this caller can see: membership, narrowed by a key's scope */
  sees: ConversationName[];
  headers(method: string): Headers;
}

/** What a path id points at, and so who can reach it: its conversation, or its owner. */
export interface Target {
  kind: string;
  label: string;
  id: string;
  conversation?: ConversationName;
  owner?: UserName;
}

export type World = Awaited<ReturnType<typeof buildWorld>>;

export const LHC_OPEN_WA = JSON.parse(readFileSync(new URL('../../src/mapping/lhc-presets/openwa-incoming.json', import.meta.url), 'utf8'));
export const ACTION_BODY = { event: 'case.created', request: { method: 'POST', url: 'http://127.0.0.1:9/x', headers: {}, body: '{}' } };
const NOWHERE = 'http://127.0.0.1:9/';

export async function buildWorld(t: TestContext) {
  // Listening too: event streams are walked over a real connection.
  const node = await startNode(t, 'sqlite', {}, { listen: true });
  const { app } = node;
  const mia = await node.newUser('Mia');
  // Without passwords (hashing one is slow): only Mia signs in.
  const olga = await createUser(node.ctx, { email: 'olga@example.test', name: 'Olga' });
  const extra = await createUser(node.ctx, { email: 'xavier@example.test', name: 'Xavier' });
  const olgaKey = await createApiKey(node.ctx, olga.id, { name: "Olga's key" });
  const auth: Record<UserName, Headers> = { mia: mia.auth, admin: node.auth, olga: { authorization: `Bearer ${olgaKey.token}` } };
  const users = { mia: mia.user, admin: node.admin, olga };

  const send = async (method: string, url: string, headers: Headers, payload?: object, status = method === 'POST' ? 201 : 200) => {
    const res = await app.inject({ method: method as 'POST', url, headers, payload });
    assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`);
    return res.json();
  };
  const conversationOwner: Record<ConversationName, UserName> = { A1: 'admin', A2: 'admin', O: 'olga' };
  const conv = {} as Record<ConversationName, string>;
  for (const name of ['A1', 'A2', 'O'] as const) {
    conv[name] = (await send('POST', '/api/v1/conversations', auth[conversationOwner[name]], { title: name })).id;
    if (name !== 'O') await send('POST', `/api/v1/conversations/${conv[name]}/members`, node.auth, { user_id: mia.user.id });
  }

  // Makers of each kind of object, in a conversation (as its owner) or owned by a user.
  const inConversation = (name: ConversationName) => {
    const headers = auth[conversationOwner[name]];
    const base = `/api/v1/conversations/${conv[name]}`;
    return {
      hook: async () => (await send('POST', `${base}/hooks`, headers, { name: 'h' })).id,
      webhook: async () => (await send('POST', `${base}/webhooks`, headers, { url: NOWHERE, format: 'standard', events: ['case.created'] })).id,
      delivery: async () => (await send('POST', `/api/v1/webhooks/${await inConversation(name).webhook()}/test`, headers, undefined, 202)).delivery_id,
      rule: async () => (await send('POST', `${base}/rules`, headers, { trigger: { keywords: ['never-zq'] }, reply: 'r' })).id,
      action: async () => (await send('POST', `${base}/actions`, headers, ACTION_BODY)).id,
      file: async () => {
        const form = new FormData();
        form.append('files', new Blob(['bytes']), 'f.txt');
        const request = new Request('http://x/', { method: 'POST', body: form });
        const res = await app.inject({ method: 'POST', url: `${base}/messages`, headers: { ...headers, 'content-type': request.headers.get('content-type')! }, payload: Buffer.from(await request.arrayBuffer()) });
        assert.equal(res.statusCode, 201, res.body);
        return res.json().attachments[0].id;
      },
      // A user who is a member, to be removed.
      member: async () => {
        const user = await createUser(node.ctx, { email: `member-${Math.random().toString(36).slice(2)}@example.test`, name: 'Member' });
        await send('POST', `${base}/members`, headers, { user_id: user.id });
        return user.id;
      },
    };
  };
  const ownedBy = (owner: UserName) => ({
    bridge: async () => (await send('POST', '/api/v1/bridges', auth[owner], { name: 'Gateway', mapping: GENERIC_MAPPING })).id,
    api_key: async () => (await send('POST', '/api/v1/api-keys', auth[owner], { name: 'spare' })).id,
  });

  /** The targets of a kind of path id; `fresh` makes new objects (for routes that delete them). */
  const shared = new Map<string, string>();
  const reuse = async (key: string, fresh: boolean, make: () => Promise<string>) => {
    if (fresh) return make();
    if (!shared.has(key)) shared.set(key, await make());
    return shared.get(key)!;
  };
  async function targets(kind: string, caller: Caller, fresh: boolean): Promise<Target[]> {
    if (kind === 'conversation') return (['A1', 'A2', 'O'] as const).map((name) => ({ kind, label: name, id: conv[name], conversation: name }));
    if (kind === 'bridge' || kind === 'api_key') {
      // "mine": the caller's own API key, or Mia's bridge (the admin manages every bridge); "other": Olga's.
      const mine: UserName = kind === 'api_key' && caller.user ? caller.user : 'mia';
      return Promise.all((['mine', 'other'] as const).map(async (label) => {
        const owner = label === 'mine' ? mine : 'olga';
        return { kind, label, id: await reuse(`${kind}:${owner}`, fresh, ownedBy(owner)[kind]), owner };
      }));
    }
    const out: Target[] = [];
    for (const name of ['A1', 'A2', 'O'] as const) {
      const make = inConversation(name)[kind as 'hook'];
      assert.ok(make, `the walk does not know path ids of kind "${kind}": teach authorization-world.ts to make one`);
      out.push({ kind, label: `${kind} in ${name}`, id: await reuse(`${kind}:${name}`, fresh, make), conversation: name });
    }
    return out;
  }

  const keyOf = async (user: 'mia' | 'admin', scoped: boolean) =>
    `Bearer ${(await send('POST', '/api/v1/api-keys', auth[user], { name: `${user} bot`, ...(scoped ? { conversation_ids: [conv.A1] } : {}) })).token}`;
  const bearer = (value: string) => () => ({ authorization: value });
  // Mia's browser: signed in through the API once; re-signed (without the rate limit) after signing out.
  const signedIn = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: mia.user.email, password: 'password123' } });
  assert.equal(signedIn.statusCode, 200, signedIn.body);
  const session = { id: signedIn.cookies.find((c) => c.name === 'sb_session')!.value, csrf: signedIn.json().csrf_token as string };
  const renewSession = async () => {
    const fresh = await createSession(node.ctx, mia.user);
    Object.assign(session, { id: fresh.id, csrf: fresh.csrf_token });
  };
  const cookie = (method: string) => ({ cookie: `sb_session=${session.id}`, ...(['GET', 'HEAD'].includes(method) ? {} : { 'x-csrf-token': session.csrf }) });

  // Least privileged first: what one caller may delete is still there when a weaker one tries.
  const callers: Caller[] = [
    { id: 'anonymous', name: 'no credentials', kind: null, user: null, sees: [], headers: () => ({}) },
    { id: 'miaScoped', name: "Mia's key scoped to A1", kind: 'scoped_key', user: 'mia', sees: ['A1'], headers: bearer(await keyOf('mia', true)) },
    { id: 'adminScoped', name: "the admin's key scoped to A1", kind: 'scoped_key', user: 'admin', sees: ['A1'], headers: bearer(await keyOf('admin', true)) },
    { id: 'miaSession', name: "Mia's browser session", kind: 'member', user: 'mia', sees: ['A1', 'A2'], headers: cookie },
    { id: 'miaKey', name: "Mia's unscoped key", kind: 'member', user: 'mia', sees: ['A1', 'A2'], headers: bearer(await keyOf('mia', false)) },
    { id: 'adminKey', name: "the admin's unscoped key", kind: 'admin', user: 'admin', sees: ['A1', 'A2'], headers: bearer(await keyOf('admin', false)) },
  ];

  const caller = (id: Caller['id']) => callers.find((c) => c.id === id)!;
  return { node: node as TestNode, conv, users, extra, callers, caller, targets, inConversation, renewSession };
}

/** Whether a caller who holds the permission reaches the target (membership, scope, ownership), as the contract says. */
export function reaches(caller: Caller, target: Target): boolean {
  if (target.conversation) return caller.sees.includes(target.conversation);
  if (target.owner === caller.user) return true;
  // Admins manage every bridge; an API key is only ever its owner's.
  return target.kind === 'bridge' && caller.kind === 'admin';
}
