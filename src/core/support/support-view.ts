/**
 * The support side of a conversation, shown on conversations of kind `support`: the contact (the
 * visitor, as the bridge it came through describes them), the assigned operator and the tags.
 */
import type { Selectable } from 'kysely';
import type { ConversationsTable } from '../../store/schema.ts';
import type { Principal } from '../auth/principal.ts';

/** The visitor; `external_id` is the third party's chat id (null for support conversations made by hand). */
export interface Contact {
  name: string | null;
  phone: string | null;
  email: string | null;
  external_id: string | null;
}

/** What a support conversation carries besides the Conversation fields. */
export interface SupportFields {
  contact: Contact;
  /** the operator in charge; null: waiting in the unassigned queue */
  assignee: { id: string; name: string } | null;
  tags: string[];
  /** the bridge the conversation came through, if any */
  bridge_id: string | null;
}

type SupportColumnName = 'assignee_id' | 'tags' | 'contact_name' | 'contact_phone' | 'contact_email' | 'contact_external_id' | 'bridge_id';
/** The support columns of a conversation row, with the assignee's name joined in. */
export type SupportColumns = Pick<Selectable<ConversationsTable>, SupportColumnName> & { assignee_name: string | null };

export function supportFields(row: Partial<SupportColumns>): SupportFields {
  return {
    contact: { name: row.contact_name ?? null, phone: row.contact_phone ?? null, email: row.contact_email ?? null, external_id: row.contact_external_id ?? null },
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? '' } : null,
    tags: parseTags(row.tags ?? null),
    bridge_id: row.bridge_id ?? null,
  };
}

export function parseTags(text: string | null): string[] {
  if (!text) return [];
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
}

/** `assignee=` of the conversation list: `me`, `unassigned` (null) or a user id. */
export function assigneeFilterValue(principal: Principal, filter: string): string | null {
  if (filter === 'unassigned') return null;
  return filter === 'me' ? principal.user.id : filter;
}
