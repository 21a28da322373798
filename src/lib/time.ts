/** Times are stored as epoch milliseconds and shown as ISO 8601 strings. */
export const now = (): number => Date.now();
// Messages written together share their millisecond: the last conversion is kept.
let lastMs = NaN;
let lastIso = '';
export const iso = (ms: number): string => {
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastIso;
};
