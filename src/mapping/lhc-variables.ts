/**
 * Translating Live Helper Chat's REST API templates into ours: its `{{variables}}` become our
 * reply variables (table in README.md) and its file-type blocks (`{file_api}…{/file_api}`) are
 * reduced to the generic file call. Anything else LHC-specific is an import error naming it.
 */
import { LhcImportError } from './lhc-export.ts';

/** LHC variable → ours. */
export const LHC_VARIABLES: Readonly<Record<string, string>> = {
  'args.chat.incoming_chat.chat_external_id': 'chat.external_id',
  'args.chat.incoming_chat.incoming.scope': 'bridge.scope',
  'args.chat.incoming_chat.incoming.name': 'bridge.name',
  msg_url: 'message.body',
  msg: 'message.body',
  'args.msg.msg': 'message.body',
  msg_clean: 'message.text',
  'args.msg.id': 'message.id',
  chat_id: 'chat.id',
  'args.chat.id': 'chat.id',
  'lhc.nick': 'chat.nick',
  'args.chat.nick': 'chat.nick',
  'lhc.email': 'chat.email',
  'args.chat.email': 'chat.email',
  'args.chat.phone': 'chat.phone',
  file_name: 'file.name',
  file_url: 'file.url',
};

const ATTRIBUTE_PREFIX = 'args.chat.incoming_chat.incoming.attributes.';

// `{file_api}` holds the generic file call; the other blocks pick image-, video- or
// extension-specific endpoints, which we do not distinguish (the generic call carries any file).
const KEPT_BLOCK = /\{file_api\}([\s\S]*?)\{\/file_api\}/g;
const DROPPED_BLOCKS = [
  /\{image_api\}[\s\S]*?\{\/image_api\}/g,
  /\{(video|vodeo)_api\}[\s\S]*?\{\/\1_api\}/g,
  /\{api_by_ext__[A-Za-z0-9_]+\}[\s\S]*?\{\/api_by_ext\}/g,
];
// A single-brace tag such as `{not_empty__msg_url}`, looked for once `{{…}}` placeholders are out of the way.
const BLOCK_TAG = /\{\/?[A-Za-z][A-Za-z0-9_]*\}/g;
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/** Our name for an LHC variable, or null when we have none. */
export function translateVariable(name: string): string | null {
  if (Object.hasOwn(LHC_VARIABLES, name)) return LHC_VARIABLES[name];
  if (name.startsWith(ATTRIBUTE_PREFIX) && /^[^.\s]+$/.test(name.slice(ATTRIBUTE_PREFIX.length))) {
    return `bridge.attributes.${name.slice(ATTRIBUTE_PREFIX.length)}`;
  }
  return null;
}

/** Translates one REST template; notes reduced file blocks in `warnings`. */
export function translateReplyTemplate(text: string, field: string, warnings: string[]): string {
  if (/raw_\{\{/.test(text)) throw new LhcImportError(field, 'raw_{{…}} (values inserted without JSON encoding) is not supported');
  const reduced = reduceFileBlocks(text);
  if (reduced !== text) {
    warnings.push(`${field}: file-type blocks ({image_api}, {video_api}, {api_by_ext__…}) were dropped; every file goes through the {file_api} call`);
  }
  const tags = [...new Set(reduced.replace(PLACEHOLDER, '""').match(BLOCK_TAG) ?? [])];
  if (tags.length > 0) throw new LhcImportError(field, `unsupported Live Helper Chat block(s): ${tags.join(', ')}`);
  const unknown = new Set<string>();
  const translated = reduced.replace(PLACEHOLDER, (whole, inner: string) => {
    const name = inner.trim();
    const ours = translateVariable(name);
    if (ours === null) unknown.add(`{{${name}}}`);
    return ours === null ? whole : `{{${ours}}}`;
  });
  if (unknown.size > 0) {
    throw new LhcImportError(field, `unknown Live Helper Chat variable(s): ${[...unknown].join(', ')}`);
  }
  return translated;
}

function reduceFileBlocks(text: string): string {
  let out = text.replace(KEPT_BLOCK, '$1');
  for (const block of DROPPED_BLOCKS) out = out.replace(block, '');
  return out;
}
