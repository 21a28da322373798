import type { Principal } from '../auth/principal.ts';
import type { CoreContext } from '../context.ts';
import { requireConversation } from '../conversations/conversations.ts';
import { iso } from '../../lib/time.ts';

export interface CaseView {
  id: string;
  external_id: string;
  title: string;
  status: 'open' | 'closed';
  message_count: number;
  created_at: string;
  updated_at: string;
}

export async function listCases(ctx: CoreContext, principal: Principal, conversationId: string): Promise<CaseView[]> {
  await requireConversation(ctx, principal, conversationId);
  const rows = await ctx.store.db.selectFrom('cases').selectAll().where('conversation_id', '=', conversationId).orderBy('created_at', 'desc').execute();
  return rows.map((r) => ({ id: r.id, external_id: r.external_id, title: r.title, status: r.status, message_count: r.message_count, created_at: iso(r.created_at), updated_at: iso(r.updated_at) }));
}
