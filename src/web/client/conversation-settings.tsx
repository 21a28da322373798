/** Conversation Settings: its title, its members and its integrations (the Fleep flow's home). */
import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from './api.ts';
import { IntegrationsSection } from './integrations-section.tsx';
import { Link } from './link.tsx';
import { MembersPanel } from './members-panel.tsx';
import { conversationPath } from './routes.ts';
import type { Conversation, User } from './types.ts';

function RenameForm(props: { conversation: Conversation; onSaved: (c: Conversation) => void }) {
  const [title, setTitle] = useState(props.conversation.title);
  const [note, setNote] = useState('');
  const save = async (event: Event) => {
    event.preventDefault();
    try {
      props.onSaved(await api<Conversation>('PATCH', `/conversations/${encodeURIComponent(props.conversation.id)}`, { title }));
      setNote('Saved.');
    } catch (e) {
      setNote(errorText(e));
    }
  };
  return (
    <form class="inline-form" onSubmit={save}>
      <label class="field">
        <span>Title</span>
        <input required maxLength={200} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </label>
      <button type="submit" class="button">Save</button>
      <span role="status" class="muted">{note}</span>
    </form>
  );
}

export function ConversationSettings(props: { id: string; user: User; onChanged: () => void }) {
  const [conversation, setConversation] = useState<Conversation | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api<Conversation>('GET', `/conversations/${encodeURIComponent(props.id)}`).then(setConversation).catch((e) => setError(errorText(e)));
  }, [props.id]);
  useEffect(() => {
    if (conversation) document.title = `Settings · ${conversation.title} · Switchboard`;
  }, [conversation?.title]);

  if (error) return <div class="empty-state"><p class="error" role="alert">{error}</p></div>;
  if (!conversation) return <p class="muted" role="status">Loading…</p>;
  return (
    <div class="settings">
      <Link href={conversationPath(props.id)} class="back-link">‹ Back to {conversation.title}</Link>
      <h1>Conversation settings</h1>
      <section class="panel" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <RenameForm conversation={conversation} onSaved={(c) => { setConversation(c); props.onChanged(); }} />
      </section>
      <section class="panel">
        <MembersPanel conversationId={props.id} me={props.user} />
      </section>
      <IntegrationsSection conversationId={props.id} />
    </div>
  );
}
