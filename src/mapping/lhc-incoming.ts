/**
 * Live Helper Chat incoming-webhook settings → our mapping input (validated afterwards by
 * `validateMapping`). Settings we cannot honour become warnings, or errors where they would
 * change which chat a message lands in. Field names: README.md.
 */
import { checkCondition } from './conditions.ts';
import { isBlank, type LhcObject, LhcImportError, readFlag, readSetting } from './lhc-export.ts';
import { listLhcKinds, UNSUPPORTED_MEDIA_SUFFIXES } from './lhc-kinds.ts';
import { checkLocation, isValidPath } from './paths.ts';
import { checkTemplate, listPlaceholders } from './templates.ts';

// Read in translateIncoming below or by listLhcKinds; other non-blank settings are reported.
const READ_KEYS = [
  'messages', 'message_direct', 'chat_id', 'nick', 'phone', 'email', 'time', 'main_cond', 'message_id',
  'message_id_uniq', 'chat_status', 'reset_op', 'attr',
];
// The export's own fields (beside `configuration`), read by lhc-import.ts or meaningless here.
const EXPORT_KEYS = [
  'id', 'name', 'identifier', 'scope', 'attributes', 'configuration', 'dep_id', 'disabled', 'icon', 'icon_color',
  'log_incoming', 'log_failed_parse',
];
// These change the external chat id; ignoring them would split or merge chats silently.
const CHAT_ID_KEYS = ['chat_id_2', 'chat_id_switch', 'chat_id_preg_rule', 'chat_id_preg_value'];
const FIELD = 'incoming';
// Why some settings we read nothing from are left out; others are just "not supported".
const IGNORED_BECAUSE: Record<string, string> = {
  chat_id_template: 'starting a chat from our side is not supported, ignored',
};

/** The mapping input the settings describe; `warnings` collects what was left out. */
export function translateIncoming(settings: LhcObject, warnings: string[]): Record<string, unknown> {
  const seen = new Set([...READ_KEYS, ...EXPORT_KEYS]);
  for (const key of CHAT_ID_KEYS) {
    if (!isBlank(settings[key])) throw new LhcImportError(`${FIELD}.${key}`, 'composite or rewritten chat ids are not supported');
  }
  const mapping: Record<string, unknown> = {
    chat_id: readLocationSetting(settings, 'chat_id', warnings, true),
    kinds: translateKinds(settings, seen, warnings),
    reopen_policy: translateReopen(settings),
    reset_operator: readFlag(settings, 'reset_op'),
    dedupe_by_message_id: readFlag(settings, 'message_id_uniq'),
  };
  const messages = readSetting(settings, 'messages', FIELD);
  if (messages !== null) {
    if (!isValidPath(messages.trim())) throw new LhcImportError(`${FIELD}.messages`, `"${messages}" is not an attribute name`);
    mapping.messages_path = messages.trim();
    mapping.message_direct = readFlag(settings, 'message_direct');
  }
  const main = readSetting(settings, 'main_cond', FIELD);
  if (main !== null) mapping.main_condition = translateCondition(main, `${FIELD}.main_cond`);
  for (const [ours, theirs] of [['nick', 'nick'], ['phone', 'phone'], ['email', 'email'], ['time', 'time'], ['external_message_id', 'message_id']]) {
    const location = readLocationSetting(settings, theirs, warnings, false);
    if (location !== null) mapping[ours] = location;
  }
  for (const [key, value] of Object.entries(settings)) {
    if (seen.has(key) || CHAT_ID_KEYS.includes(key) || isBlank(value)) continue;
    const why = Object.hasOwn(IGNORED_BECAUSE, key) ? IGNORED_BECAUSE[key] : 'not supported, ignored';
    warnings.push(`${FIELD}.${key}: ${why}`);
  }
  return mapping;
}

