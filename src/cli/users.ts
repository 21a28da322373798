/** `switchboard user create` and `switchboard token create`: set-up without the web UI. */
import type { Config } from '../config.ts';
import { createCoreContext, QUIET_PORTS } from '../runtime.ts';
import { createApiKey } from '../core/users/api-keys.ts';
import { createUser, findUserByEmail } from '../core/users/users.ts';
import { openStore } from '../store/store.ts';

async function withContext<T>(config: Config, fn: (ctx: ReturnType<typeof createCoreContext>) => Promise<T>): Promise<T> {
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, writeBatchMax: 1, secretKey: config.secretKey });
  try {
    return await fn(createCoreContext(store, config, QUIET_PORTS));
  } finally {
    await store.close();
  }
}

export async function userCreate(config: Config, flags: Record<string, string | boolean>): Promise<void> {
  const email = String(flags.email ?? '');
  const user = await withContext(config, (ctx) =>
    createUser(ctx, { email, name: String(flags.name ?? email.split('@')[0]), password: typeof flags.password === 'string' ? flags.password : null, role: flags.admin ? 'admin' : 'member' }),
  );
  console.log(JSON.stringify(user));
}

export async function tokenCreate(config: Config, flags: Record<string, string | boolean>): Promise<void> {
  const key = await withContext(config, async (ctx) => {
    const user = await findUserByEmail(ctx, String(flags.email ?? ''));
    if (!user) throw new Error(`no user with the email ${String(flags.email ?? '')}`);
    const scope = typeof flags.conversations === 'string' ? flags.conversations.split(',') : null;
    return createApiKey(ctx, user.id, { name: String(flags.name ?? 'cli'), conversation_ids: scope });
  });
  // The token is printed once; only its hash is stored.
  console.log(JSON.stringify(key));
}
