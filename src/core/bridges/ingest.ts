/**
 * A post to a bridge's URL: the mapping reads the payload, each message is stored in its chat's
 * conversation, and the answer is given only after the messages are committed. A payload that
 * produces nothing is answered `ignored` with 200 (so the gateway does not retry) and logged.
 */
import { interpretPayload, type InterpretedMessage, type InterpretResult } from '../../mapping/interpret.ts';
import type { CoreContext } from '../context.ts';
import { loadBridge, type BridgeRow } from './bridge-view.ts';
import { recordIgnored } from './ignored-log.ts';
import { storeBridgeMessage } from './store-bridge-message.ts';

/** One message of the payload that produced nothing; `index` is its place in the payload's list. */
export interface Skipped {
  index: number;
  reason: string;
}

/**
 * `stored`: at least one new message; `duplicate`: every message was stored before (their ids are
 * in `already_stored`); `ignored`: nothing to store, with the reason.
 */
export type BridgeAnswer =
  | { result: 'ignored'; reason: string }
  | { result: 'stored' | 'duplicate'; conversation_id: string; message_ids: string[]; already_stored?: string[]; skipped?: Skipped[] };

export async function ingestPayload(ctx: CoreContext, row: BridgeRow, payload: unknown): Promise<BridgeAnswer> {
  const bridge = loadBridge(row);
  const interpreted = interpretPayload(bridge.mapping, payload);
  if (interpreted.result === 'ignored') {
    await recordIgnored(ctx, row.id, interpreted.reason, payload);
    return interpreted;
  }
  const skipped = [...interpreted.skipped];
  const positions = messagePositions(interpreted);
  const stored: string[] = [];
  const duplicates: string[] = [];
  let conversationId: string | null = null;
  for (const [i, message] of interpreted.messages.entries()) {
    const outcome = await storeBridgeMessage(ctx, bridge, withoutNul(message));
    if (outcome.status === 'skipped') {
      skipped.push({ index: positions[i], reason: outcome.reason });
      continue;
    }
    conversationId ??= outcome.conversation_id;
    (outcome.status === 'stored' ? stored : duplicates).push(outcome.message_id);
  }
  skipped.sort((a, b) => a.index - b.index);
  const reason = describeSkipped(skipped);
  if (conversationId === null) {
    await recordIgnored(ctx, row.id, reason, payload);
    return { result: 'ignored', reason };
  }
  if (skipped.length) await recordIgnored(ctx, row.id, `some messages were skipped: ${reason}`, payload);
  return {
    result: stored.length ? 'stored' : 'duplicate',
    conversation_id: conversationId,
    message_ids: stored,
    ...(duplicates.length ? { already_stored: duplicates } : {}),
    ...(skipped.length ? { skipped } : {}),
  };
}

/** Where each interpreted message sat in the payload's list (the skipped ones left gaps). */
function messagePositions(interpreted: Extract<InterpretResult, { result: 'messages' }>): number[] {
  const gaps = new Set(interpreted.skipped.map((s) => s.index));
  const positions: number[] = [];
  for (let index = 0; positions.length < interpreted.messages.length; index++) if (!gaps.has(index)) positions.push(index);
  return positions;
}

/** PostgreSQL text cannot hold U+0000, which a payload may (escaped) carry; it means nothing in a chat. */
function withoutNul(message: InterpretedMessage): InterpretedMessage {
  const clean = (value: string | null) => (value === null ? null : value.replaceAll('\u0000', ''));
  return {
    ...message,
    chat_id: message.chat_id.replaceAll('\u0000', ''),
    body: message.body.replaceAll('\u0000', ''),
    nick: clean(message.nick),
    phone: clean(message.phone),
    email: clean(message.email),
    external_message_id: clean(message.external_message_id),
    ...(message.file_url !== undefined ? { file_url: message.file_url.replaceAll('\u0000', '') } : {}),
  };
}

export function describeSkipped(skipped: Skipped[]): string {
  if (skipped.length === 1) return skipped[0].reason;
  return skipped.map(({ index, reason }) => `[${index}] ${reason}`).join('; ');
}
