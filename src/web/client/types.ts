/** The API shapes the UI reads (see the contract); only the fields it uses. */
export interface User {
  id: string;
  name: string;
  email: string;
  role: 'admin' | 'member';
}

export interface SessionInfo {
  user: User;
  csrf_token: string;
}

// The server's own view types (type-only: nothing of the server reaches the bundle).
import type { Conversation as CoreConversation } from '../../core/types.ts';
import type { SupportFields } from '../../core/support/support-view.ts';
export type { Attachment, Message } from '../../core/types.ts';
export type { Contact } from '../../core/support/support-view.ts';
import type { Message } from '../../core/types.ts';

/** A conversation as the API shows it: support conversations carry their support fields. */
export type Conversation = CoreConversation & Partial<SupportFields>;

export type InboxEntry = Conversation & {
  last_message: Message | null;
  unread_count: number;
};

export interface Case {
  id: string;
  external_id: string;
  title: string;
  status: 'open' | 'closed';
  message_count: number;
}

export interface Hook {
  id: string;
  name: string;
  url: string;
  created_at: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  created_at: string;
}

export interface NewApiKey extends ApiKey {
  token: string;
}
