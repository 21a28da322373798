/** One delivery in the log: its status, attempts, last outcome and next try; expands to every attempt. */
import type { Delivery } from './api-types.ts';
import { attemptOutcome, lastOutcome, nextRetryText } from './delivery-text.ts';
import { formatTime } from './format.ts';

const RETRYABLE = new Set(['failed', 'dead']);

export function DeliveryItem(props: { delivery: Delivery; canRetry: boolean; expanded: boolean; onToggle: (open: boolean) => void; onRetry: () => void }) {
  const d = props.delivery;
  const outcome = lastOutcome(d);
  const next = nextRetryText(d);
  return (
    <li class={`delivery delivery--${d.status}`} data-delivery-id={d.id}>
      <div class="delivery__head">
        <span class={`status status--${d.status}`}>{d.status}</span>
        <code class="delivery__event">{d.event}</code>
        {d.test && <span class="tag">test</span>}
        <time class="muted" dateTime={d.created_at} title={new Date(d.created_at).toLocaleString()}>{formatTime(d.created_at)}</time>
      </div>
      <p class="delivery__facts">
        <span>{d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'}</span>
        {outcome && <span class="delivery__outcome">{outcome}</span>}
        {next && <span class="muted">{next}</span>}
      </p>
      {RETRYABLE.has(d.status) && !d.retry_requested && (
        <button type="button" class="button button--small" disabled={!props.canRetry} onClick={props.onRetry} aria-label={`Retry delivery of ${d.event} from ${formatTime(d.created_at)}`}>Retry now</button>
      )}
      {d.attempt_log.length > 0 && (
        <details open={props.expanded} onToggle={(e) => props.onToggle(e.currentTarget.open)}>
          <summary>Attempts ({d.attempt_log.length})</summary>
          <ol class="attempts">
            {d.attempt_log.map((a, i) => (
              <li key={i} class="attempt">
                <span class="attempt__outcome">{attemptOutcome(a)}</span>
                <span class="muted">{formatTime(a.started_at)} · {a.duration_ms} ms{a.manual ? ' · manual' : ''}</span>
                {a.response_excerpt && <pre class="attempt__response" aria-label="Response excerpt">{a.response_excerpt}</pre>}
              </li>
            ))}
          </ol>
        </details>
      )}
    </li>
  );
}
