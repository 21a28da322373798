/**
 * Every incoming dialect, in sniffing order: the most specific shapes first, so a payload is
 * claimed by the dialect whose distinctive keys it carries (see choose-dialect.ts).
 * Adding a dialect: a folder beside this file and its import + entry here.
 */
import type { Dialect } from '../types.ts';
import { discordDialect } from './discord/parse.ts';
import { emakinDialect } from './emakin/parse.ts';
import { fleepDialect } from './fleep/parse.ts';
import { mattermostDialect } from './mattermost/parse.ts';
import { slackDialect } from './slack/parse.ts';

export const DIALECTS: readonly Dialect[] = [
  discordDialect, //    `content`/`embeds`, `payload_json`, `files[n]`/`file` parts
  mattermostDialect, // Slack's keys plus `props`/`priority`/`type`
  emakinDialect, //     `text`/`attachments` plus `id`/`references` or `@type` attachments
  slackDialect, //      `text`/`blocks`/`attachments`, or form field `payload`
  fleepDialect, //      `message`, or multipart with file parts
];

export function dialectByName(name: string): Dialect | undefined {
  return DIALECTS.find((dialect) => dialect.name === name);
}
