/** Small text helpers for dialects that build a plain-text body from structured content. */

/** The non-blank parts, joined; `''` when none. */
export function joinPresent(parts: ReadonlyArray<string | null>, separator: string): string {
  return parts.filter((part): part is string => part !== null && part.trim() !== '').join(separator);
}

/** `"title: value"` when both are set, else whichever is (`null` when neither). */
export function labelled(title: string | null, value: string | null): string | null {
  return joinPresent([title, value], ': ') || null;
}
