/**
 * Adds an outgoing webhook: target URL, format, the events it wants and optional filters (sender
 * types, support direction, trigger words). POST /conversations/:id/webhooks.
 */
import { useState } from 'preact/hooks';
import { api } from './api.ts';
import type { Webhook } from './api-types.ts';
import { FieldError } from './field-error.tsx';
import { errorProps, fieldErrorsOf, type FieldErrors } from './field-errors.ts';
import { checkDraft, errorsAfter, filtersOf, NEW_DRAFT, WEBHOOK_FIELDS, type WebhookDraft } from './webhook-draft.ts';
import { EventFields, FilterFields, ParallelField, UrlField } from './webhook-fields.tsx';

const FORMATS = [['standard', 'Standard Webhooks (JSON envelope)'], ['fleep', 'Fleep (JSON with reply_url)'], ['dashly', 'Dashly (form-encoded)']];
const ID = 'new-webhook';

export function WebhookForm(props: { conversationId: string; onCreated: (w: Webhook) => void }) {
  const [draft, setDraft] = useState<WebhookDraft>(NEW_DRAFT);
  const [format, setFormat] = useState('standard');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<WebhookDraft>) => {
    setDraft((d) => ({ ...d, ...change }));
    setErrors((e) => errorsAfter(e, change));
  };
  const fieldProps = { draft, set, errors, idBase: ID };

  const submit = async (event: Event) => {
    event.preventDefault();
    const problems = checkDraft(draft);
    setErrors(problems);
    if (Object.keys(problems).length) return;
    setBusy(true);
    try {
      const body = { url: draft.url.trim(), format, events: draft.events, filters: filtersOf(draft), parallel: draft.parallel, ...(name.trim() ? { name: name.trim() } : {}) };
      const created = await api<Webhook>('POST', `/conversations/${encodeURIComponent(props.conversationId)}/webhooks`, body);
      set({ url: '', words: '' });
      setName('');
      props.onCreated(created);
    } catch (e) {
      setErrors(fieldErrorsOf(e, WEBHOOK_FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="stack webhook-form" onSubmit={submit} aria-label="New outgoing webhook">
      <div class="form-row">
        <UrlField {...fieldProps} />
        <label class="field">
          <span>Format</span>
          <select value={format} onChange={(e) => setFormat(e.currentTarget.value)}>
            {FORMATS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
          <FieldError errors={errors} field="format" idBase={ID} />
        </label>
      </div>
      <EventFields {...fieldProps} />
      <details class="filters">
        <summary>Filters and options</summary>
        <FilterFields {...fieldProps} />
        <div class="form-row">
          <label class="field field--wide">
            <span>Reply name (replies through its reply URL appear under it)</span>
            <input maxLength={100} value={name} placeholder="Webhook host.example" onInput={(e) => setName(e.currentTarget.value)} {...errorProps(errors, 'name', ID)} />
            <FieldError errors={errors} field="name" idBase={ID} />
          </label>
          <ParallelField draft={draft} set={set} />
        </div>
      </details>
      {errors[''] && <p class="error" role="alert">{errors['']}</p>}
      <FieldError errors={errors} field="filters" idBase={ID} />
      <div><button type="submit" class="button button--primary" disabled={busy}>Add webhook</button></div>
    </form>
  );
}
