/**
 * Changes an existing outgoing webhook in place: its URL, events, filters and parallel flag,
 * prefilled from the webhook. Saving sends PATCH /webhooks/:id with only what changed; an error
 * the server names a field for appears beside that field. Escape or Cancel drops the draft.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.ts';
import type { Webhook } from './api-types.ts';
import { FieldError } from './field-error.tsx';
import { fieldErrorsOf, type FieldErrors } from './field-errors.ts';
import { changesOf, checkDraft, errorsAfter, draftOf, WEBHOOK_FIELDS, type WebhookDraft } from './webhook-draft.ts';
import { EventFields, FilterFields, hasOptions, ParallelField, UrlField } from './webhook-fields.tsx';

export function WebhookEditForm(props: { webhook: Webhook; label: string; onSaved: (w: Webhook) => void; onCancel: () => void }) {
  const w = props.webhook;
  const idBase = `edit-${w.id}`;
  const [draft, setDraft] = useState<WebhookDraft>(() => draftOf(w));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<WebhookDraft>) => {
    setDraft((d) => ({ ...d, ...change }));
    setErrors((e) => errorsAfter(e, change));
  };
  const fieldProps = { draft, set, errors, idBase };
  const urlInput = useRef<HTMLInputElement>(null);
  useEffect(() => urlInput.current?.focus(), []);
  const filterError = Object.keys(errors).some((field) => field.startsWith('filters.'));

  const submit = async (event: Event) => {
    event.preventDefault();
    const problems = checkDraft(draft);
    setErrors(problems);
    if (Object.keys(problems).length) return;
    const patch = changesOf(w, draft);
    if (!Object.keys(patch).length) return props.onCancel();
    setBusy(true);
    try {
      props.onSaved(await api<Webhook>('PATCH', `/webhooks/${encodeURIComponent(w.id)}`, patch));
    } catch (e) {
      setErrors(fieldErrorsOf(e, WEBHOOK_FIELDS));
      setBusy(false);
    }
  };

  // The browser's own URL check is off (noValidate) so every error reads the same way, beside its field.
  return (
    <form class="stack webhook-form webhook-form--edit" noValidate onSubmit={submit} aria-label={`Edit ${props.label}`}
      onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}>
      <UrlField {...fieldProps} inputRef={urlInput} />
      <EventFields {...fieldProps} />
      <details class="filters" open={hasOptions(draftOf(w)) || filterError}>
        <summary>Filters and options</summary>
        <FilterFields {...fieldProps} />
        <ParallelField draft={draft} set={set} />
      </details>
      {errors[''] && <p class="error" role="alert">{errors['']}</p>}
      <FieldError errors={errors} field="filters" idBase={idBase} />
      <div class="hook__actions">
        <button type="submit" class="button button--primary button--small" disabled={busy}>Save changes</button>
        <button type="button" class="button button--small" onClick={props.onCancel}>Cancel</button>
      </div>
    </form>
  );
}
