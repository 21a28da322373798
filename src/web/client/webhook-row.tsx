/**
 * One outgoing webhook: where it goes, its status (pause/resume, re-activate once disabled), an
 * edit form, its secret, a test event, delete, and its delivery log. Uses PATCH/DELETE
 * /webhooks/:id, /rotate-secret and /test.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorText } from './api.ts';
import type { Webhook } from './api-types.ts';
import { ConfirmButton } from './confirm-button.tsx';
import { CopyButton } from './copy-button.tsx';
import { DeliveryLog } from './delivery-log.tsx';
import { WebhookEditForm } from './webhook-edit-form.tsx';
import { WebhookSecret } from './webhook-secret.tsx';

function describeFilters(w: Webhook): string {
  const parts = [];
  if (w.filters.sender_types?.length) parts.push(`senders: ${w.filters.sender_types.join(', ')}`);
  if (w.filters.direction) parts.push(w.filters.direction === 'in' ? 'from visitors' : 'from our side');
  if (w.filters.trigger_words?.length) parts.push(`words: ${w.filters.trigger_words.join(', ')}`);
  if (w.parallel) parts.push('parallel');
  return parts.join(' · ');
}

export function WebhookRow(props: { webhook: Webhook; onChange: (w: Webhook | null) => void }) {
  const w = props.webhook;
  const path = `/webhooks/${encodeURIComponent(w.id)}`;
  const label = w.url;
  const [showLog, setShowLog] = useState(false);
  const [refreshKey, setRefreshKey] = useState(0);
  const [note, setNote] = useState('');
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  // Leaving the form puts focus back on the button that opened it.
  useEffect(() => {
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  const act = async (fn: () => Promise<void>) => {
    setNote('');
    await fn().catch((e) => setNote(errorText(e)));
  };
  const setStatus = (status: 'active' | 'paused') => act(async () => props.onChange(await api<Webhook>('PATCH', path, { status })));
  const sendTest = () => act(async () => {
    await api('POST', `${path}/test`);
    setNote('Test event sent: see the delivery log.');
    setShowLog(true);
    setRefreshKey((k) => k + 1);
  });
  const saved = (next: Webhook) => {
    setEditing(false);
    setNote('Changes saved.');
    props.onChange(next);
  };
  const filters = describeFilters(w);

  return (
    <li class="webhook">
      <div class="webhook__head">
        <span class={`status status--${w.status}`}>{w.status}</span>
        <strong class="webhook__url">{w.url}</strong>
      </div>
      {editing ? <WebhookEditForm webhook={w} label={label} onSaved={saved} onCancel={() => setEditing(false)} /> : (
        <>
          <p class="muted webhook__meta">{w.format} · {w.events.join(', ')}{filters && ` · ${filters}`}</p>
          {w.disabled_reason && <p class="error">Disabled: {w.disabled_reason}</p>}
          <WebhookSecret webhook={w} label={label} onRotate={() => act(async () => props.onChange(await api<Webhook>('POST', `${path}/rotate-secret`)))} />
          {w.reply_url && (
            <div class="secret">
              <span class="secret__label">Reply URL: a receiver posts here to answer as “{w.name}”</span>
              <div class="copy-field">
                <input readOnly value={w.reply_url} aria-label={`Reply URL of ${label}`} onFocus={(e) => e.currentTarget.select()} />
                <CopyButton text={w.reply_url} what={`reply URL of ${label}`} />
              </div>
            </div>
          )}
          <div class="hook__actions">
            <button type="button" ref={editButton} class="button button--small" onClick={() => { setNote(''); setEditing(true); }} aria-label={`Edit ${label}`}>Edit</button>
            {w.status === 'active'
              ? <button type="button" class="button button--small" onClick={() => setStatus('paused')} aria-label={`Pause ${label}`}>Pause</button>
              : w.status === 'disabled'
                ? <button type="button" class="button button--small" onClick={() => setStatus('active')} aria-label={`Re-activate ${label}`}>Re-activate</button>
                : <button type="button" class="button button--small" onClick={() => setStatus('active')} aria-label={`Resume ${label}`}>Resume</button>}
            <button type="button" class="button button--small" disabled={w.status !== 'active'} onClick={sendTest} aria-label={`Send test event to ${label}`}>Send test event</button>
            <button type="button" class="button button--small" aria-expanded={showLog} onClick={() => setShowLog(!showLog)} aria-label={`Delivery log of ${label}`}>{showLog ? 'Hide log' : 'Delivery log'}</button>
            <ConfirmButton label="Delete" confirmLabel="Delete webhook" what={label} onConfirm={() => act(async () => { await api('DELETE', path); props.onChange(null); })} />
          </div>
        </>
      )}
      <p class="muted" role="status">{note}</p>
      {showLog && <DeliveryLog webhookId={w.id} active={w.status === 'active'} refreshKey={refreshKey} />}
    </li>
  );
}
