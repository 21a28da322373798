/**
 * A webhook's delivery log, newest first, refreshed every few seconds while it is shown and the
 * tab is visible (the log has no event stream). Retry one delivery; replay failed ones since a time.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, errorText } from './api.ts';
import type { Delivery } from './api-types.ts';
import { DeliveryItem } from './delivery-item.tsx';
import { localInputToIso, toLocalInput } from './delivery-text.ts';

export const LOG_REFRESH_MS = 2000;

function ReplayForm(props: { webhookId: string; disabled: boolean; onDone: (note: string) => void }) {
  const [since, setSince] = useState(() => toLocalInput(Date.now() - 3_600_000));
  const submit = async (event: Event) => {
    event.preventDefault();
    const iso = localInputToIso(since);
    if (!iso) return props.onDone('Pick a time to replay from.');
    try {
      const { count } = await api<{ count: number }>('POST', `/webhooks/${encodeURIComponent(props.webhookId)}/replay`, { since: iso });
      props.onDone(count === 0 ? 'No failed deliveries since then.' : `${count} failed ${count === 1 ? 'delivery' : 'deliveries'} queued again.`);
    } catch (e) {
      props.onDone(errorText(e));
    }
  };
  return (
    <form class="inline-form" onSubmit={submit}>
      <label class="field">
        <span>Replay failed deliveries since</span>
        <input type="datetime-local" required value={since} onInput={(e) => setSince(e.currentTarget.value)} />
      </label>
      <button type="submit" class="button" disabled={props.disabled}>Replay</button>
    </form>
  );
}

export function DeliveryLog(props: { webhookId: string; active: boolean; refreshKey: number }) {
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [note, setNote] = useState('');
  const [error, setError] = useState('');

  const load = useCallback(() => {
    api<{ deliveries: Delivery[] }>('GET', `/webhooks/${encodeURIComponent(props.webhookId)}/deliveries?limit=50`)
      .then((r) => {
        setDeliveries(r.deliveries);
        setError('');
      })
      .catch((e) => setError(errorText(e)));
  }, [props.webhookId]);

  useEffect(() => {
    load();
    const timer = setInterval(() => document.visibilityState === 'visible' && load(), LOG_REFRESH_MS);
    return () => clearInterval(timer);
  }, [load, props.refreshKey]);

  const retry = (d: Delivery) =>
    api('POST', `/deliveries/${encodeURIComponent(d.id)}/retry`).then(() => { setNote('Retry requested.'); load(); }, (e) => setError(errorText(e)));
  const toggle = (id: string, open: boolean) => setExpanded((s) => {
    const next = new Set(s);
    if (open) next.add(id);
    else next.delete(id);
    return next;
  });

  return (
    <div class="delivery-log" aria-label="Delivery log" role="region">
      <h4>Delivery log <span class="muted">(refreshes every {LOG_REFRESH_MS / 1000} s)</span></h4>
      {!props.active && <p class="muted">The webhook is not active: resume it to retry or replay.</p>}
      <ReplayForm webhookId={props.webhookId} disabled={!props.active} onDone={(text) => { setNote(text); load(); }} />
      <p class="muted" role="status">{note}</p>
      {error && <p class="error" role="alert">{error}</p>}
      {deliveries === null ? <p class="muted">Loading…</p> : deliveries.length === 0 ? <p class="muted">No deliveries yet. Post a message or send a test event.</p> : (
        <ul class="deliveries">
          {deliveries.map((d) => (
            <DeliveryItem key={d.id} delivery={d} canRetry={props.active} expanded={expanded.has(d.id)} onToggle={(open) => toggle(d.id, open)} onRetry={() => retry(d)} />
          ))}
        </ul>
      )}
    </div>
  );
}
