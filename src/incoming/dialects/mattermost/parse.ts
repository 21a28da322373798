/**
 * Mattermost incoming webhooks: Slack's shape plus `props`, `type` and `priority`. Reuses the
 * Slack readers; keeps the Mattermost-only parts under `rich.mattermost`. See README.md.
 */
import type { Dialect, Post, RawHookRequest } from '../../types.ts';
import { hasAnyKey } from '../fields.ts';
import { makePost, presentKeys, requireContent, runDialect } from '../outcome.ts';
import { SLACK_CONTENT_KEYS, readSlackPayload, sniffSlackPayload } from '../slack/payload.ts';
import { readSlackShape } from '../slack/shape.ts';

/** Keys Slack does not know; any of them marks a payload as Mattermost's. */
const MATTERMOST_KEYS = ['props', 'priority', 'type'] as const;

function translateMattermost(input: RawHookRequest): Post[] {
  const payload = readSlackPayload(input);
  const shape = readSlackShape(payload);
  // Read through the checked accessors so a wrong type is a 422 naming the path.
  const props = payload.object('props');
  const priority = payload.object('priority');
  const mattermost = presentKeys({
    attachments: shape.attachments,
    blocks: shape.blocks,
    props: props === null ? null : payload.raw('props'),
    type: payload.string('type'),
    priority: priority === null ? null : payload.raw('priority'),
    icon_emoji: shape.icon_emoji,
    channel: shape.channel,
  });
  const post = makePost({
    body: shape.body,
    sender_name: shape.sender_name,
    avatar_url: shape.avatar_url,
    rich: mattermost === null ? null : { mattermost },
  });
  return [requireContent(post)];
}

function detectMattermost(input: RawHookRequest): boolean {
  const payload = sniffSlackPayload(input);
  return hasAnyKey(payload, SLACK_CONTENT_KEYS) && hasAnyKey(payload, MATTERMOST_KEYS);
}

export const mattermostDialect: Dialect = {
  name: 'mattermost',
  detect: detectMattermost,
  parse: (input) => runDialect('mattermost', 'text_ok', () => translateMattermost(input)),
};
