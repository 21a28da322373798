/** A webhook's signing secret: hidden until asked, copyable, rotatable (the old one overlaps for a while). */
import { useState } from 'preact/hooks';
import type { Webhook } from './api-types.ts';
import { ConfirmButton } from './confirm-button.tsx';
import { CopyButton } from './copy-button.tsx';
import { formatTime } from './format.ts';

// Shows the prefix only, so a screen share or screenshot does not leak it.
const maskSecret = (secret: string): string => `${secret.slice(0, 6)}${'•'.repeat(24)}`;

export function WebhookSecret(props: { webhook: Webhook; label: string; onRotate: () => Promise<void> }) {
  const [shown, setShown] = useState(false);
  const w = props.webhook;
  return (
    <div class="secret">
      <span class="secret__label">Signing secret</span>
      <div class="copy-field">
        <input readOnly value={shown ? w.secret : maskSecret(w.secret)} aria-label={`Secret of ${props.label}`} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" class="button button--small" aria-pressed={shown} onClick={() => setShown(!shown)}>{shown ? 'Hide' : 'Show'}</button>
        <CopyButton text={w.secret} what={`secret of ${props.label}`} />
        <ConfirmButton label="Rotate secret" confirmLabel="Rotate: a new secret signs from now" what={props.label} onConfirm={props.onRotate} />
      </div>
      {w.previous_secret_expires_at && <p class="muted">The previous secret also signs until {formatTime(w.previous_secret_expires_at)}, so receivers can switch.</p>}
    </div>
  );
}
