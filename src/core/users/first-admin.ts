/**
 * First run: while the database has no users at all, anyone who reaches the server may create the
 * first admin (like most self-hosted apps). Once a user exists, this is closed for good.
 */
import { sql } from 'kysely';
import type { CoreContext } from '../context.ts';
import { SwitchboardError } from '../errors.ts';
import { countUsers, createUser, type User } from './users.ts';

export async function needsSetup(ctx: CoreContext): Promise<boolean> {
  return (await countUsers(ctx)) === 0;
}

/** Creates the first admin, or throws `conflict` when any user exists (also when two set-ups race). */
export async function createFirstAdmin(ctx: CoreContext, input: { email: string; name: string; password: string }): Promise<User> {
  return ctx.store.db.transaction().execute(async (trx) => {
    // The table lock makes the "no users yet" check and the insert one step across PostgreSQL nodes;
    // SQLite transactions are serialised on its one connection already.
    await ctx.store.engine.lockTable(trx, 'users');
    const inTransaction: CoreContext = { ...ctx, store: { ...ctx.store, db: trx } };
    if (!(await needsSetup(inTransaction))) throw new SwitchboardError('conflict', 'set-up is done already: sign in instead');
    return createUser(inTransaction, { ...input, role: 'admin' });
  });
}
