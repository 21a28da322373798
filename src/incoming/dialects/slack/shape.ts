/** The fields Slack and Mattermost share: text, sender, attachments, blocks. */
import type { Fields } from '../fields.ts';
import { httpUrlOrNull } from '../fields.ts';
import { describeSlackContent } from './plain-text.ts';

/** What a Slack-shaped payload contributes to a Post, with the validated structures. */
export interface SlackShape {
  body: string;
  sender_name: string | null;
  avatar_url: string | null;
  attachments: unknown[] | null;
  blocks: unknown[] | null;
  icon_emoji: string | null;
  channel: string | null;
}

export function readSlackShape(payload: Fields): SlackShape {
  const text = payload.string('text') ?? '';
  const blocks = payload.objects('blocks');
  const attachments = payload.objects('attachments');
  return {
    body: text.trim() !== '' ? text : describeSlackContent(blocks, attachments),
    // Bots post `"username": 123` when it is templated from an id; shown as "123".
    sender_name: payload.looseString('username'),
    // An unusable icon is dropped, as Slack does, rather than rejecting the alert.
    avatar_url: httpUrlOrNull(payload.string('icon_url')),
    attachments: payload.array('attachments'),
    blocks: payload.array('blocks'),
    icon_emoji: payload.string('icon_emoji'),
    channel: payload.string('channel'),
  };
}
