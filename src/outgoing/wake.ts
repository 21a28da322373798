/**
 * Telling delivery workers that deliveries became due. This node's worker is woken after commit
 * through `ctx.ports.wakeDeliveries` (wired in runtime.ts); other nodes hear it through a
 * notification on DELIVERIES_CHANNEL sent when the transaction commits, and every worker also polls.
 */
import type { WriteTx } from '../store/write/write-tx.ts';

export const DELIVERIES_CHANNEL = 'switchboard_deliveries';

/**
 * Inside a write transaction: the other nodes' workers are woken when it commits. The transaction
 * sends each notification once, so a group-committed batch of many messages sends one, not one
 * round trip per message.
 */
export function announceDeliveries(tx: WriteTx): void {
  tx.notifyAtCommit(DELIVERIES_CHANNEL, '');
}
