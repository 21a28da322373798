/** A destructive action that asks once more in place (no window.confirm dialogs). */
import { useState } from 'preact/hooks';

export function ConfirmButton(props: { label: string; confirmLabel: string; onConfirm: () => void | Promise<void>; what?: string }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return <button type="button" class="button button--small button--quiet" aria-label={props.what ? `${props.label} ${props.what}` : undefined} onClick={() => setAsking(true)}>{props.label}</button>;
  }
  return (
    <span class="confirm">
      <button type="button" class="button button--small button--danger" autoFocus onClick={async () => { setAsking(false); await props.onConfirm(); }}>{props.confirmLabel}</button>
      <button type="button" class="button button--small button--quiet" onClick={() => setAsking(false)}>Cancel</button>
    </span>
  );
}
