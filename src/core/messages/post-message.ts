/**
 * postMessage: the one write path. Message, attachments, case and events (with the outbox rows the
 * events cause) are written in one group-committed transaction (store.write); the caller is
 * answered after commit, and the events then go to ctx.ports.afterCommit.
 */
import { holdMessage, type MessageRow } from '../../store/hot-path/messages.ts';
import type { WriteTx } from '../../store/write/write-tx.ts';
import { decideCase } from '../cases/resolve-case.ts';
import type { CoreContext } from '../context.ts';
import { appendEvent, seqOf } from '../events/append-event.ts';
import { newId } from '../../lib/ids.ts';
import { now } from '../../lib/time.ts';
import type { Direction, DomainEvent, Message, Sender } from '../types.ts';
import { messageView } from './views.ts';

export interface StoredFile {
  name: string;
  content_type: string;
  size: number;
  sha256: string;
}

export interface NewMessage {
  conversation_id: string;
  body: string;
  sender: Sender;
  files?: StoredFile[];
  links?: { name: string; url: string; content_type?: string | null }[];
  rich?: Record<string, unknown> | null;
  direction?: Direction;
  /** the webhook whose reply this is: it is never delivered back to that webhook */
  origin_webhook_id?: string | null;
  /** Emakin-style case handling */
  external_id?: string | null;
  references?: string[];
}

export type PostResult =
  | { status: 'created'; message: Message; case_id: string | null; events: DomainEvent[] }
  | { status: 'already_reported'; case_id: string | null };

/** Runs inside the transaction after the message is written (idempotency records use it). */
export type AfterWrite = (tx: WriteTx, result: PostResult) => Promise<void>;

export async function postMessage(ctx: CoreContext, input: NewMessage, afterWrite?: AfterWrite): Promise<PostResult> {
  let result: PostResult;
  try {
    result = await ctx.store.write(input.conversation_id, async (tx) => {
      const r = await writeMessage(ctx, tx, input);
      if (afterWrite) await afterWrite(tx, r);
      return r;
    });
  } catch (error) {
    // Two nodes raced on the same case id: the loser's insert hit the unique index.
    if (input.external_id != null && isUniqueViolation(error)) return { status: 'already_reported', case_id: null };
    throw error;
  }
  if (result.status === 'created') ctx.ports.afterCommit(result.events);
  return result;
}

/** postMessage's write inside the caller's transaction (the delivery worker stores a bot reply with its delivery's outcome). */
export async function writeMessage(ctx: CoreContext, tx: WriteTx, input: NewMessage): Promise<PostResult> {
  const at = now();
  const decision = await decideCase(tx, input.conversation_id, {
    external_id: input.external_id ?? null,
    references: input.references ?? [],
    body: input.body,
  });
  if (decision.kind === 'duplicate') return { status: 'already_reported', case_id: decision.case_id };

  const events: DomainEvent[] = [];
  const caseId = decision.kind === 'open' || decision.kind === 'append' ? decision.case_id : null;
  if (decision.kind === 'open') {
    await tx.db
      .insertInto('cases')
      .values({ id: decision.case_id, conversation_id: input.conversation_id, external_id: decision.external_id, title: decision.title, status: 'open', message_count: 0, created_at: at, updated_at: at })
      .execute();
  }

  const seq = seqOf(await tx.nextSeq(input.conversation_id, at));
  const row: MessageRow = {
    id: newId('msg'),
    conversation_id: input.conversation_id,
    seq,
    body: input.body,
    sender_type: input.sender.type,
    sender_id: input.sender.id,
    sender_name: input.sender.name,
    sender_avatar_url: input.sender.avatar_url,
    case_id: caseId,
    direction: input.direction ?? null,
    rich: input.rich ? JSON.stringify(input.rich) : null,
    origin_webhook_id: input.origin_webhook_id ?? null,
    external_id: input.external_id ?? null,
    created_at: at,
  };
  // Held, not awaited: written with the batch's other messages before the next statement on messages.
  holdMessage(tx, row);
  const attachments = attachmentRows(row.id, input);
  if (attachments.length) await tx.db.insertInto('attachments').values(attachments).execute();
  const message = messageView(ctx.config.publicUrl, row, attachments);

  if (caseId) {
    await tx.db.updateTable('cases').set((eb) => ({ message_count: eb('message_count', '+', 1), updated_at: at })).where('id', '=', caseId).execute();
    const caseRow = await tx.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    const caseData = { case: { id: caseRow.id, external_id: caseRow.external_id, title: caseRow.title, status: caseRow.status, message_count: caseRow.message_count }, message_id: row.id };
    events.push(await appendEvent(ctx, tx, { conversation_id: input.conversation_id, type: decision.kind === 'open' ? 'case.created' : 'case.updated', data: caseData, at }));
  }
  // The message.created event shares the message's sequence number.
  events.unshift(await appendEvent(ctx, tx, { conversation_id: input.conversation_id, type: 'message.created', data: { message }, seq, at }));
  return { status: 'created', message, case_id: caseId, events };
}

function attachmentRows(messageId: string, input: NewMessage) {
  const files = (input.files ?? []).map((f) => ({ kind: 'file' as const, name: f.name, url: null, content_type: f.content_type, size: f.size, sha256: f.sha256 }));
  const links = (input.links ?? []).map((l) => ({ kind: 'link' as const, name: l.name, url: l.url, content_type: l.content_type ?? null, size: null, sha256: null }));
  return [...files, ...links].map((a, position) => ({ id: newId('att'), message_id: messageId, conversation_id: input.conversation_id, position, ...a }));
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return e?.code === '23505' || /UNIQUE constraint failed/.test(e?.message ?? '');
}
