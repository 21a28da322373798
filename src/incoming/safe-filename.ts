/**
 * Client-supplied file names are display names only (bytes live under their SHA-256), but they are
 * shown and sent back in Content-Disposition, so path parts, control characters and reserved
 * names are removed: `../../etc/passwd` becomes `passwd`.
 */
const MAX_LENGTH = 200;

export function safeFilename(name: string, fallback = 'file'): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, MAX_LENGTH);
  return cleaned || fallback;
}
