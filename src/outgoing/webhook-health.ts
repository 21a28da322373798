/**
 * A webhook's health after a batch of attempts. Policy:
 * - `failing_since` marks the start of an unbroken run of failures; any success clears it.
 * - 410 Gone disables the webhook at once (the receiver says the endpoint is gone for good).
 * - failing without a break for WEBHOOK_DISABLE_AFTER (default 5 days) disables it too.
 * - disabling is a conditional flip (active → disabled), so exactly one writer tells the
 *   conversation, with a system message that is never delivered to that webhook.
 */
import type { CoreContext } from '../core/context.ts';
import { writeMessage } from '../core/messages/post-message.ts';
import type { DomainEvent } from '../core/types.ts';
import type { WriteTx } from '../store/write/write-tx.ts';
import type { AttemptRecord } from './attempt.ts';
import type { DeliverySettings } from './settings.ts';
import type { WebhookRow } from './webhook-view.ts';

interface Tried {
  webhook: WebhookRow;
  attempt: AttemptRecord;
}

export async function updateWebhookHealth(ctx: CoreContext, tx: WriteTx, tried: Tried[], settings: DeliverySettings, at: number): Promise<{ events: DomainEvent[]; disabled: string[] }> {
  const { db } = tx;
  const events: DomainEvent[] = [];
  const disabled: string[] = [];
  // In id order, so two nodes recording at once lock webhook rows in the same order (no deadlock).
  const byWebhook = new Map([...Map.groupBy(tried, (t) => t.webhook.id)].sort(([a], [b]) => (a < b ? -1 : 1)));
  const recovered = [...byWebhook].filter(([, ts]) => ts.some((t) => t.attempt.result.kind === 'delivered')).map(([id]) => id);
  if (recovered.length) await db.updateTable('webhooks').set({ failing_since: null }).where('id', 'in', recovered).where('failing_since', 'is not', null).execute();

  for (const ts of byWebhook.values()) {
    const latest = ts.reduce((a, b) => (b.attempt.started_at >= a.attempt.started_at ? b : a));
    const gone = ts.find((t) => t.attempt.result.kind === 'gone');
    if (!gone && latest.attempt.result.kind === 'delivered') continue;
    const { webhook, attempt } = gone ?? latest;
    await db.updateTable('webhooks').set({ failing_since: attempt.started_at }).where('id', '=', webhook.id).where('failing_since', 'is', null).execute();
    const reason = gone ? { text: 'the receiver answered 410 Gone', before: at } : streakReason(attempt, settings);
    if (!reason) continue;
    const flipped = await db.updateTable('webhooks')
      .set({ status: 'disabled', disabled_reason: reason.text, updated_at: at })
      .where('id', '=', webhook.id)
      .where('status', '=', 'active')
      .where('failing_since', '<=', reason.before)
      .returning('id')
      .executeTakeFirst();
    if (!flipped) continue;
    disabled.push(webhook.id);
    const notice = await writeMessage(ctx, tx, {
      conversation_id: webhook.conversation_id,
      body: `The webhook "${webhook.reply_name ?? webhook.id}" to ${webhook.url} was disabled: ${reason.text}. Set its status to active again once the receiver works.`,
      sender: { type: 'system', id: null, name: 'Switchboard', avatar_url: null },
      origin_webhook_id: webhook.id,
    });
    if (notice.status === 'created') events.push(...notice.events);
  }
  return { events, disabled };
}

/**
 * Disables when the streak, from its stored start to this failed attempt, lasted at least
 * WEBHOOK_DISABLE_AFTER. Measured to the attempt, not to when its outcome is recorded, so a slow
 * recording cannot shorten the streak the receiver was given.
 */
function streakReason(attempt: AttemptRecord, settings: DeliverySettings): { text: string; before: number } | null {
  if (settings.disableAfterMs <= 0) return null;
  const error = attempt.error ?? `the receiver answered HTTP ${attempt.status_code}`;
  return { text: `every delivery failed for ${describeDuration(settings.disableAfterMs)} (last error: ${error})`, before: attempt.started_at - settings.disableAfterMs };
}

/** 432000000 → "5 days", 7200000 → "2 hours", 1500 → "1.5 seconds", 300 → "300 ms". */
export function describeDuration(ms: number): string {
  const units: Array<[number, string]> = [[86_400_000, 'day'], [3_600_000, 'hour'], [60_000, 'minute'], [1000, 'second']];
  for (const [size, name] of units) {
    if (ms >= size) {
      const n = Math.round((ms / size) * 10) / 10;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${ms} ms`;
}
