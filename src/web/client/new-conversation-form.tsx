/** Creates a conversation (POST /api/v1/conversations) and opens it. */
import { useState } from 'preact/hooks';
import { api, errorText } from './api.ts';
import { navigate } from './navigation.ts';
import { conversationPath } from './routes.ts';
import type { Conversation } from './types.ts';

export function NewConversationForm(props: { onCreated: (c: Conversation) => void }) {
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<'team' | 'support'>('team');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const created = await api<Conversation>('POST', '/conversations', { title, kind });
      props.onCreated(created);
      navigate(conversationPath(created.id));
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  return (
    <form class="stack new-conv" onSubmit={submit}>
      <label class="field">
        <span>Title</span>
        <input name="title" required maxLength={200} autoFocus value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>Kind</span>
        <select name="kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as 'team' | 'support')}>
          <option value="team">Team</option>
          <option value="support">Support</option>
        </select>
      </label>
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" class="button button--primary" disabled={busy}>Create conversation</button>
    </form>
  );
}
