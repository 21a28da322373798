/**
 * Which events a webhook receives: the event types it subscribed to, then its filters. Filters
 * narrow `message.created` only; the other subscribed types (cases, closing, reopening) always pass.
 * A message a webhook's own reply produced never goes back to that webhook (no bot loops).
 */
import type { DomainEvent, EventType, Message, SenderType } from '../core/types.ts';

/** Optional narrowing of message events. @example { sender_types: ['contact'], direction: 'in', trigger_words: ['!deploy'] } */
export interface WebhookFilters {
  sender_types?: SenderType[];
  /** support conversations: `in` from the contact, `out` to the contact */
  direction?: 'in' | 'out';
  /** the message starts with one of these words (case-insensitive) */
  trigger_words?: string[];
}

/** What the outbox knows about a webhook when an event arrives. */
export interface Subscription {
  id: string;
  events: EventType[];
  filters: WebhookFilters;
}

/** The message an event is about: the message itself, or the one that opened/updated a case. */
export function eventMessageId(event: DomainEvent): string | null {
  const message = event.data.message as Message | undefined;
  if (message?.id) return message.id;
  return typeof event.data.message_id === 'string' ? event.data.message_id : null;
}

/** `originWebhookId`: the webhook whose reply produced the event's message, if any. */
export function wantsEvent(subscription: Subscription, event: DomainEvent, originWebhookId: string | null): boolean {
  if (!subscription.events.includes(event.type)) return false;
  if (originWebhookId === subscription.id) return false;
  if (event.type !== 'message.created') return true;
  const message = event.data.message as Message;
  return passesFilters(subscription.filters, message);
}

export function passesFilters(filters: WebhookFilters, message: Pick<Message, 'sender' | 'direction' | 'body'>): boolean {
  if (filters.sender_types?.length && !filters.sender_types.includes(message.sender.type)) return false;
  if (filters.direction && message.direction !== filters.direction) return false;
  if (filters.trigger_words?.length && !filters.trigger_words.some((word) => startsWithWord(message.body, word))) return false;
  return true;
}

/**
 * Slack's and Mattermost's rule: the message begins with the trigger word. A word ending in a letter
 * or digit must be followed by a non-word character or the end: `deploy` matches "deploy now" and
 * "Deploy!", not "deployment"; `bot:` matches "bot:status".
 */
export function startsWithWord(body: string, word: string): boolean {
  const text = body.trimStart().toLowerCase();
  const w = word.trim().toLowerCase();
  if (!w || !text.startsWith(w)) return false;
  if (!/[\p{L}\p{N}_]$/u.test(w)) return true;
  const next = text.charAt(w.length);
  return next === '' || !/[\p{L}\p{N}_]/u.test(next);
}
