/** Copies text to the clipboard; falls back to selecting it where the Clipboard API is unavailable (plain http). */
import { useState } from 'preact/hooks';

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'offscreen';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

export function CopyButton(props: { text: string; label?: string; what?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const click = async () => {
    setState((await copyText(props.text)) ? 'copied' : 'failed');
    setTimeout(() => setState('idle'), 2000);
  };
  return (
    <>
      <button type="button" class="button button--small" onClick={click} aria-label={props.what ? `Copy ${props.what}` : undefined}>
        {state === 'copied' ? 'Copied' : (props.label ?? 'Copy')}
      </button>
      <span class="visually-hidden" role="status">{state === 'copied' ? 'Copied to the clipboard' : state === 'failed' ? 'Copying failed: select the text and copy it' : ''}</span>
    </>
  );
}
