/** Outgoing formats by the name stored on the webhook row. A new format is one file plus one line here. */
import { dashly } from './dashly.ts';
import { fleep } from './fleep.ts';
import { rest } from './rest.ts';
import { standard } from './standard.ts';
import type { OutgoingFormat } from './types.ts';

export const FORMAT_NAMES = ['fleep', 'dashly', 'standard'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

// `rest` is not in FORMAT_NAMES: only action carriers use it, a webhook cannot choose it.
const FORMATS = new Map<string, OutgoingFormat>([fleep, dashly, standard, rest].map((format) => [format.name, format]));

/** The format called `name`; an unknown name throws (fail closed, never a silent default). */
export function formatByName(name: string): OutgoingFormat {
  const format = FORMATS.get(name);
  if (!format) throw new Error(`unknown outgoing format "${name}"; known formats: ${FORMAT_NAMES.join(', ')}`);
  return format;
}
