/**
 * Where this browser is up to in each conversation: the highest message seq it has shown, kept in
 * localStorage (per browser, not per account across devices; the inbox API takes it as `seen`).
 */
const KEY = 'switchboard.seen.v1';

export type SeenMap = Record<string, number>;

export function readSeen(storage: Pick<Storage, 'getItem'>): SeenMap {
  try {
    const value = JSON.parse(storage.getItem(KEY) ?? '{}');
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as SeenMap) : {};
  } catch {
    return {};
  }
}

/** Records `seq` as seen in `conversationId` (never moves backwards); true when it changed. */
export function markSeen(storage: Pick<Storage, 'getItem' | 'setItem'>, conversationId: string, seq: number): boolean {
  const seen = readSeen(storage);
  if ((seen[conversationId] ?? 0) >= seq) return false;
  seen[conversationId] = seq;
  storage.setItem(KEY, JSON.stringify(seen));
  return true;
}

/** The inbox API's `seen` parameter: `conv_a:12,conv_b:40`. */
export function seenQuery(seen: SeenMap): string {
  return Object.entries(seen)
    .filter(([, seq]) => Number.isInteger(seq) && seq > 0)
    .map(([id, seq]) => `${id}:${seq}`)
    .join(',');
}
