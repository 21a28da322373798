/**
 * Browser sessions: a 256-bit random id lives only in the user's cookie; we keep its SHA-256, the
 * user, an expiry and the session's CSRF token. Signing in checks an scrypt password hash.
 */
import type { CoreContext } from '../context.ts';
import { hashToken, newToken } from '../../lib/ids.ts';
import { now } from '../../lib/time.ts';
import { hashPassword, verifyPassword } from '../users/passwords.ts';
import { findUserByEmail, getUser, userView, type User } from '../users/users.ts';

/** A live session as its cookie resolves: who, the CSRF token unsafe requests must echo, and when it ends. */
export interface Session {
  user: User;
  csrf_token: string;
  expires_at: number;
}

/** A new session: `id` goes into the cookie and is never stored. */
export interface NewSession extends Session {
  id: string;
}

// Unknown emails are checked against this hash too, so timing does not tell which emails exist.
let decoyHash: Promise<string> | null = null;
const decoy = (): Promise<string> => (decoyHash ??= hashPassword(newToken(16)));

/** The user whose email and password these are, or null (one answer for unknown email and wrong password). */
export async function checkCredentials(ctx: CoreContext, email: string, password: string): Promise<User | null> {
  const row = await findUserByEmail(ctx, email);
  const ok = await verifyPassword(password, row?.password_hash ?? (await decoy()));
  return row?.password_hash && ok ? userView(row) : null;
}

export async function createSession(ctx: CoreContext, user: User): Promise<NewSession> {
  const at = now();
  const id = newToken(32);
  const session = { id, user, csrf_token: newToken(32), expires_at: at + ctx.config.sessionTtlHours * 3_600_000 };
  // Housekeeping on sign-in keeps the table small without a background job.
  await ctx.store.db.deleteFrom('sessions').where('expires_at', '<=', at).execute();
  await ctx.store.db
    .insertInto('sessions')
    .values({ id_hash: hashToken(id), user_id: user.id, csrf_token: session.csrf_token, created_at: at, expires_at: session.expires_at })
    .execute();
  return session;
}

/** The live session with this cookie id, or null when unknown or expired. */
export async function findSession(ctx: CoreContext, id: string): Promise<Session | null> {
  if (!id) return null;
  const row = await ctx.store.db.selectFrom('sessions').selectAll().where('id_hash', '=', hashToken(id)).executeTakeFirst();
  if (!row || row.expires_at <= now()) return null;
  const user = await getUser(ctx, row.user_id);
  return user ? { user, csrf_token: row.csrf_token, expires_at: row.expires_at } : null;
}

export async function deleteSession(ctx: CoreContext, id: string): Promise<void> {
  if (id) await ctx.store.db.deleteFrom('sessions').where('id_hash', '=', hashToken(id)).execute();
}
