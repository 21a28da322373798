/** Rows to the Message shape of the contract. */
import type { Kysely, Selectable } from 'kysely';
import type { AttachmentsTable, Database, MessagesTable } from '../../store/schema.ts';
import { iso } from '../../lib/time.ts';
import type { Attachment, Message, SenderType } from '../types.ts';

export function fileUrl(publicUrl: string, attachmentId: string, name: string): string {
  return `${publicUrl}/api/v1/files/${attachmentId}/${encodeURIComponent(name)}`;
}

export function attachmentView(publicUrl: string, row: Selectable<AttachmentsTable>): Attachment {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    url: row.kind === 'file' ? fileUrl(publicUrl, row.id, row.name) : (row.url ?? ''),
    content_type: row.content_type,
    size: row.size,
    sha256: row.sha256,
  };
}

export function messageView(publicUrl: string, row: Selectable<MessagesTable>, attachments: Selectable<AttachmentsTable>[]): Message {
  return {
    id: row.id,
    conversation_id: row.conversation_id,
    seq: row.seq,
    body: row.body,
    sender: { type: row.sender_type as SenderType, id: row.sender_id, name: row.sender_name, avatar_url: row.sender_avatar_url },
    attachments: attachments.map((a) => attachmentView(publicUrl, a)),
    case_id: row.case_id,
    direction: row.direction,
    rich: row.rich ? JSON.parse(row.rich) : null,
    created_at: iso(row.created_at),
  };
}

/** Loads the attachments of many messages in one query and builds their views, in the given order. */
export async function messageViews(db: Kysely<Database>, publicUrl: string, rows: Selectable<MessagesTable>[]): Promise<Message[]> {
  if (!rows.length) return [];
  const attachments = await db
    .selectFrom('attachments')
    .selectAll()
    .where(
      'message_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('position')
    .execute();
  const byMessage = Map.groupBy(attachments, (a) => a.message_id);
  return rows.map((r) => messageView(publicUrl, r, byMessage.get(r.id) ?? []));
}
