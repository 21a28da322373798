/** Text with its http(s) URLs as links; the rest stays text (preact escapes it). */
import { linkify } from './safe-url.ts';

export function LinkedText(props: { text: string }) {
  return (
    <>
      {linkify(props.text).map((part, i) =>
        part.url ? <a key={i} href={part.url} target="_blank" rel="noopener noreferrer">{part.text}</a> : part.text,
      )}
    </>
  );
}
