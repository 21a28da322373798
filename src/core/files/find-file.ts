import type { Principal } from '../auth/principal.ts';
import type { CoreContext } from '../context.ts';
import { requireConversation } from '../conversations/conversations.ts';
import { SwitchboardError } from '../errors.ts';

/** A stored file attachment the caller may download (a member of its conversation). */
export async function findFile(ctx: CoreContext, principal: Principal, attachmentId: string): Promise<{ name: string; content_type: string; size: number; sha256: string }> {
  const row = await ctx.store.db.selectFrom('attachments').selectAll().where('id', '=', attachmentId).where('kind', '=', 'file').executeTakeFirst();
  const notFound = new SwitchboardError('file_not_found', 'file not found');
  if (!row || !row.sha256) throw notFound;
  await requireConversation(ctx, principal, row.conversation_id).catch(() => {
    throw notFound;
  });
  return { name: row.name, content_type: row.content_type ?? 'application/octet-stream', size: row.size ?? 0, sha256: row.sha256 };
}
