/**
 * Discord-style execute webhooks: JSON or multipart (`payload_json` + `files[n]`). Answers
 * 204, or the created message with `?wait=true` (the route does that). Notes in README.md.
 */
import type { Dialect, Post, RawHookRequest } from '../../types.ts';
import { Fields, httpUrlOrNull, invalidPayload } from '../fields.ts';
import { makePost, requireContent, runDialect } from '../outcome.ts';
import { describeEmbeds } from './embeds-text.ts';
import { detectDiscordRequest, discordFiles, readDiscordPayload } from './payload.ts';

/** Discord's own limit; it counts characters, so we count code points, not UTF-16 units. */
const MAX_CONTENT_CHARS = 2000;

function readContent(payload: Fields): string {
  const content = payload.string('content') ?? '';
  const length = [...content].length;
  if (length > MAX_CONTENT_CHARS) {
    invalidPayload(payload.pathOf('content'), `must be at most ${MAX_CONTENT_CHARS} characters, got ${length}`);
  }
  return content;
}

function translateDiscord(input: RawHookRequest): Post[] {
  const payload = readDiscordPayload(input);
  const content = readContent(payload);
  const embeds = payload.objects('embeds');
  // `tts`, `allowed_mentions`, `flags`, `thread_name`, `components` and `poll` are ignored.
  const post = makePost({
    body: content.trim() !== '' ? content : describeEmbeds(embeds),
    // Discord requires a string, but bots built on ids post numbers; shown as sent.
    sender_name: payload.looseString('username'),
    avatar_url: httpUrlOrNull(payload.string('avatar_url')),
    files: discordFiles(input),
    rich: embeds.length === 0 ? null : { discord: { embeds: payload.raw('embeds') } },
  });
  return [requireContent(post)];
}

export const discordDialect: Dialect = {
  name: 'discord',
  detect: detectDiscordRequest,
  parse: (input) => runDialect('discord', 'discord', () => translateDiscord(input)),
};
