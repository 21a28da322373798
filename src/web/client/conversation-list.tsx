/** The sidebar: conversations with their latest message and unread badge, and the "new" form. */
import { useState } from 'preact/hooks';
import { Link } from './link.tsx';
import { NewConversationForm } from './new-conversation-form.tsx';
import { conversationPath } from './routes.ts';
import { formatTime } from './format.ts';
import type { InboxEntry } from './types.ts';
import type { Inbox } from './use-inbox.ts';

function preview(entry: InboxEntry): string {
  const m = entry.last_message;
  if (!m) return 'No messages yet';
  const text = m.body.trim() || (m.attachments.length ? `${m.attachments.length} attachment(s)` : '…');
  return `${m.sender.name}: ${text}`;
}

function Entry(props: { entry: InboxEntry; active: boolean }) {
  const { entry } = props;
  const unread = entry.unread_count;
  return (
    <li>
      <Link href={conversationPath(entry.id)} class={`conv-item${props.active ? ' conv-item--active' : ''}${unread ? ' conv-item--unread' : ''}`} aria-current={props.active ? 'page' : undefined}>
        <span class="conv-item__title">{entry.title}</span>
        {entry.last_message && <time class="conv-item__time" dateTime={entry.last_message.created_at}>{formatTime(entry.last_message.created_at)}</time>}
        <span class="conv-item__preview">{preview(entry)}</span>
        {unread > 0 && <span class="badge" aria-label={`${unread} unread`}>{unread > 99 ? '99+' : unread}</span>}
      </Link>
    </li>
  );
}

export function ConversationList(props: { inbox: Inbox; activeId: string | null }) {
  const { entries, error, refresh } = props.inbox;
  const [creating, setCreating] = useState(false);
  return (
    <div class="conv-list">
      <div class="conv-list__header">
        <h2>Conversations</h2>
        <button type="button" class="button button--small" aria-expanded={creating} onClick={() => setCreating(!creating)}>
          {creating ? 'Cancel' : 'New'}
        </button>
      </div>
      {creating && <NewConversationForm onCreated={() => { setCreating(false); refresh(); }} />}
      {error && <p class="error" role="alert">{error}</p>}
      {entries === null ? (
        <p class="muted" role="status">Loading…</p>
      ) : entries.length === 0 ? (
        <p class="muted">No conversations yet. Create the first one.</p>
      ) : (
        <ul class="conv-list__items">
          {entries.map((entry) => <Entry key={entry.id} entry={entry} active={entry.id === props.activeId} />)}
        </ul>
      )}
    </div>
  );
}
