/** Test data for the format tests: one support conversation and the three kinds of message authors. */
import type { Message, Sender } from '../../core/types.ts';
import type { DeliveryContext } from './types.ts';

export const PUBLIC_URL = 'https://switchboard.example.org/sb';

const USER = { id: 'usr_K2v9', name: 'Maret Kask', email: 'maret@example.org' };
const HOOK = { id: 'hok_P4x1', name: 'Build server', key: 'hk_Q8b3' };

export const SENDERS = {
  user: { type: 'user', id: USER.id, name: USER.name, avatar_url: null },
  hook: { type: 'hook', id: HOOK.id, name: HOOK.name, avatar_url: null },
  hookNamed: { type: 'hook', id: HOOK.id, name: 'Nightly deploy', avatar_url: null },
  contact: { type: 'contact', id: 'ctc_Z7n5', name: 'Visitor 4411', avatar_url: null },
  bot: { type: 'bot', id: 'bot_R1c8', name: 'Helper', avatar_url: null },
} satisfies Record<string, Sender>;

export function sampleMessage(overrides: Partial<Message> = {}): Message {
  return {
    id: 'msg_J3w6',
    conversation_id: 'cnv_T5h2',
    seq: 42,
    body: 'Deploy finished',
    sender: SENDERS.user,
    attachments: [],
    case_id: null,
    direction: null,
    rich: null,
    created_at: '2025-02-14T09:30:15.250Z',
    ...overrides,
  };
}

/** A message.created delivery; the author/hook fields follow the message's sender type. */
export function messageContext(message: Message, overrides: Partial<DeliveryContext> = {}): DeliveryContext {
  return {
    delivery_id: 'dlv_V6m4',
    event: {
      id: 'evt_L9p3',
      conversation_id: message.conversation_id,
      seq: message.seq,
      type: 'message.created',
      data: { message_id: message.id },
      created_at: message.created_at,
    },
    conversation: { id: 'cnv_T5h2', title: 'Releases', kind: 'team', status: 'open', created_at: '2025-01-02T08:00:00.000Z', last_seq: message.seq },
    message,
    prev_message_seq: message.seq - 1,
    case: null,
    hook: message.sender.type === 'hook' ? HOOK : null,
    author: message.sender.type === 'user' ? USER : null,
    webhook: { id: 'wh_B2k7', secret: 'whsec_c2FtcGxlLXNlY3JldC1mb3ItdGVzdHMtb25seQ==', reply_url: `${PUBLIC_URL}/hook/rT0kXq9vL2mN5bC8dF1gHj` },
    public_url: PUBLIC_URL,
    ...overrides,
  };
}

/** A non-message event (case.created by default). */
export function eventContext(overrides: Partial<DeliveryContext> = {}): DeliveryContext {
  const base = messageContext(sampleMessage(), { message: null, hook: null, author: null, prev_message_seq: null });
  return {
    ...base,
    event: {
      id: 'evt_C4s8',
      conversation_id: 'cnv_T5h2',
      seq: 43,
      type: 'case.created',
      data: { case_id: 'cas_W1e5' },
      created_at: '2025-02-14T09:31:00.000Z',
    },
    case: { id: 'cas_W1e5', external_id: 'INC-2031', title: 'Disk almost full', status: 'open' },
    ...overrides,
  };
}
