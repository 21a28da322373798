/**
 * Each conversation numbers its events; a transaction takes the numbers. The first number a
 * transaction takes locks the rows of every conversation its batch writes to, in one UPDATE whose
 * row locks serialise writers per conversation until commit; numbers are then counted in memory,
 * and the counters are written back by one held update (write-behind.ts), before the next
 * statement that touches them or the commit.
 */
import type { HeldUpdate, Statement } from './statements.ts';
import { touches } from './statements.ts';
import type { WriteBehind } from './write-behind.ts';

interface Counter {
  last: number;
  /** when the last number was taken (the conversation's updated_at); null: none taken yet */
  at: number | null;
}

const SEQ_WRITE_BACK = 'conversation seqs';
const LOCK_TOUCHES = touches('conversations(last_seq)');

export class Sequences {
  readonly #held: WriteBehind;
  readonly #counters = new Map<string, Counter>();
  /** one object for the transaction, held again after each number (so it runs after the other updates) */
  readonly #writeBack: HeldUpdate;

  constructor(held: WriteBehind) {
    this.#held = held;
    const counters = this.#counters;
    this.#writeBack = {
      table: 'conversations',
      columns: new Set(['last_seq', 'updated_at']),
      keyColumn: 'id',
      keys: () => [...counters].filter(([, c]) => c.at !== null).map(([id]) => id),
      build: () => writeBackSql(counters),
    };
  }

  /** The conversation's next number; null when there is no such conversation. */
  async next(conversationId: string, at: number): Promise<number | null> {
    let counter = this.#counters.get(conversationId);
    if (!counter) {
      const keys = this.#held.keys;
      const ids = keys.includes(conversationId) ? keys.filter((id) => !this.#counters.has(id)) : [conversationId];
      // Only conversations without a counter here: the held write-back covers only those with one.
      const lock = { sql: `update conversations set last_seq = last_seq where id in (${ids.map(() => '?').join(', ')}) returning id, last_seq`, touches: LOCK_TOUCHES, reads: false };
      const rows = await this.#held.run(lock, ids, this.#writeBack);
      for (const row of rows) this.#counters.set(String(row.id), { last: Number(row.last_seq), at: null });
      counter = this.#counters.get(conversationId);
      if (!counter) return null;
    }
    counter.last += 1;
    counter.at = at;
    this.#held.deferUpdate(SEQ_WRITE_BACK, this.#writeBack);
    return counter.last;
  }

  /** A write was rolled back to its savepoint: the counters are read again. */
  discard(): void {
    this.#counters.clear();
  }
}

/** One UPDATE writing every counter the transaction moved, with its time (portable CASE, not UPDATE … FROM). */
function writeBackSql(counters: Map<string, Counter>): Statement {
  const moved = [...counters].filter(([, c]) => c.at !== null);
  const cases = moved.map(() => 'when ? then cast(? as bigint)').join(' ');
  const sql = `update conversations set last_seq = case id ${cases} end, updated_at = case id ${cases} end where id in (${moved.map(() => '?').join(', ')})`;
  return [sql, [...moved.flatMap(([id, c]) => [id, c.last]), ...moved.flatMap(([id, c]) => [id, c.at]), ...moved.map(([id]) => id)]];
}
