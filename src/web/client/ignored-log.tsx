/** Payloads a bridge ignored (failed main condition, no message kind matched): why, when, and what came. */
import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from './api.ts';
import type { IgnoredPayload } from './api-types.ts';
import { formatTime } from './format.ts';

export function IgnoredLog(props: { bridgeId: string }) {
  const [items, setItems] = useState<IgnoredPayload[] | null>(null);
  const [error, setError] = useState('');
  const load = () => api<{ ignored: IgnoredPayload[] }>('GET', `/bridges/${encodeURIComponent(props.bridgeId)}/ignored`).then((r) => setItems(r.ignored), (e) => setError(errorText(e)));
  useEffect(() => void load(), [props.bridgeId]);

  return (
    <div class="ignored-log" role="region" aria-label="Ignored payloads">
      <button type="button" class="button button--small" onClick={load}>Refresh</button>
      {error && <p class="error" role="alert">{error}</p>}
      {items === null ? <p class="muted">Loading…</p> : items.length === 0 ? <p class="muted">Nothing ignored: every post produced a message.</p> : (
        <ul class="ignored">
          {items.map((i) => (
            <li key={i.id} class="ignored__item">
              <span class="ignored__reason">{i.reason}</span>
              <time class="muted" dateTime={i.created_at}>{formatTime(i.created_at)}</time>
              <details>
                <summary>Payload{i.truncated ? ' (cut short)' : ''}</summary>
                <pre>{i.payload}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
