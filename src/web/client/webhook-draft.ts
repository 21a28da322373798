/**
 * What the webhook forms edit, as plain values (trigger words as the text typed), and what they
 * send: the filters a draft means, and for an existing webhook the PATCH of only what changed.
 * @example changesOf(webhook, { ...draftOf(webhook), words: 'deploy' }) // { filters: { trigger_words: ['deploy'] } }
 */
import { SENDER_TYPES, type SenderType } from '../../core/types.ts';
import type { Webhook, WebhookFilters } from './api-types.ts';
import { splitList } from './delivery-text.ts';
import type { FieldErrors } from './field-errors.ts';

export const EVENTS = ['message.created', 'case.created', 'case.updated', 'conversation.closed', 'conversation.reopened'];

/** The fields an API error may name, so the forms can show it beside the right one. */
export const WEBHOOK_FIELDS = ['url', 'format', 'events', 'name', 'filters', 'filters.sender_types', 'filters.trigger_words'];

export interface WebhookDraft {
  url: string;
  events: string[];
  senders: SenderType[];
  /** '' for both directions */
  direction: '' | 'in' | 'out';
  /** comma-separated */
  words: string;
  parallel: boolean;
}

export const NEW_DRAFT: WebhookDraft = { url: '', events: ['message.created'], senders: [], direction: '', words: '', parallel: false };

export function draftOf(w: Webhook): WebhookDraft {
  return {
    url: w.url,
    events: [...w.events],
    senders: [...(w.filters.sender_types ?? [])],
    direction: w.filters.direction ?? '',
    words: (w.filters.trigger_words ?? []).join(', '),
    parallel: w.parallel,
  };
}

/** Sender types come out in their canonical order, so the order they were ticked in is no change. */
export function filtersOf(d: WebhookDraft): WebhookFilters {
  const filters: WebhookFilters = {};
  const senders = SENDER_TYPES.filter((s) => d.senders.includes(s));
  if (senders.length) filters.sender_types = senders;
  if (d.direction) filters.direction = d.direction;
  const words = splitList(d.words);
  if (words.length) filters.trigger_words = words;
  return filters;
}

/** Mistakes worth naming before a request; the server checks everything again. */
export function checkDraft(d: WebhookDraft): FieldErrors {
  if (!/^https?:\/\/./i.test(d.url.trim())) return { url: 'must start with http:// or https://' };
  if (!d.events.length) return { events: 'choose at least one event' };
  return {};
}

/** The body of PATCH /webhooks/:id. */
export interface WebhookPatch {
  url?: string;
  events?: string[];
  filters?: WebhookFilters;
  parallel?: boolean;
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

/** Only the fields whose meaning changed; `{}` when saving would change nothing. */
export function changesOf(w: Webhook, d: WebhookDraft): WebhookPatch {
  const patch: WebhookPatch = {};
  const url = d.url.trim();
  if (url !== w.url) patch.url = url;
  if (!sameSet(d.events, w.events)) patch.events = d.events;
  const filters = filtersOf(d);
  if (JSON.stringify(filters) !== JSON.stringify(filtersOf(draftOf(w)))) patch.filters = filters;
  if (d.parallel !== w.parallel) patch.parallel = d.parallel;
  return patch;
}

// Which error a change of each draft field answers (the filters' direction has no error of its own).
const ERROR_FIELDS: Record<keyof WebhookDraft, string> = { url: 'url', events: 'events', senders: 'filters.sender_types', direction: 'filters', words: 'filters.trigger_words', parallel: '' };

/** The errors still standing once `change` is made: a field being edited loses its error. */
export function errorsAfter(errors: FieldErrors, change: Partial<WebhookDraft>): FieldErrors {
  const cleared = Object.keys(change).map((key) => ERROR_FIELDS[key as keyof WebhookDraft]);
  const rest = Object.entries(errors).filter(([field]) => !cleared.includes(field));
  return rest.length === Object.keys(errors).length ? errors : Object.fromEntries(rest);
}

export function toggle<T extends string>(list: T[], value: T, on: boolean): T[] {
  return on ? (list.includes(value) ? list : [...list, value]) : list.filter((v) => v !== value);
}
