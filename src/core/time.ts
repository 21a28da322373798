/** Times are stored as epoch milliseconds and shown as ISO 8601 strings. */
export const now = (): number => Date.now();
export const iso = (ms: number): string => new Date(ms).toISOString();
