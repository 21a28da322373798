/** A bridge as the API shows it to its owner: its secret URL, attributes, mapping and reply call. */
import type { Selectable } from 'kysely';
import type { Mapping } from '../../mapping/mapping.ts';
import type { ReplyCall } from '../../mapping/reply-call.ts';
import type { BridgesTable } from '../../store/schema.ts';
import type { CoreContext } from '../context.ts';
import { iso } from '../../lib/time.ts';

export type BridgeRow = Selectable<BridgesTable>;

/**
 * A declarative incoming webhook for a third party (a WhatsApp gateway, an SMS provider).
 * `operator_ids` (and the owner) become members of every conversation the bridge creates.
 */
export interface Bridge {
  id: string;
  name: string;
  scope: string;
  /** takes the third party's posts: `PUBLIC_URL/bridge/<token>` */
  url: string;
  attributes: Record<string, string>;
  mapping: Mapping;
  reply: ReplyCall | null;
  operator_ids: string[];
  owner_id: string;
  created_at: string;
  updated_at: string;
}

export const bridgeUrl = (publicUrl: string, token: string): string => `${publicUrl}/bridge/${token}`;

/** The stored bridge with its JSON columns decoded. */
export interface LoadedBridge {
  row: BridgeRow;
  attributes: Record<string, string>;
  mapping: Mapping;
  reply: ReplyCall | null;
  operator_ids: string[];
}

export function loadBridge(row: BridgeRow): LoadedBridge {
  return {
    row,
    attributes: JSON.parse(row.attributes) as Record<string, string>,
    mapping: JSON.parse(row.mapping) as Mapping,
    reply: row.reply === null ? null : (JSON.parse(row.reply) as ReplyCall),
    operator_ids: JSON.parse(row.operator_ids) as string[],
  };
}

/** The URL is shown by opening the sealed token (a bridge is looked up by the token's hash only). */
export function bridgeView(ctx: CoreContext, row: BridgeRow): Bridge {
  const loaded = loadBridge(row);
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    url: bridgeUrl(ctx.config.publicUrl, ctx.store.tokenSeal.open(row.token_sealed)),
    attributes: loaded.attributes,
    mapping: loaded.mapping,
    reply: loaded.reply,
    operator_ids: loaded.operator_ids,
    owner_id: row.owner_id,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}
