/**
 * Rich hook content (`message.rich`) as plain cards the UI renders as text: Slack attachments and
 * blocks, Discord embeds, Mattermost attachments and props.card. Everything read is untrusted JSON,
 * so every field is checked and links pass safeHttpUrl; images become links, never inline pixels.
 */
import { safeHttpUrl } from './safe-url.ts';

/** One card: a heading, lines of text, name/value fields, links and a footer. */
export interface RichCard {
  title: string | null;
  url: string | null;
  tone: 'danger' | 'warning' | 'good' | null;
  lines: string[];
  fields: { name: string; value: string }[];
  links: { label: string; url: string }[];
  footer: string | null;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.map(obj).filter((x): x is Json => x !== null) : []);
/** Strings as they are, numbers and booleans as text (senders send `"value": 12`). */
const str = (v: unknown): string | null => (typeof v === 'string' ? v.trim() || null : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null);
// Slack's link markup `<https://x|label>` reads better as its label.
const unslack = (text: string): string => text.replace(/<([^<>|\s]+)\|([^<>]+)>/g, '$2').replace(/<(https?:[^<>\s]+)>/g, '$1');

function newCard(title: unknown, url: unknown, tone: RichCard['tone'] = null): RichCard {
  const t = str(title);
  return { title: t ? unslack(t) : null, url: safeHttpUrl(url), tone, lines: [], fields: [], links: [], footer: null };
}

function push(lines: string[], ...values: unknown[]): void {
  for (const v of values) {
    const s = str(v);
    if (s) lines.push(unslack(s));
  }
}

function addImage(card: RichCard, label: string, url: unknown): void {
  const safe = safeHttpUrl(url);
  if (safe) card.links.push({ label, url: safe });
}

function toneOf(color: unknown): RichCard['tone'] {
  if (color === 'danger' || color === 'warning' || color === 'good') return color;
  return null;
}

/** Slack and Mattermost "secondary attachments" share one shape. */
function attachmentCards(attachments: unknown): RichCard[] {
  return list(attachments).map((a) => {
    const card = newCard(a.title, a.title_link, toneOf(a.color));
    push(card.lines, a.author_name, a.pretext, a.text);
    if (!card.title && !card.lines.length) push(card.lines, a.fallback);
    for (const f of list(a.fields)) {
      const name = str(f.title) ?? '';
      const value = str(f.value);
      if (value) card.fields.push({ name, value: unslack(value) });
    }
    addImage(card, 'image', a.image_url);
    card.footer = str(a.footer);
    return card;
  });
}

function blockText(v: unknown): string | null {
  return str(obj(v)?.text);
}

function blockCards(blocks: unknown): RichCard[] {
  const items = list(blocks);
  if (!items.length) return [];
  const card = newCard(null, null);
  for (const b of items) {
    if (b.type === 'header' && !card.title) card.title = blockText(b.text);
    else if (b.type === 'section' || b.type === 'header') {
      push(card.lines, blockText(b.text));
      for (const f of list(b.fields)) push(card.lines, f.text);
    } else if (b.type === 'context') {
      push(card.lines, ...list(b.elements).map((e) => (e.type === 'image' ? null : e.text)));
    } else if (b.type === 'image') addImage(card, str(b.alt_text) ?? 'image', b.image_url);
  }
  return [card];
}

function embedCards(embeds: unknown): RichCard[] {
  return list(embeds).map((e) => {
    const card = newCard(e.title, e.url);
    push(card.lines, obj(e.author)?.name, e.description);
    for (const f of list(e.fields)) {
      const value = str(f.value);
      if (value) card.fields.push({ name: str(f.name) ?? '', value });
    }
    addImage(card, 'image', obj(e.image)?.url);
    addImage(card, 'thumbnail', obj(e.thumbnail)?.url);
    card.footer = str(obj(e.footer)?.text);
    return card;
  });
}

const isEmpty = (c: RichCard) => !c.title && !c.lines.length && !c.fields.length && !c.links.length && !c.footer;

/** The cards of a message's `rich` value; unknown shapes give none (the body still shows). */
export function richCards(rich: unknown): RichCard[] {
  const r = obj(rich);
  if (!r) return [];
  const slack = obj(r.slack);
  const discord = obj(r.discord);
  const mattermost = obj(r.mattermost);
  const cards = [
    ...attachmentCards(slack?.attachments),
    ...blockCards(slack?.blocks),
    ...embedCards(discord?.embeds),
    ...attachmentCards(mattermost?.attachments),
  ];
  const propsCard = str(obj(mattermost?.props)?.card);
  if (propsCard) cards.push({ ...newCard(null, null), lines: [propsCard] });
  return cards.filter((c) => !isEmpty(c));
}

const normalise = (s: string) => s.replace(/[*_~`]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Dialects put a plain-text rendering of the cards into `body` when the sender sent no text of its
 * own; the UI hides such a body instead of showing everything twice.
 */
export function bodyRepeatsCards(body: string, cards: RichCard[]): boolean {
  if (!cards.length || !body.trim()) return false;
  const known = normalise(cards.flatMap((c) => [c.title ?? '', ...c.lines, ...c.fields.flatMap((f) => [f.name, f.value, `${f.name}: ${f.value}`]), c.footer ?? '']).join('\n'));
  return body.split('\n').map(normalise).filter(Boolean).every((line) => known.includes(line));
}
