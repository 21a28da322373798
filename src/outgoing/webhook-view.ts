/** Webhook rows (joined with their reply hook) to the shape the API answers with. */
import type { Kysely, Selectable } from 'kysely';
import type { Database, WebhooksTable } from '../store/schema.ts';
import type { CoreContext } from '../core/context.ts';
import { hookUrl } from '../core/hooks/hooks.ts';
import { iso } from '../lib/time.ts';
import type { EventType } from '../core/types.ts';
import type { WebhookFilters } from './filters.ts';

/**
 * A subscription: where a conversation's events go, in which format. `secret` signs every request
 * (`whsec_` + base64); replies posted to `reply_url`, or returned in a delivery's response, appear
 * in the conversation as `name`.
 */
export interface Webhook {
  id: string;
  conversation_id: string;
  url: string;
  format: string;
  events: EventType[];
  filters: WebhookFilters;
  secret: string;
  /** until when the secret before the last rotation still signs, if it does */
  previous_secret_expires_at: string | null;
  status: 'active' | 'paused' | 'disabled';
  parallel: boolean;
  name: string;
  reply_url: string | null;
  disabled_reason: string | null;
  failing_since: string | null;
  created_at: string;
  updated_at: string;
}

export type WebhookRow = Selectable<WebhooksTable> & { reply_token_hash: string | null; reply_token_sealed: string | null; reply_name: string | null };

/** Webhooks with their reply hook's stored token (hash and sealed) and name. */
export function selectWebhooks(db: Kysely<Database>) {
  return db
    .selectFrom('webhooks')
    // A deleted reply hook gives no reply_url (its URL answers 404).
    .leftJoin('hooks', (j) => j.onRef('hooks.id', '=', 'webhooks.reply_hook_id').on('hooks.deleted_at', 'is', null))
    .selectAll('webhooks')
    .select(['hooks.token_hash as reply_token_hash', 'hooks.token_sealed as reply_token_sealed', 'hooks.name as reply_name']);
}

export function webhookView(ctx: CoreContext, row: WebhookRow, at = Date.now()): Webhook {
  const previousLive = row.previous_secret !== null && row.previous_secret_until !== null && row.previous_secret_until > at;
  return {
    id: row.id,
    conversation_id: row.conversation_id,
    url: row.url,
    format: row.format,
    events: JSON.parse(row.events),
    filters: JSON.parse(row.filters),
    secret: row.secret,
    previous_secret_expires_at: previousLive ? iso(row.previous_secret_until!) : null,
    status: row.status,
    parallel: row.parallel === 1,
    name: row.reply_name ?? 'Webhook',
    reply_url: replyUrl(ctx, row),
    disabled_reason: row.disabled_reason,
    failing_since: row.failing_since === null ? null : iso(row.failing_since),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

/** The reply hook's URL (its token opened through the hook-token cache), or null without a live reply hook. */
export function replyUrl(ctx: Pick<CoreContext, 'config' | 'hookTokens'>, row: WebhookRow): string | null {
  return row.reply_token_hash && row.reply_token_sealed ? hookUrl(ctx.config.publicUrl, ctx.hookTokens.token({ token_hash: row.reply_token_hash, token_sealed: row.reply_token_sealed })) : null;
}

/** The secrets that sign a request now: the current one, and the previous one during its overlap. */
export function signingSecrets(row: Pick<WebhooksTable, 'secret' | 'previous_secret' | 'previous_secret_until'>, at: number): string[] {
  const live = row.previous_secret !== null && row.previous_secret_until !== null && row.previous_secret_until > at;
  return live ? [row.secret, row.previous_secret!] : [row.secret];
}
