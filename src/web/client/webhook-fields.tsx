/**
 * The fields the add and the edit form of an outgoing webhook share: target URL, events, filters
 * (sender types, support direction, trigger words) and parallel delivery. Each edits a WebhookDraft
 * and shows the error the form placed under its field.
 */
import { SENDER_TYPES } from '../../core/types.ts';
import type { Ref } from 'preact';
import { FieldError } from './field-error.tsx';
import { errorProps, type FieldErrors } from './field-errors.ts';
import { EVENTS, toggle, type WebhookDraft } from './webhook-draft.ts';

export interface DraftFieldProps {
  draft: WebhookDraft;
  set: (change: Partial<WebhookDraft>) => void;
  errors: FieldErrors;
  /** unique per form on the page: it names the error texts' ids */
  idBase: string;
}

export function UrlField(props: DraftFieldProps & { inputRef?: Ref<HTMLInputElement> }) {
  const { errors, idBase } = props;
  return (
    <label class="field field--wide">
      <span>Target URL</span>
      <input ref={props.inputRef} type="url" required maxLength={2000} value={props.draft.url} placeholder="https://bot.example.com/switchboard"
        onInput={(e) => props.set({ url: e.currentTarget.value })} {...errorProps(errors, 'url', idBase)} />
      <FieldError errors={errors} field="url" idBase={idBase} />
    </label>
  );
}

export function EventFields(props: DraftFieldProps) {
  const { draft, errors, idBase } = props;
  return (
    <fieldset class="checks" {...errorProps(errors, 'events', idBase)}>
      <legend>Events</legend>
      {EVENTS.map((e) => (
        <label key={e} class="check">
          <input type="checkbox" checked={draft.events.includes(e)} onChange={(ev) => props.set({ events: toggle(draft.events, e, ev.currentTarget.checked) })} /> <code>{e}</code>
        </label>
      ))}
      <FieldError errors={errors} field="events" idBase={idBase} />
    </fieldset>
  );
}

export function FilterFields(props: DraftFieldProps) {
  const { draft, errors, idBase } = props;
  return (
    <>
      <fieldset class="checks" {...errorProps(errors, 'filters.sender_types', idBase)}>
        <legend>Only from senders of type (none ticked: all)</legend>
        {SENDER_TYPES.map((s) => (
          <label key={s} class="check">
            <input type="checkbox" checked={draft.senders.includes(s)} onChange={(ev) => props.set({ senders: toggle(draft.senders, s, ev.currentTarget.checked) })} /> {s}
          </label>
        ))}
        <FieldError errors={errors} field="filters.sender_types" idBase={idBase} />
      </fieldset>
      <div class="form-row">
        <label class="field">
          <span>Direction (support conversations)</span>
          <select value={draft.direction} onChange={(e) => props.set({ direction: e.currentTarget.value as WebhookDraft['direction'] })}>
            <option value="">Both</option>
            <option value="in">From the visitor</option>
            <option value="out">From our side</option>
          </select>
        </label>
        <label class="field field--wide">
          <span>Trigger words (comma-separated; empty: every message)</span>
          <input value={draft.words} placeholder="deploy, rollback" onInput={(e) => props.set({ words: e.currentTarget.value })} {...errorProps(errors, 'filters.trigger_words', idBase)} />
          <FieldError errors={errors} field="filters.trigger_words" idBase={idBase} />
        </label>
      </div>
    </>
  );
}

export function ParallelField(props: Pick<DraftFieldProps, 'draft' | 'set'>) {
  return (
    <label class="check">
      <input type="checkbox" checked={props.draft.parallel} onChange={(e) => props.set({ parallel: e.currentTarget.checked })} /> Parallel delivery (do not keep event order)
    </label>
  );
}

/** Whether a draft has filters or options set, so an edit form opens them. */
export const hasOptions = (d: WebhookDraft): boolean => d.senders.length > 0 || d.direction !== '' || d.words.trim() !== '' || d.parallel;
