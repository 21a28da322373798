/**
 * Slack-style incoming webhooks (also what Grafana, Alertmanager, Uptime Kuma and many CI
 * tools post). Answers `ok` as text, as Slack does. Vendor notes in README.md.
 */
import type { Dialect, Post, RawHookRequest } from '../../types.ts';
import { hasAnyKey } from '../fields.ts';
import { makePost, presentKeys, requireContent, runDialect } from '../outcome.ts';
import { SLACK_CONTENT_KEYS, hasPayloadField, readSlackPayload, sniffSlackPayload } from './payload.ts';
import { readSlackShape } from './shape.ts';

function translateSlack(input: RawHookRequest): Post[] {
  const payload = readSlackPayload(input);
  const shape = readSlackShape(payload);
  // `thread_ts` is Slack's "1700000000.123456"; some senders send it as a JSON number.
  const threadTs = payload.looseString('thread_ts');
  const slack = presentKeys({
    attachments: shape.attachments,
    blocks: shape.blocks,
    icon_emoji: shape.icon_emoji,
    channel: shape.channel,
    thread_ts: threadTs,
  });
  // Slack hooks take no files; parts sent anyway are not attached.
  const post = makePost({
    body: shape.body,
    sender_name: shape.sender_name,
    avatar_url: shape.avatar_url,
    rich: slack === null ? null : { slack },
  });
  return [requireContent(post)];
}

function detectSlack(input: RawHookRequest): boolean {
  // A `payload` field is Slack's form post even when its JSON is broken: parse answers 400.
  return hasPayloadField(input) || hasAnyKey(sniffSlackPayload(input), SLACK_CONTENT_KEYS);
}

export const slackDialect: Dialect = {
  name: 'slack',
  detect: detectSlack,
  parse: (input) => runDialect('slack', 'text_ok', () => translateSlack(input)),
};
