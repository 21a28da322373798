/**
 * Live Helper Chat's message kinds and the settings each reads, in the order LHC tries them:
 * attachments, image, image_2…, extra text_2…, then text (a text kind with no condition takes
 * every message; any other kind with no condition is off).
 */
import type { MessageKind } from './mapping.ts';
import type { LhcObject } from './lhc-export.ts';

/** The settings keys of one LHC kind. */
export interface LhcKindKeys {
  kind: MessageKind;
  condition: string;
  template: string;
  operator: string;
  /** location of the file in the message (`msg_cond_img_body`) */
  file?: string;
  download?: string;
}

/** Options that fetch or decode media in ways we do not; `<condition key><suffix>`. */
export const UNSUPPORTED_MEDIA_SUFFIXES = [
  '_url_decode', '_url_decode_content', '_url_decode_output', '_url_headers_content',
  '_url_remote_headers_content', '_url_remote_location', '_file_name', '_file_size', '_mime_type',
] as const;

/** Every kind the settings may configure, in LHC's order; numbered ones as far as the settings go. */
export function listLhcKinds(settings: LhcObject): LhcKindKeys[] {
  const keys = Object.keys(settings);
  const imageNumbers = numbersIn(keys, /^msg_(?:cond_)?img_(\d+)(?:_|$)/);
  const textNumbers = numbersIn(keys, /^msg_(?:cond|body|cond_op)_(\d+)$/);
  return [
    mediaKind('attachments', 'msg_cond_attachments', 'msg_attachments'),
    mediaKind('image', 'msg_cond_img', 'msg_img'),
    ...imageNumbers.map((n) => mediaKind('image', `msg_cond_img_${n}`, `msg_img_${n}`)),
    ...textNumbers.map((n) => ({ kind: 'extra' as const, condition: `msg_cond_${n}`, template: `msg_body_${n}`, operator: `msg_cond_op_${n}` })),
    { kind: 'text', condition: 'msg_cond', template: 'msg_body', operator: 'msg_cond_op' },
  ];
}

// LHC names the operator key `<condition>_op` for media kinds but `msg_cond_op_<n>` for extra texts.
function mediaKind(kind: MessageKind, condition: string, template: string): LhcKindKeys {
  return {
    kind,
    condition,
    template,
    operator: `${condition}_op`,
    file: `${condition}_body`,
    download: `${template}_download`,
  };
}

function numbersIn(keys: string[], pattern: RegExp): number[] {
  const numbers = new Set<number>();
  for (const key of keys) {
    const match = pattern.exec(key);
    if (match !== null && Number(match[1]) >= 2) numbers.add(Number(match[1]));
  }
  return [...numbers].sort((a, b) => a - b);
}
