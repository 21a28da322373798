/**
 * Webhook subscriptions: which events of a conversation go to which URL, in which format. Members of
 * the conversation manage them; anyone else gets 404. Each webhook gets its own reply hook, whose
 * URL is the `reply_url`, so replies are attributed to the webhook and never delivered back to it.
 */
import type { Principal } from '../core/auth/principal.ts';
import type { CoreContext } from '../core/context.ts';
import { requireConversation } from '../core/conversations/conversations.ts';
import { SwitchboardError, invalidField } from '../core/errors.ts';
import { insertHook, MAX_HOOK_NAME } from '../core/hooks/hooks.ts';
import { newId } from '../lib/ids.ts';
import { now } from '../lib/time.ts';
import type { EventType } from '../core/types.ts';
import type { WebhookFilters } from './filters.ts';
import type { FormatName } from './formats/registry.ts';
import { settingsFor } from './settings.ts';
import { generateSecret } from './signing.ts';
import { selectWebhooks, webhookView, type Webhook, type WebhookRow } from './webhook-view.ts';

export const DEFAULT_EVENTS: EventType[] = ['message.created'];

export interface NewWebhook {
  url: string;
  format: FormatName;
  events?: EventType[];
  filters?: WebhookFilters;
  parallel?: boolean;
  /** the name replies appear under; default: "Webhook <host>" */
  name?: string;
}

export interface WebhookPatch {
  url?: string;
  events?: EventType[];
  filters?: WebhookFilters;
  parallel?: boolean;
  status?: 'active' | 'paused';
}

function checkUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidField('url', 'must be an absolute http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidField('url', 'must be an http or https URL');
  return url.toString();
}

const checkEvents = (events: EventType[]): string => {
  if (!events.length) throw invalidField('events', 'must name at least one event type');
  return JSON.stringify([...new Set(events)]);
};

export async function createWebhook(ctx: CoreContext, principal: Principal, conversationId: string, input: NewWebhook): Promise<Webhook> {
  await requireConversation(ctx, principal, conversationId);
  const url = checkUrl(input.url);
  const id = newId('whk');
  const at = now();
  const name = (input.name ?? `Webhook ${new URL(url).host}`).slice(0, MAX_HOOK_NAME);
  await ctx.store.write(conversationId, async ({ db }) => {
    const hook = await insertHook(db, ctx.store.tokenSeal, { conversation_id: conversationId, name, created_by: principal.user.id, webhook_id: id });
    await db.insertInto('webhooks').values({
      id, conversation_id: conversationId, url, format: input.format, events: checkEvents(input.events ?? DEFAULT_EVENTS),
      filters: JSON.stringify(input.filters ?? {}), secret: generateSecret(), previous_secret: null, previous_secret_until: null,
      status: 'active', parallel: input.parallel ? 1 : 0, reply_hook_id: hook.id, failing_since: null, disabled_reason: null,
      created_by: principal.user.id, created_at: at, updated_at: at,
    }).execute();
  });
  return webhookView(ctx, await loadWebhook(ctx, id));
}

export async function listWebhooks(ctx: CoreContext, principal: Principal, conversationId: string): Promise<Webhook[]> {
  await requireConversation(ctx, principal, conversationId);
  // Actions' carrier rows (005-actions) are listed with their actions, not here.
  const rows = await selectWebhooks(ctx.store.db).where('webhooks.conversation_id', '=', conversationId).where('webhooks.action_id', 'is', null).orderBy('webhooks.created_at').execute();
  return rows.map((row) => webhookView(ctx, row));
}

async function loadWebhook(ctx: CoreContext, id: string): Promise<WebhookRow> {
  const row = await selectWebhooks(ctx.store.db).where('webhooks.id', '=', id).executeTakeFirst();
  if (!row) throw new SwitchboardError('webhook_not_found', 'webhook not found');
  return row;
}

/** The webhook if the caller is a member of its conversation; otherwise `webhook_not_found`. */
export async function requireWebhook(ctx: CoreContext, principal: Principal, id: string): Promise<WebhookRow> {
  const row = await loadWebhook(ctx, id);
  try {
    await requireConversation(ctx, principal, row.conversation_id);
  } catch {
    throw new SwitchboardError('webhook_not_found', 'webhook not found');
  }
  return row;
}

export async function getWebhook(ctx: CoreContext, principal: Principal, id: string): Promise<Webhook> {
  return webhookView(ctx, await requireWebhook(ctx, principal, id));
}

/** Setting `status: active` also re-enables a disabled webhook and forgets its failure streak. */
export async function updateWebhook(ctx: CoreContext, principal: Principal, id: string, patch: WebhookPatch): Promise<Webhook> {
  const row = await requireWebhook(ctx, principal, id);
  const set = {
    ...(patch.url !== undefined ? { url: checkUrl(patch.url) } : {}),
    ...(patch.events !== undefined ? { events: checkEvents(patch.events) } : {}),
    ...(patch.filters !== undefined ? { filters: JSON.stringify(patch.filters) } : {}),
    ...(patch.parallel !== undefined ? { parallel: patch.parallel ? 1 : 0 } : {}),
    ...(patch.status !== undefined ? { status: patch.status } : {}),
    ...(patch.status === 'active' && row.status !== 'active' ? { disabled_reason: null, failing_since: null } : {}),
    updated_at: now(),
  };
  await ctx.store.write(row.conversation_id, async ({ db }) => {
    await db.updateTable('webhooks').set(set).where('id', '=', id).execute();
    // Deliveries still to go follow the new ordering choice.
    if (patch.parallel !== undefined) {
      await db.updateTable('deliveries').set({ ordered: patch.parallel ? 0 : 1 }).where('webhook_id', '=', id).where('sample', 'is', null).where('status', 'in', ['pending', 'failed', 'sending']).execute();
    }
  });
  return webhookView(ctx, await loadWebhook(ctx, id));
}

/** Deletes the webhook with its delivery log; its reply_url answers 404 from then on. */
export async function deleteWebhook(ctx: CoreContext, principal: Principal, id: string): Promise<void> {
  const row = await requireWebhook(ctx, principal, id);
  await ctx.store.write(row.conversation_id, async ({ db }) => {
    await db.deleteFrom('webhooks').where('id', '=', id).execute();
    if (row.reply_hook_id) await db.updateTable('hooks').set({ deleted_at: now() }).where('id', '=', row.reply_hook_id).execute();
  });
  if (row.reply_token_hash) await ctx.hookTokens.forget(row.reply_token_hash);
}

/** A new secret; the old one keeps signing beside it for WEBHOOK_SECRET_OVERLAP, so receivers can switch. */
export async function rotateWebhookSecret(ctx: CoreContext, principal: Principal, id: string): Promise<Webhook> {
  const row = await requireWebhook(ctx, principal, id);
  const at = now();
  const overlapMs = settingsFor(ctx.config).secretOverlapMs;
  await ctx.store.write(row.conversation_id, ({ db }) =>
    db.updateTable('webhooks').set({ secret: generateSecret(), previous_secret: row.secret, previous_secret_until: at + overlapMs, updated_at: at }).where('id', '=', id).execute(),
  );
  return webhookView(ctx, await loadWebhook(ctx, id));
}