function translateKinds(settings: LhcObject, seen: Set<string>, warnings: string[]): Record<string, unknown>[] {
  const kinds: Record<string, unknown>[] = [];
  for (const keys of listLhcKinds(settings)) {
    for (const key of [keys.condition, keys.template, keys.operator, keys.file, keys.download]) if (key) seen.add(key);
    const condition = readSetting(settings, keys.condition, FIELD);
    const template = readSetting(settings, keys.template, FIELD);
    // LHC skips a kind without a condition, except text, which then takes every message
    if (keys.kind === 'text' ? template === null : condition === null) continue;
    const kind: Record<string, unknown> = { kind: keys.kind, template: translateMessageTemplate(template ?? '', `${FIELD}.${keys.template}`) };
    if (condition !== null) kind.condition = translateCondition(condition, `${FIELD}.${keys.condition}`);
    const operator = readSetting(settings, keys.operator, FIELD);
    if (operator !== null) kind.operator_condition = translateCondition(operator, `${FIELD}.${keys.operator}`);
    const file = keys.file === undefined ? null : readSetting(settings, keys.file, FIELD);
    if (file !== null) kind.file_url = checkedLocation(file, `${FIELD}.${keys.file}`);
    if (keys.download !== undefined && file !== null && readFlag(settings, keys.download)) kind.download = true;
    noteUnsupportedMedia(settings, keys.condition, seen, warnings);
    kinds.push(kind);
  }
  if (kinds.length === 0) throw new LhcImportError(`${FIELD}.msg_body`, 'no message kind is configured');
  return kinds;
}

function noteUnsupportedMedia(settings: LhcObject, condition: string, seen: Set<string>, warnings: string[]): void {
  for (const suffix of UNSUPPORTED_MEDIA_SUFFIXES) {
    const key = condition + suffix;
    seen.add(key);
    if (isBlank(settings[key])) continue;
    const why = suffix === '_url_decode'
      ? 'media decoding through the gateway is not supported; a message whose file value is not an http(s) URL is ignored'
      : 'not supported, ignored';
    warnings.push(`${FIELD}.${key}: ${why}`);
  }
}

/** LHC writes "key exists" as `key=__exists__`; ours is the bare key. */
function translateCondition(text: string, field: string): string {
  const translated = text
    .split('||')
    .map((clause) => {
      const eq = clause.indexOf('=');
      return eq !== -1 && clause.slice(eq + 1).trim() === '__exists__' ? clause.slice(0, eq) : clause;
    })
    .join('||');
  const problem = checkCondition(translated);
  if (problem !== null) throw new LhcImportError(field, `malformed condition "${text}": ${problem}`);
  return translated;
}

function translateMessageTemplate(text: string, field: string): string {
  const problem = checkTemplate(text);
  if (problem !== null) throw new LhcImportError(field, `template syntax error: ${problem}`);
  const unknown = listPlaceholders(text).filter((path) => path !== 'msg' && !path.startsWith('msg.'));
  if (unknown.length > 0) {
    throw new LhcImportError(field, `unknown variable(s) ${unknown.map((path) => `{{${path}}}`).join(', ')}: message templates read {{msg.<path>}} only`);
  }
  return text;
}

function readLocationSetting(settings: LhcObject, key: string, warnings: string[], required: boolean): string | null {
  const text = readSetting(settings, key, FIELD);
  if (text === null) {
    if (required) throw new LhcImportError(`${FIELD}.${key}`, 'is required (where the chat id is in a message)');
    return null;
  }
  if (!text.includes('|||')) return checkedLocation(text, `${FIELD}.${key}`);
  // LHC joins `first|||last` alternatives with a space; only a display name can lose a part safely
  if (key !== 'nick') throw new LhcImportError(`${FIELD}.${key}`, 'alternatives (|||) are not supported');
  warnings.push(`${FIELD}.nick: only the first of the "|||" alternatives is used`);
  return checkedLocation(text.split('|||')[0], `${FIELD}.nick`);
}

function checkedLocation(text: string, field: string): string {
  const problem = checkLocation(text);
  if (problem !== null) throw new LhcImportError(field, `malformed location "${text}": ${problem}`);
  return text.trim();
}

function translateReopen(settings: LhcObject): string {
  const status = readSetting(settings, 'chat_status', FIELD);
  if (status === null) return 'new';
  return status === 'active' ? 'reopen_with_operator' : 'reopen_pending';
}
