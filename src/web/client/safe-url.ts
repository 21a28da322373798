/**
 * Hook-supplied URLs are untrusted: only absolute http(s) URLs become hrefs or image sources, so a
 * `javascript:` or `data:` link is shown as text and never followed.
 */
export function safeHttpUrl(url: unknown): string | null {
  if (typeof url !== 'string' || url.length > 4000) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A piece of message text: plain, or an http(s) URL to show as a link. */
export type TextPart = { text: string; url?: string };

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"']+/g;

/** Splits text into plain parts and link parts; trailing punctuation stays out of the link. */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const raw = match[0].replace(/[).,;:!?\]]+$/, '');
    const url = safeHttpUrl(raw);
    if (!url) continue;
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ text: raw, url });
    last = match.index + raw.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
