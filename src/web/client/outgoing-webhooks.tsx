/** Integrations > Outgoing webhooks: conversation events sent to URLs, with the form to add one. */
import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from './api.ts';
import type { Webhook } from './api-types.ts';
import { WebhookForm } from './webhook-form.tsx';
import { WebhookRow } from './webhook-row.tsx';

export function OutgoingWebhooks(props: { conversationId: string }) {
  const base = `/conversations/${encodeURIComponent(props.conversationId)}/webhooks`;
  const [webhooks, setWebhooks] = useState<Webhook[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api<{ webhooks: Webhook[] }>('GET', base).then((r) => setWebhooks(r.webhooks)).catch((e) => setError(errorText(e)));
  }, [base]);

  const replace = (id: string, next: Webhook | null) =>
    setWebhooks((list) => (list ?? []).flatMap((w) => (w.id !== id ? [w] : next ? [next] : [])));

  return (
    <div class="outgoing-webhooks">
      <h3>Outgoing webhooks</h3>
      <p class="muted">Events of this conversation are sent to a URL, signed with the webhook's secret (Standard Webhooks headers). Failed deliveries are retried on a schedule.</p>
      <WebhookForm conversationId={props.conversationId} onCreated={(w) => setWebhooks((list) => [...(list ?? []), w])} />
      {error && <p class="error" role="alert">{error}</p>}
      {webhooks === null ? <p class="muted" role="status">Loading…</p> : webhooks.length === 0 ? <p class="muted">No outgoing webhooks yet.</p> : (
        <ul class="webhooks" aria-label="Outgoing webhooks">
          {webhooks.map((w) => <WebhookRow key={w.id} webhook={w} onChange={(next) => replace(w.id, next)} />)}
        </ul>
      )}
    </div>
  );
}
