/**
 * Who may do what, as data. Every route names one permission (`config: { permission }`); the auth
 * plugin's one hook answers 401 without credentials and 403 `forbidden` when the caller's kind is
 * not granted it, from this table alone. A route without a permission does not start.
 *
 * The kinds of caller:
 * - `member`: a member's browser session or unscoped API key;
 * - `admin`: an admin's session or unscoped API key, the SWITCHBOARD_ADMIN_TOKEN bootstrap token
 *   included (it is the first admin's unscoped key);
 * - `scoped_key`: an API key limited to some conversations (`conversation_ids`), whoever owns it:
 *   an admin's scoped key is exactly as limited as a member's.
 *
 * The table decides what a kind may do at all; which conversations and objects it reaches is still
 * the domain's call (membership, the key's scope, ownership), and what it cannot see answers 404.
 */
import type { Principal } from './principal.ts';

export type PrincipalKind = 'member' | 'scoped_key' | 'admin';

/** Routes open to anyone: no credentials at all, or the secret token in the URL is the credential (hooks, bridges). */
export const OPEN_PERMISSIONS = ['public', 'capability-url'] as const;

/**
 * A scoped key acts inside its conversations (reads them, posts and replies, files, cases, event
 * streams) and manages nothing: integrations and keys it made would outlive its revocation, and
 * members, assignees, bridges and users widen who sees what.
 */
export const PERMISSIONS = {
  'account.read':        { who: ['member', 'scoped_key', 'admin'], what: 'read the calling user' },
  'conversation.list':   { who: ['member', 'scoped_key', 'admin'], what: 'list conversations' },
  'conversation.read':   { who: ['member', 'scoped_key', 'admin'], what: 'read conversations (messages, members, cases, files, events)' },
  'conversation.post':   { who: ['member', 'scoped_key', 'admin'], what: 'post and reply in conversations' },
  'conversation.create': { who: ['member', 'admin'], what: 'create conversations' },
  'conversation.manage': { who: ['member', 'admin'], what: 'rename, close, assign or tag conversations, or change their members' },
  'integration.manage':  { who: ['member', 'admin'], what: 'manage hooks, webhooks, deliveries, rules or actions' },
  'api-key.manage':      { who: ['member', 'admin'], what: 'manage API keys' },
  'bridge.manage':       { who: ['member', 'admin'], what: 'manage bridges' },
  'user.manage':         { who: ['admin'], what: 'manage users' },
} as const satisfies Record<string, { who: readonly PrincipalKind[]; what: string }>;

export type OpenPermission = (typeof OPEN_PERMISSIONS)[number];
export type PrincipalPermission = keyof typeof PERMISSIONS;
export type Permission = OpenPermission | PrincipalPermission;

export const isOpenPermission = (p: string): p is OpenPermission => (OPEN_PERMISSIONS as readonly string[]).includes(p);
export const isPermission = (p: unknown): p is Permission => typeof p === 'string' && (isOpenPermission(p) || Object.hasOwn(PERMISSIONS, p));

export function principalKind(principal: Principal): PrincipalKind {
  if (principal.scope !== null) return 'scoped_key';
  return principal.user.role === 'admin' ? 'admin' : 'member';
}

const KIND_NAMES: Record<PrincipalKind, string> = { member: 'a member', scoped_key: 'an API key limited to conversations', admin: 'an admin' };

/** Why the caller may not: null when it may. */
export function refusal(principal: Principal, permission: PrincipalPermission): string | null {
  const kind = principalKind(principal);
  const { who, what } = PERMISSIONS[permission];
  if ((who as readonly PrincipalKind[]).includes(kind)) return null;
  const hint = kind === 'scoped_key' ? ': use a session or an unscoped key' : who.length === 1 && who[0] === 'admin' ? ': only admins may' : '';
  return `${KIND_NAMES[kind]} cannot ${what}${hint}`;
}
