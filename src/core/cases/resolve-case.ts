/**
 * Cases (Emakin-style threads). A post with `id` opens one, unique per conversation; a post with
 * `references` joins the case of the first referenced id it finds (a case id or an earlier
 * message's id); a repeated id changes nothing and is answered "already reported".
 */
import type { WriteTx } from '../../store/write/write-tx.ts';
import { SwitchboardError } from '../errors.ts';
import { newId } from '../../lib/ids.ts';

export type CaseDecision =
  | { kind: 'none' }
  | { kind: 'duplicate'; case_id: string | null }
  | { kind: 'open'; case_id: string; external_id: string; title: string }
  | { kind: 'append'; case_id: string };

export async function decideCase(
  tx: WriteTx,
  conversationId: string,
  input: { external_id: string | null; references: string[]; body: string },
): Promise<CaseDecision> {
  const { external_id, references } = input;
  if (external_id !== null) {
    const seen = await tx.db
      .selectFrom('messages')
      .select('case_id')
      .where('conversation_id', '=', conversationId)
      .where('external_id', '=', external_id)
      .executeTakeFirst();
    if (seen) return { kind: 'duplicate', case_id: seen.case_id };
  }
  if (references.length) {
    for (const ref of references) {
      const viaMessage = await tx.db
        .selectFrom('messages')
        .select('case_id')
        .where('conversation_id', '=', conversationId)
        .where('external_id', '=', ref)
        .where('case_id', 'is not', null)
        .executeTakeFirst();
      if (viaMessage?.case_id) return { kind: 'append', case_id: viaMessage.case_id };
    }
    throw new SwitchboardError('unknown_reference', `no case has the id ${references.map((r) => JSON.stringify(r)).join(' or ')}`);
  }
  if (external_id === null) return { kind: 'none' };
  return { kind: 'open', case_id: newId('case'), external_id, title: caseTitle(input.body, external_id) };
}

function caseTitle(body: string, externalId: string): string {
  const first = body.split('\n').find((line) => line.trim()) ?? '';
  return (first.trim() || externalId).slice(0, 200);
}
