/** People who sign in: admins and members. */
import type { Selectable } from 'kysely';
import type { UsersTable } from '../../store/schema.ts';
import type { CoreContext } from '../context.ts';
import { SwitchboardError, invalidField } from '../errors.ts';
import { newId } from '../../lib/ids.ts';
import { now } from '../../lib/time.ts';
import { hashPassword } from './passwords.ts';
import { insertApiKey } from './api-keys.ts';

export type Role = 'admin' | 'member';
export interface User {
  id: string;
  name: string;
  email: string;
  role: Role;
}

export const userView = (row: Selectable<UsersTable>): User => ({ id: row.id, name: row.name, email: row.email, role: row.role });

const EMAIL = /^[^\s@]+@[^\s@]+$/;
export const MIN_PASSWORD_LENGTH = 8;

export async function createUser(ctx: CoreContext, input: { email: string; name: string; password?: string | null; role?: Role }): Promise<User> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email)) throw invalidField('email', 'is not an email address');
  if (!input.name.trim()) throw invalidField('name', 'must not be empty');
  if (input.password != null && input.password.length < MIN_PASSWORD_LENGTH) throw invalidField('password', `must have at least ${MIN_PASSWORD_LENGTH} characters`);
  const exists = await ctx.store.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (exists) throw new SwitchboardError('email_taken', `a user with the email ${email} exists already`);
  const row = {
    id: newId('usr'),
    email,
    name: input.name.trim(),
    role: input.role ?? 'member',
    password_hash: input.password ? await hashPassword(input.password) : null,
    created_at: now(),
  };
  await ctx.store.db.insertInto('users').values(row).execute();
  return userView(row);
}

export async function findUserByEmail(ctx: CoreContext, email: string): Promise<Selectable<UsersTable> | undefined> {
  return ctx.store.db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export async function getUser(ctx: CoreContext, id: string): Promise<User | null> {
  const row = await ctx.store.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? userView(row) : null;
}

export async function listUsers(ctx: CoreContext): Promise<User[]> {
  return (await ctx.store.db.selectFrom('users').selectAll().orderBy('created_at').execute()).map(userView);
}

export async function countUsers(ctx: CoreContext): Promise<number> {
  const row = await ctx.store.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * SWITCHBOARD_ADMIN_TOKEN: while no admin exists, creates one whose API token is that value.
 * Returns the admin created, or null when there was one already.
 */
export async function bootstrapAdmin(ctx: CoreContext, token: string): Promise<User | null> {
  if (!token) return null;
  const admin = await ctx.store.db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirst();
  if (admin) return null;
  const user = await createUser(ctx, { email: 'admin@localhost', name: 'Admin', role: 'admin' });
  await insertApiKey(ctx, { user_id: user.id, name: 'bootstrap token', token, conversation_ids: null });
  return user;
}
