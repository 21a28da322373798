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

export interface Conversation {
  id: string;
  title: string;
  kind: 'team' | 'support';
  status: 'open' | 'closed';
  created_at: string;
  /** support conversations only */
  contact?: Contact;
  assignee?: { id: string; name: string } | null;
  tags?: string[];
  bridge_id?: string | null;
}

/** The visitor of a support conversation, as the bridge it came through describes them. */
export interface Contact {
  name: string | null;
  phone: string | null;
  email: string | null;
  external_id: string | null;
}

export interface Attachment {
  id: string;
  kind: 'file' | 'link';
  name: string;
  url: string;
  content_type: string | null;
  size: number | null;
}

export interface Message {
  id: string;
  conversation_id: string;
  seq: number;
  body: string;
  sender: { type: string; id: string | null; name: string; avatar_url: string | null };
  attachments: Attachment[];
  case_id: string | null;
  /** support conversations: 'in' from the contact, 'out' from our side */
  direction?: 'in' | 'out' | null;
  rich: Record<string, unknown> | null;
  created_at: string;
}

export interface InboxEntry extends Conversation {
  last_message: Message | null;
  unread_count: number;
}

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
