/** JSON typed or pasted into a textarea (bridge import, payload preview). */

/** The object in a textarea, or why it is not one; empty optional text is null. */
export function parseJsonObject(text: string, optional: boolean): { value: Record<string, unknown> | null } | { error: string } {
  if (!text.trim()) return optional ? { value: null } : { error: 'paste the JSON' };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'must be a JSON object' };
    return { value: value as Record<string, unknown> };
  } catch (e) {
    return { error: `not valid JSON: ${(e as Error).message}` };
  }
}
