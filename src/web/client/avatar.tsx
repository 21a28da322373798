/** A sender's picture (hook `icon_url` / `avatar_url`), or coloured initials when there is none or it fails. */
import { useState } from 'preact/hooks';
import { colorSlot, initials } from './format.ts';
import { safeHttpUrl } from './safe-url.ts';

export function Avatar(props: { name: string; url: string | null }) {
  const [failed, setFailed] = useState(false);
  const src = safeHttpUrl(props.url);
  if (src && !failed) return <img class="avatar" src={src} alt="" width={36} height={36} referrerpolicy="no-referrer" onError={() => setFailed(true)} />;
  return <span class={`avatar avatar--initials avatar--c${colorSlot(props.name)}`} aria-hidden="true">{initials(props.name)}</span>;
}
