/**
 * A bridge's declarative mapping: where a third party's payload keeps the chat id, the
 * visitor's name and phone, and which message kinds it sends. Data we own and validate
 * (style.md principle 12); `interpretPayload` reads payloads through it. See README.md.
 */
import {
  collectInvalid,
  type Invalid,
  InvalidField,
  readBoolean,
  readChoice,
  readCondition,
  readLocationText,
  readObject,
  readString,
  readTemplate,
} from './validation.ts';
import { isValidPath } from './paths.ts';

export { interpretPayload } from './interpret.ts';
export type { InterpretedMessage, InterpretResult } from './interpret.ts';

export const MESSAGE_KINDS = ['attachments', 'image', 'text', 'extra'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const REOPEN_POLICIES = ['new', 'reopen_pending', 'reopen_with_operator'] as const;
/** A closed chat receiving a message: start a new one, reopen it pending, or reopen it with its operator. */
export type ReopenPolicy = (typeof REOPEN_POLICIES)[number];

/**
 * One message kind, tried in order; the first whose `condition` holds renders `template`.
 * @example { kind: 'image', condition: 'type=image', template: '{{msg.caption}}', file_url: 'mediaUrl' }
 */
export interface MappingKind {
  kind: MessageKind;
  /** absent: the kind takes every message (a catch-all text kind) */
  condition?: string;
  /** `{{msg.<path>}}` placeholders only */
  template: string;
  /** when it holds, the message was written on the gateway by our own side */
  operator_condition?: string;
  /** location of the file's URL in the message */
  file_url?: string;
  /** fetch the file into our storage rather than only linking it */
  download?: boolean;
}

/**
 * @example { main_condition: 'event=onMessage', messages_path: 'data', message_direct: true,
 *   chat_id: 'chatId', phone: 'chatId||@||0', nick: 'sender.name',
 *   kinds: [{ kind: 'text', condition: 'type=chat', template: '{{msg.body}}' }], reopen_policy: 'reopen_pending' }
 */
export interface Mapping {
  /** on the whole payload; a payload failing it is ignored */
  main_condition?: string;
  /** dotted path to the message list (or to the one message when `message_direct`); absent: the payload is the message */
  messages_path?: string;
  message_direct: boolean;
  /** locations (`path` or `path||separator||index`), read in the message, then in the whole payload */
  chat_id: string;
  nick?: string;
  phone?: string;
  email?: string;
  time?: string;
  external_message_id?: string;
  kinds: MappingKind[];
  reopen_policy: ReopenPolicy;
  /** LHC's `reset_op`, kept for round trips: `reopen_pending` reopens unassigned anyway (core/bridges/resolve-chat.ts) */
  reset_operator: boolean;
  /** ignore a message whose external id this chat already holds */
  dedupe_by_message_id: boolean;
}

const MAPPING_FIELDS = [
  'main_condition', 'messages_path', 'message_direct', 'chat_id', 'nick', 'phone', 'email', 'time',
  'external_message_id', 'kinds', 'reopen_policy', 'reset_operator', 'dedupe_by_message_id',
] as const;
const KIND_FIELDS = ['kind', 'condition', 'template', 'operator_condition', 'file_url', 'download'] as const;
const LOCATION_FIELDS = ['nick', 'phone', 'email', 'time', 'external_message_id'] as const;
const MAX_KINDS = 30;
const MAX_TEMPLATE_LENGTH = 4000;

/** Checks and normalises a mapping (defaults filled in); failures name the field, e.g. `mapping.kinds[1].condition`. */
export function validateMapping(input: unknown): { ok: true; mapping: Mapping } | Invalid {
  return collectInvalid(() => ({ ok: true as const, mapping: readMapping(input) }));
}

function readMapping(input: unknown): Mapping {
  const raw = readObject(input, 'mapping', MAPPING_FIELDS);
  const optional: Partial<Mapping> = {};
  if (raw.main_condition !== undefined) optional.main_condition = readCondition(raw.main_condition, 'mapping.main_condition');
  if (raw.messages_path !== undefined) optional.messages_path = readPathText(raw.messages_path, 'mapping.messages_path');
  const direct = raw.message_direct === undefined ? false : readBoolean(raw.message_direct, 'mapping.message_direct');
  if (direct && optional.messages_path === undefined) {
    throw new InvalidField('mapping.message_direct', 'needs messages_path (the attribute holding the one message)');
  }
  return {
    ...optional,
    message_direct: direct,
    chat_id: readLocationText(raw.chat_id, 'mapping.chat_id'),
    ...readLocations(raw),
    kinds: readKinds(raw.kinds),
    reopen_policy: raw.reopen_policy === undefined ? 'new' : readChoice(raw.reopen_policy, 'mapping.reopen_policy', REOPEN_POLICIES),
    reset_operator: raw.reset_operator === undefined ? false : readBoolean(raw.reset_operator, 'mapping.reset_operator'),
    dedupe_by_message_id:
      raw.dedupe_by_message_id === undefined ? false : readBoolean(raw.dedupe_by_message_id, 'mapping.dedupe_by_message_id'),
  };
}

function readLocations(raw: Record<string, unknown>): Partial<Pick<Mapping, (typeof LOCATION_FIELDS)[number]>> {
  const locations: Partial<Pick<Mapping, (typeof LOCATION_FIELDS)[number]>> = {};
  for (const key of LOCATION_FIELDS) {
    if (raw[key] !== undefined) locations[key] = readLocationText(raw[key], `mapping.${key}`);
  }
  return locations;
}

function readPathText(value: unknown, field: string): string {
  const text = readString(value, field, 300).trim();
  if (!isValidPath(text)) throw new InvalidField(field, `"${text}" is not a dotted path`);
  return text;
}

function readKinds(value: unknown): MappingKind[] {
  if (!Array.isArray(value) || value.length === 0) throw new InvalidField('mapping.kinds', 'must be a non-empty list');
  if (value.length > MAX_KINDS) throw new InvalidField('mapping.kinds', `must hold at most ${MAX_KINDS} kinds`);
  return value.map((item, index) => readKind(item, `mapping.kinds[${index}]`));
}

function readKind(value: unknown, field: string): MappingKind {
  const raw = readObject(value, field, KIND_FIELDS);
  const kind: MappingKind = { kind: readChoice(raw.kind, `${field}.kind`, MESSAGE_KINDS), template: '' };
  if (raw.condition !== undefined) kind.condition = readCondition(raw.condition, `${field}.condition`);
  kind.template = readTemplate(raw.template, `${field}.template`, MAX_TEMPLATE_LENGTH, refuseNonMessagePath);
  if (raw.operator_condition !== undefined) {
    kind.operator_condition = readCondition(raw.operator_condition, `${field}.operator_condition`);
  }
  if (raw.file_url !== undefined) kind.file_url = readLocationText(raw.file_url, `${field}.file_url`);
  if (raw.download !== undefined) kind.download = readBoolean(raw.download, `${field}.download`);
  return kind;
}

/** Message templates read only the message: `{{msg.<path>}}` (or `{{msg}}`, the whole message as JSON). */
function refuseNonMessagePath(path: string): string | null {
  return path === 'msg' || path.startsWith('msg.') ? null : 'message templates read {{msg.<path>}} only';
}
