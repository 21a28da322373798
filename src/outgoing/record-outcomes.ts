/**
 * After attempts, in one transaction for a whole batch of them: the attempt log rows, each
 * delivery's next state (delivery-state.ts), the webhooks' health (webhook-health.ts) and the bot
 * replies the responses carried. Writing a reply with its outcome means a crash can neither lose it
 * nor post it twice. Successes share one UPDATE per (status code, manual) group.
 *
 * Only touches the database (the write batcher may run it again after a rollback); events of the
 * messages it writes are returned for the caller to publish after commit.
 */
import { sql, type Kysely } from 'kysely';
import type { CoreContext } from '../core/context.ts';
import { newId } from '../lib/ids.ts';
import { writeMessage } from '../core/messages/post-message.ts';
import type { DomainEvent } from '../core/types.ts';
import type { Database } from '../store/schema.ts';
import type { WriteTx } from '../store/write/write-tx.ts';
import type { AttemptRecord } from './attempt.ts';
import type { DeliveryRow } from './claim.ts';
import { decideNextState, type DeliveryStatus, type NextState } from './delivery-state.ts';
import type { DeliverySettings } from './settings.ts';
import { updateWebhookHealth } from './webhook-health.ts';
import type { WebhookRow } from './webhook-view.ts';

export interface OutcomeInput {
  delivery: DeliveryRow;
  webhook: WebhookRow;
  attempt: AttemptRecord;
  manual: boolean;
  /** post the response's reply (false when the bot loop limit refused it) */
  postReply: boolean;
}

export interface RecordedBatch {
  /** the new status of each delivery this worker still owned, by id */
  statuses: Map<string, DeliveryStatus>;
  /** events of the messages written (bot replies, "webhook disabled"): publish after commit */
  events: DomainEvent[];
  /** webhooks this batch disabled */
  disabled: string[];
}

export async function recordOutcomes(ctx: CoreContext, tx: WriteTx, inputs: OutcomeInput[], owner: string, settings: DeliverySettings): Promise<RecordedBatch> {
  const { db } = tx;
  const at = Date.now();
  const decided = inputs.map((input) => ({
    input,
    next: decideNextState({
      result: input.attempt.result, manual: input.manual, status: input.delivery.status, autoAttempts: input.delivery.auto_attempts,
      scheduleSeconds: settings.scheduleSeconds, now: at, random: Math.random,
    }),
  }));
  const owned = await updateDeliveries(db, decided, owner, at);
  await insertAttempts(db, inputs, owned);

  const events: DomainEvent[] = [];
  const mine = inputs.filter((i) => owned.has(i.delivery.id));
  const replies = mine.filter((i) => i.postReply && i.attempt.reply && i.attempt.result.kind === 'delivered');
  for (const input of replies.sort((a, b) => (a.webhook.conversation_id < b.webhook.conversation_id ? -1 : 1))) {
    const { webhook } = input;
    const result = await writeMessage(ctx, tx, {
      conversation_id: webhook.conversation_id,
      body: input.attempt.reply!.text,
      sender: { type: 'bot', id: webhook.id, name: webhook.reply_name ?? 'Webhook', avatar_url: null },
      origin_webhook_id: webhook.id,
    });
    if (result.status === 'created') events.push(...result.events);
  }
  const health = await updateWebhookHealth(ctx, tx, mine.map((i) => ({ webhook: i.webhook, attempt: i.attempt })), settings, at);
  events.push(...health.events);
  return { statuses: new Map(decided.filter((d) => owned.has(d.input.delivery.id)).map((d) => [d.input.delivery.id, d.next.status])), events, disabled: health.disabled };
}

/** Returns the ids this worker still held: a row whose lease another worker took over is theirs now. */
async function updateDeliveries(db: Kysely<Database>, decided: { input: OutcomeInput; next: NextState }[], owner: string, at: number): Promise<Set<string>> {
  const owned = new Set<string>();
  const delivered = Map.groupBy(decided.filter((d) => d.next.status === 'delivered'), (d) => `${d.input.manual ? 1 : 0}:${d.input.attempt.status_code}`);
  for (const group of delivered.values()) {
    const { input } = group[0];
    const rows = await sql<{ id: string }>`
      update deliveries set status = 'delivered', attempts = attempts + 1, auto_attempts = auto_attempts + ${input.manual ? 0 : 1},
        next_attempt_at = null, last_status_code = ${input.attempt.status_code}, last_error = null, manual_retry = 0,
        lease_owner = null, lease_until = null, updated_at = ${at}
      where id in (${sql.join(group.map((d) => d.input.delivery.id))}) and lease_owner = ${owner}
      returning id`.execute(db);
    for (const row of rows.rows) owned.add(row.id);
  }
  for (const { input, next } of decided.filter((d) => d.next.status !== 'delivered')) {
    const row = await db.updateTable('deliveries')
      .set((eb) => ({
        status: next.status,
        auto_attempts: next.auto_attempts,
        ...(next.next_attempt_at !== undefined ? { next_attempt_at: next.next_attempt_at } : {}),
        attempts: eb('attempts', '+', 1),
        last_status_code: input.attempt.status_code,
        last_error: lastError(input.attempt),
        ...(input.manual ? { manual_retry: 0 } : {}),
        lease_owner: null,
        lease_until: null,
        updated_at: at,
      }))
      .where('id', '=', input.delivery.id)
      .where('lease_owner', '=', owner)
      .returning('id')
      .executeTakeFirst();
    if (row) owned.add(row.id);
  }
  return owned;
}

/** Every attempt is logged, also when the lease was lost meanwhile, unless the delivery is gone (deleted webhook). */
async function insertAttempts(db: Kysely<Database>, inputs: OutcomeInput[], owned: Set<string>): Promise<void> {
  const unowned = inputs.filter((i) => !owned.has(i.delivery.id)).map((i) => i.delivery.id);
  const existing = new Set(owned);
  if (unowned.length) for (const row of await db.selectFrom('deliveries').select('id').where('id', 'in', unowned).execute()) existing.add(row.id);
  const rows = inputs.filter((i) => existing.has(i.delivery.id)).map(({ delivery, attempt, manual }) => ({
    id: newId('try'), delivery_id: delivery.id, started_at: attempt.started_at, duration_ms: attempt.duration_ms, status_code: attempt.status_code,
    response_excerpt: attempt.response_excerpt, error: attempt.error, manual: manual ? 1 : 0,
  }));
  for (let i = 0; i < rows.length; i += 100) await db.insertInto('delivery_attempts').values(rows.slice(i, i + 100)).execute();
}

/** What went wrong, as the log and the delivery show it; null for a success. */
export function lastError(attempt: AttemptRecord): string | null {
  if (attempt.error) return attempt.error;
  return attempt.result.kind === 'delivered' ? null : `the receiver answered HTTP ${attempt.status_code}`;
}
