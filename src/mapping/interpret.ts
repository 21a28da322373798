/**
 * Reads a third party's payload through a validated mapping. Pure: no storage, no clock, no
 * network; finding the chat, deduplicating and downloading files are the caller's steps.
 */
import { evaluateCondition } from './conditions.ts';
import type { Mapping, MappingKind, MessageKind } from './mapping.ts';
import { readLocation, readPath } from './paths.ts';
import { renderTemplate } from './templates.ts';

/** One message the payload carries, ready to post into the chat found by (bridge, `chat_id`). */
export interface InterpretedMessage {
  chat_id: string;
  nick: string | null;
  phone: string | null;
  email: string | null;
  /** ISO 8601; Unix seconds, milliseconds and date strings are understood */
  time: string | null;
  external_message_id: string | null;
  /** the kind's template rendered, trimmed */
  body: string;
  kind: MessageKind;
  /** written on the gateway by our own side (the kind's operator condition held) */
  from_operator: boolean;
  /** an http(s) URL, when the kind names a file location */
  file_url?: string;
  /** set with `file_url` when the kind asks to fetch the file */
  download?: boolean;
}

/** A message of the list that produced nothing, and why. */
export interface SkippedMessage {
  index: number;
  reason: string;
}

export type InterpretResult =
  | { result: 'ignored'; reason: string }
  | { result: 'messages'; messages: InterpretedMessage[]; skipped: SkippedMessage[] };

type Outcome = { message: InterpretedMessage } | { reason: string };

/** What a payload produces under a mapping: its messages, or why it is ignored. */
export function interpretPayload(mapping: Mapping, payload: unknown): InterpretResult {
  if (typeof payload !== 'object' || payload === null) return ignored('the payload is not a JSON object');
  if (mapping.main_condition !== undefined && !evaluateCondition(mapping.main_condition, payload)) {
    return ignored(`main condition not met: ${mapping.main_condition}`);
  }
  const list = listMessages(mapping, payload);
  if (typeof list === 'string') return ignored(list);
  const messages: InterpretedMessage[] = [];
  const skipped: SkippedMessage[] = [];
  list.forEach((item, index) => {
    const outcome = interpretMessage(mapping, item, payload);
    if ('message' in outcome) messages.push(outcome.message);
    else skipped.push({ index, reason: outcome.reason });
  });
  if (messages.length > 0) return { result: 'messages', messages, skipped };
  if (skipped.length === 1) return ignored(skipped[0].reason);
  if (skipped.length === 0) return ignored(`no messages at "${mapping.messages_path}"`);
  return ignored(skipped.map(({ index, reason }) => `[${index}] ${reason}`).join('; '));
}

function ignored(reason: string): InterpretResult {
  return { result: 'ignored', reason };
}

/** The messages to read, or why there are none. */
function listMessages(mapping: Mapping, payload: object): unknown[] | string {
  if (mapping.messages_path === undefined) return [payload];
  const value = readPath(payload, mapping.messages_path);
  if (value === undefined || value === null) return `no messages at "${mapping.messages_path}"`;
  if (mapping.message_direct) return [value];
  if (!Array.isArray(value)) return `"${mapping.messages_path}" is not a list of messages`;
  return value;
}

function interpretMessage(mapping: Mapping, item: unknown, payload: object): Outcome {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return { reason: 'the message is not an object' };
  const kind = mapping.kinds.find((candidate) => candidate.condition === undefined || evaluateCondition(candidate.condition, item));
  if (kind === undefined) return { reason: 'no message kind matched' };
  const chatId = readText(mapping.chat_id, item, payload);
  if (chatId === null) return { reason: `no chat id at "${mapping.chat_id}"` };
  const file = readFileUrl(kind, item);
  if (typeof file === 'object') return file;
  const body = renderTemplate(kind.template, { msg: item }).trim();
  if (body === '' && file === undefined) return { reason: `the ${kind.kind} message renders an empty body` };
  const message: InterpretedMessage = {
    chat_id: chatId,
    nick: readOptional(mapping.nick, item, payload),
    phone: readOptional(mapping.phone, item, payload),
    email: readOptional(mapping.email, item, payload),
    time: readTime(mapping.time, item, payload),
    external_message_id: readOptional(mapping.external_message_id, item, payload),
    body,
    kind: kind.kind,
    from_operator: kind.operator_condition !== undefined && evaluateCondition(kind.operator_condition, item),
  };
  if (file !== undefined) {
    message.file_url = file;
    if (kind.download === true) message.download = true;
  }
  return { message };
}

/** The file URL; a missing value means no file, a value that is no http(s) URL skips the message. */
function readFileUrl(kind: MappingKind, item: object): string | undefined | { reason: string } {
  if (kind.file_url === undefined) return undefined;
  const value = readLocation(item, kind.file_url);
  if (value === undefined || value === null || value === '') return undefined;
  // open-wa sends media as encrypted or base64 data that only its own decrypt call turns into a file
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) {
    return { reason: `the file at "${kind.file_url}" is not an http(s) URL` };
  }
  return value;
}

function readOptional(location: string | undefined, item: object, payload: object): string | null {
  return location === undefined ? null : readText(location, item, payload);
}

/** A location read in the message first, then in the whole payload (where senders keep e.g. `contact`). */
function readText(location: string, item: object, payload: object): string | null {
  const text = toText(readLocation(item, location));
  return text ?? (item === payload ? null : toText(readLocation(payload, location)));
}

function toText(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return null;
}

function readTime(location: string | undefined, item: object, payload: object): string | null {
  const text = readOptional(location, item, payload);
  if (text === null) return null;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) {
    // below 1e11 is Unix seconds (until the year 5138), above it milliseconds
    const number = Number(text);
    ms = number < 1e11 ? number * 1000 : number;
  } else {
    ms = Date.parse(text);
  }
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
