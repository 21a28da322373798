/**
 * PATCH of a support conversation's assignee and tags: checked before the write, applied inside
 * updateConversation's transaction, and announced as one `conversation.updated` event.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { CoreContext } from '../context.ts';
import { invalidField } from '../errors.ts';
import type { Conversation } from '../types.ts';
import { addMemberRows } from './add-members.ts';
import type { SupportFields } from './support-view.ts';

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 50;

/** The support fields a PATCH may change. */
export interface SupportPatch {
  /** null unassigns; a user who is not a member becomes one */
  assignee_id?: string | null;
  tags?: string[];
}

/** A checked patch: columns to set, the event data describing the change (null: nothing changed). */
export interface PreparedSupportPatch {
  set: { assignee_id?: string | null; tags?: string };
  change: Record<string, unknown> | null;
  newMember: string | null;
}

/** Trimmed, without duplicates, within the limits; a bad tag is named `tags[i]`. */
export function checkTags(tags: string[]): string[] {
  if (tags.length > MAX_TAGS) throw invalidField('tags', `must hold at most ${MAX_TAGS} tags`);
  const out: string[] = [];
  tags.forEach((raw, index) => {
    const tag = raw.trim();
    if (!tag) throw invalidField(`tags[${index}]`, 'must not be empty');
    if (tag.length > MAX_TAG_LENGTH) throw invalidField(`tags[${index}]`, `must have at most ${MAX_TAG_LENGTH} characters`);
    if (!out.includes(tag)) out.push(tag);
  });
  return out;
}

export async function prepareSupportPatch(ctx: CoreContext, current: Conversation & Partial<SupportFields>, patch: SupportPatch): Promise<PreparedSupportPatch> {
  const prepared: PreparedSupportPatch = { set: {}, change: null, newMember: null };
  if (patch.assignee_id === undefined && patch.tags === undefined) return prepared;
  if (current.kind !== 'support') {
    throw invalidField(patch.assignee_id !== undefined ? 'assignee_id' : 'tags', 'only support conversations have an assignee and tags');
  }
  const change: Record<string, unknown> = {};
  if (patch.assignee_id !== undefined && patch.assignee_id !== (current.assignee?.id ?? null)) {
    const user = patch.assignee_id === null ? null : await ctx.store.db.selectFrom('users').select(['id', 'name']).where('id', '=', patch.assignee_id).executeTakeFirst();
    if (user === undefined) throw invalidField('assignee_id', 'no user has this id');
    prepared.set.assignee_id = user?.id ?? null;
    prepared.newMember = user?.id ?? null;
    change.assignee = user;
  }
  if (patch.tags !== undefined) {
    const tags = checkTags(patch.tags);
    if (JSON.stringify(tags) !== JSON.stringify(current.tags ?? [])) {
      prepared.set.tags = JSON.stringify(tags);
      change.tags = tags;
    }
  }
  prepared.change = Object.keys(change).length ? change : null;
  return prepared;
}

/** The membership part of the patch, inside the write: an assignee must see the conversation. */
export async function applySupportMembership(db: Kysely<Database>, conversationId: string, prepared: PreparedSupportPatch, at: number): Promise<void> {
  if (prepared.newMember) await addMemberRows(db, conversationId, [prepared.newMember], at);
}
