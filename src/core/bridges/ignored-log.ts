/**
 * Payloads a bridge ignored (failed main condition, no kind matched, ...), kept for its owner to
 * see why a gateway's posts produce nothing. Bounded: the newest KEEP rows per bridge, each payload
 * cut at PAYLOAD_LIMIT characters.
 */
import type { Principal } from '../auth/principal.ts';
import type { CoreContext } from '../context.ts';
import { newId } from '../../lib/ids.ts';
import { iso, now } from '../../lib/time.ts';
import { requireBridge } from './bridges.ts';

const KEEP = 100;
const PAYLOAD_LIMIT = 16_384;

/** One ignored payload; `payload` is its JSON text, cut short when `truncated`. */
export interface IgnoredPayload {
  id: string;
  reason: string;
  payload: string;
  truncated: boolean;
  created_at: string;
}

export async function recordIgnored(ctx: CoreContext, bridgeId: string, reason: string, payload: unknown): Promise<void> {
  const text = JSON.stringify(payload) ?? 'null';
  const db = ctx.store.db;
  await db
    .insertInto('bridge_ignored')
    .values({ id: newId('ign'), bridge_id: bridgeId, reason: reason.slice(0, 2000), payload: text.slice(0, PAYLOAD_LIMIT), truncated: text.length > PAYLOAD_LIMIT ? 1 : 0, created_at: now() })
    .execute();
  const oldest = await db.selectFrom('bridge_ignored').select('created_at').where('bridge_id', '=', bridgeId).orderBy('created_at', 'desc').offset(KEEP - 1).limit(1).executeTakeFirst();
  if (oldest) await db.deleteFrom('bridge_ignored').where('bridge_id', '=', bridgeId).where('created_at', '<', oldest.created_at).execute();
}

/** Newest first. */
export async function listIgnored(ctx: CoreContext, principal: Principal, bridgeId: string): Promise<IgnoredPayload[]> {
  await requireBridge(ctx, principal, bridgeId);
  const rows = await ctx.store.db.selectFrom('bridge_ignored').selectAll().where('bridge_id', '=', bridgeId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(KEEP).execute();
  return rows.map((r) => ({ id: r.id, reason: r.reason, payload: r.payload, truncated: r.truncated === 1, created_at: iso(r.created_at) }));
}
