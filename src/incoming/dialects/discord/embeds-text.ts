/**
 * A readable plain-text body for Discord posts whose `content` is empty (most alerting bots
 * send only embeds). The embeds themselves are kept in `rich.discord.embeds`.
 */
import { type Fields, httpUrlOrNull } from '../fields.ts';
import { joinPresent, labelled } from '../plain-text.ts';

function imageUrl(embed: Fields, key: string): string | null {
  return httpUrlOrNull(embed.object(key)?.string('url') ?? null);
}

function describeEmbed(embed: Fields): string {
  const fields = embed.objects('fields').map((field) =>
    // Embed field values are strings for Discord, but generators send numbers (`"value": 3`).
    labelled(field.looseString('name'), field.looseString('value')),
  );
  const author = embed.object('author')?.looseString('name') ?? null;
  const footer = embed.object('footer')?.looseString('text') ?? null;
  const text = joinPresent([author, embed.looseString('title'), embed.looseString('description'), ...fields, footer], '\n');
  // An image-only embed is a real post on Discord; its URL keeps it from being "empty".
  return text || imageUrl(embed, 'image') || imageUrl(embed, 'thumbnail') || '';
}

/** Embeds in order, separated by a blank line; `''` when none carries text. */
export function describeEmbeds(embeds: Fields[]): string {
  return joinPresent(embeds.map(describeEmbed), '\n\n');
}
