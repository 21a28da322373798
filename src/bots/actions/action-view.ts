/** Action rows to the shape the API answers with. */
import type { Selectable } from 'kysely';
import { iso } from '../../lib/time.ts';
import type { EventType } from '../../core/types.ts';
import type { ReplyCall } from '../../mapping/reply-call.ts';
import type { ActionsTable } from '../../store/schema.ts';
import type { ActionCondition } from './conditions.ts';

export type ActionRow = Selectable<ActionsTable>;

/**
 * An event-triggered REST call. Exactly one of `conversation_id` (that conversation) and
 * `bridge_id` (every conversation of the bridge) is set. `deliveries` is its delivery log's path.
 */
export interface Action {
  id: string;
  conversation_id: string | null;
  bridge_id: string | null;
  name: string;
  event: EventType;
  conditions: ActionCondition[];
  request: ReplyCall;
  status: 'active' | 'paused';
  deliveries: string;
  created_at: string;
  updated_at: string;
}

export function actionView(row: ActionRow): Action {
  return {
    id: row.id,
    conversation_id: row.conversation_id,
    bridge_id: row.bridge_id,
    name: row.name,
    event: row.event as EventType,
    conditions: JSON.parse(row.conditions),
    request: JSON.parse(row.request),
    status: row.status,
    deliveries: `/api/v1/actions/${row.id}/deliveries`,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}
