/**
 * Adds an outgoing webhook: target URL, format, the events it wants and optional filters (sender
 * types, support direction, trigger words). POST /conversations/:id/webhooks.
 */
import { SENDER_TYPES, type SenderType } from '../../core/types.ts';
import { useState } from 'preact/hooks';
import { api } from './api.ts';
import type { Webhook, WebhookFilters } from './api-types.ts';
import { splitList } from './delivery-text.ts';
import { FieldError } from './field-error.tsx';
import { errorProps, fieldErrorsOf, type FieldErrors } from './field-errors.ts';

export const EVENTS = ['message.created', 'case.created', 'case.updated', 'conversation.closed', 'conversation.reopened'];
const FORMATS = [['standard', 'Standard Webhooks (JSON envelope)'], ['fleep', 'Fleep (JSON with reply_url)'], ['dashly', 'Dashly (form-encoded)']];
const FIELDS = ['url', 'format', 'events', 'name', 'filters', 'filters.sender_types', 'filters.trigger_words'];
const ID = 'new-webhook';

function toggle<T extends string>(list: T[], value: T, on: boolean): T[] {
  return on ? [...list, value] : list.filter((v) => v !== value);
}

export function WebhookForm(props: { conversationId: string; onCreated: (w: Webhook) => void }) {
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState('standard');
  const [events, setEvents] = useState<string[]>(['message.created']);
  const [senders, setSenders] = useState<SenderType[]>([]);
  const [direction, setDirection] = useState('');
  const [words, setWords] = useState('');
  const [name, setName] = useState('');
  const [parallel, setParallel] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!events.length) return setErrors({ events: 'choose at least one event' });
    const filters: WebhookFilters = {};
    if (senders.length) filters.sender_types = senders;
    if (direction === 'in' || direction === 'out') filters.direction = direction;
    if (splitList(words).length) filters.trigger_words = splitList(words);
    setBusy(true);
    setErrors({});
    try {
      const body = { url: url.trim(), format, events, filters, parallel, ...(name.trim() ? { name: name.trim() } : {}) };
      const created = await api<Webhook>('POST', `/conversations/${encodeURIComponent(props.conversationId)}/webhooks`, body);
      setUrl('');
      setWords('');
      setName('');
      props.onCreated(created);
    } catch (e) {
      setErrors(fieldErrorsOf(e, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="stack webhook-form" onSubmit={submit} aria-label="New outgoing webhook">
      <div class="form-row">
        <label class="field field--wide">
          <span>Target URL</span>
          <input type="url" required maxLength={2000} value={url} placeholder="https://bot.example.com/switchboard" onInput={(e) => setUrl(e.currentTarget.value)} {...errorProps(errors, 'url', ID)} />
          <FieldError errors={errors} field="url" idBase={ID} />
        </label>
        <label class="field">
          <span>Format</span>
          <select value={format} onChange={(e) => setFormat(e.currentTarget.value)}>
            {FORMATS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
          <FieldError errors={errors} field="format" idBase={ID} />
        </label>
      </div>
      <fieldset class="checks" {...errorProps(errors, 'events', ID)}>
        <legend>Events</legend>
        {EVENTS.map((e) => (
          <label key={e} class="check"><input type="checkbox" checked={events.includes(e)} onChange={(ev) => setEvents(toggle(events, e, ev.currentTarget.checked))} /> <code>{e}</code></label>
        ))}
        <FieldError errors={errors} field="events" idBase={ID} />
      </fieldset>
      <details class="filters">
        <summary>Filters and options</summary>
        <fieldset class="checks">
          <legend>Only from senders of type (none ticked: all)</legend>
          {SENDER_TYPES.map((s) => (
            <label key={s} class="check"><input type="checkbox" checked={senders.includes(s)} onChange={(ev) => setSenders(toggle(senders, s, ev.currentTarget.checked))} /> {s}</label>
          ))}
          <FieldError errors={errors} field="filters.sender_types" idBase={ID} />
        </fieldset>
        <div class="form-row">
          <label class="field">
            <span>Direction (support conversations)</span>
            <select value={direction} onChange={(e) => setDirection(e.currentTarget.value)}>
              <option value="">Both</option>
              <option value="in">From the visitor</option>
              <option value="out">From our side</option>
            </select>
          </label>
          <label class="field field--wide">
            <span>Trigger words (comma-separated; empty: every message)</span>
            <input value={words} placeholder="deploy, rollback" onInput={(e) => setWords(e.currentTarget.value)} {...errorProps(errors, 'filters.trigger_words', ID)} />
            <FieldError errors={errors} field="filters.trigger_words" idBase={ID} />
          </label>
        </div>
        <div class="form-row">
          <label class="field field--wide">
            <span>Reply name (replies through its reply URL appear under it)</span>
            <input maxLength={100} value={name} placeholder="Webhook host.example" onInput={(e) => setName(e.currentTarget.value)} {...errorProps(errors, 'name', ID)} />
            <FieldError errors={errors} field="name" idBase={ID} />
          </label>
          <label class="check"><input type="checkbox" checked={parallel} onChange={(e) => setParallel(e.currentTarget.checked)} /> Parallel delivery (do not keep event order)</label>
        </div>
      </details>
      {errors[''] && <p class="error" role="alert">{errors['']}</p>}
      <FieldError errors={errors} field="filters" idBase={ID} />
      <div><button type="submit" class="button button--primary" disabled={busy}>Add webhook</button></div>
    </form>
  );
}
