/**
 * `{{path}}` templates, interpreted (never compiled): `{{msg.sender.name}}`, `{{ chat.external_id }}`.
 * Everything outside `{{ }}` is literal, including single braces and a stray `}}` (JSON bodies
 * end in them). A missing value renders empty; in JSON mode each value is inserted JSON-encoded,
 * so `{"to": {{chat.external_id}}}` becomes `{"to": "3706@c.us"}`. One engine for bridge mappings,
 * reply calls, actions and auto-responder replies (which name a closed set of placeholders).
 */
import { isValidPath, readPath } from './paths.ts';

/** A piece of a parsed template. */
export type TemplatePart = { literal: string } | { path: string };

/** An unclosed or malformed placeholder; `offset` is where it starts. */
export class TemplateSyntaxError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.name = 'TemplateSyntaxError';
    this.offset = offset;
  }
}

// Templates are few and rendered often; a small cache saves re-parsing them on every message.
const PARSED = new Map<string, TemplatePart[]>();
const CACHE_LIMIT = 500;

/** What a template may name. */
export interface ParseOptions {
  /**
   * A closed set of placeholders (auto-responder replies): any other name, empty or not a path
   * included, is refused as unknown, naming the known ones.
   */
  placeholders?: readonly string[];
}

/** Splits a template into literals and placeholder paths; throws TemplateSyntaxError. */
export function parseTemplate(template: string, options: ParseOptions = {}): TemplatePart[] {
  const { placeholders } = options;
  // Closed sets are checked on every parse; only open templates are cached.
  const cached = placeholders === undefined ? PARSED.get(template) : undefined;
  if (cached !== undefined) return cached;
  const parts: TemplatePart[] = [];
  let position = 0;
  while (position < template.length) {
    const open = template.indexOf('{{', position);
    if (open === -1) break;
    const close = template.indexOf('}}', open + 2);
    if (close === -1) throw new TemplateSyntaxError(`"{{" at offset ${open} is never closed with "}}"`, open);
    const path = template.slice(open + 2, close).trim();
    if (placeholders !== undefined && !placeholders.includes(path)) {
      throw new TemplateSyntaxError(`unknown placeholder {{${path}}} (known: ${placeholders.map((p) => `{{${p}}}`).join(', ')})`, open);
    }
    if (path === '') throw new TemplateSyntaxError(`empty placeholder at offset ${open}`, open);
    if (!isValidPath(path)) throw new TemplateSyntaxError(`"{{${path}}}" at offset ${open} is not a dotted path`, open);
    if (open > position) parts.push({ literal: template.slice(position, open) });
    parts.push({ path });
    position = close + 2;
  }
  if (position < template.length) parts.push({ literal: template.slice(position) });
  if (placeholders !== undefined) return parts;
  if (PARSED.size >= CACHE_LIMIT) PARSED.clear();
  PARSED.set(template, parts);
  return parts;
}

/** A message for the template's first syntax error, or null when it parses. */
export function checkTemplate(template: string, options: ParseOptions = {}): string | null {
  try {
    parseTemplate(template, options);
    return null;
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return error.message;
    throw error;
  }
}

/** The placeholder paths a (valid) template uses, in order, without repeats. */
export function listPlaceholders(template: string): string[] {
  const paths = parseTemplate(template).flatMap((part) => ('path' in part ? [part.path] : []));
  return [...new Set(paths)];
}

/** What a template may name, and how values are inserted. */
export interface RenderOptions extends ParseOptions {
  /** insert each value JSON-encoded (a missing value as `""`) */
  json?: boolean;
  /** a last transformation of each inserted text, e.g. percent-encoding for URLs */
  encode?: (text: string, path: string) => string;
}

/** Renders a template against `vars` (e.g. `{ msg: payloadMessage }`). Throws on syntax errors. */
export function renderTemplate(template: string, vars: unknown, options: RenderOptions = {}): string {
  let out = '';
  for (const part of parseTemplate(template, options)) {
    if ('literal' in part) {
      out += part.literal;
      continue;
    }
    const text = formatValue(readPath(vars, part.path), options.json === true);
    out += options.encode === undefined ? text : options.encode(text, part.path);
  }
  return out;
}

/** Text of a value: strings as they are, scalars by their text, objects and lists as JSON. */
export function formatValue(value: unknown, json: boolean): string {
  if (value === undefined) return json ? '""' : '';
  if (json) return JSON.stringify(value) ?? '""';
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}
