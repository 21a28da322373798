/** Who is in a conversation: list, add by email, remove. */
import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from './api.ts';
import type { User } from './types.ts';

export function MembersPanel(props: { conversationId: string; me: User }) {
  const base = `/conversations/${encodeURIComponent(props.conversationId)}/members`;
  const [members, setMembers] = useState<User[] | null>(null);
  const [email, setEmail] = useState('');
  const [error, setError] = useState('');

  const load = () => api<{ members: User[] }>('GET', base).then((r) => setMembers(r.members)).catch((e) => setError(errorText(e)));
  useEffect(() => void load(), [base]);

  const add = async (event: Event) => {
    event.preventDefault();
    setError('');
    try {
      await api('POST', base, { email });
      setEmail('');
      await load();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const remove = async (user: User) => {
    setError('');
    await api('DELETE', `${base}/${encodeURIComponent(user.id)}`).then(load).catch((e) => setError(errorText(e)));
  };

  return (
    <div class="members">
      <h2>Members</h2>
      {members === null ? <p class="muted" role="status">Loading…</p> : (
        <ul class="members__list">
          {members.map((u) => (
            <li key={u.id}>
              <span class="members__name">{u.name}{u.id === props.me.id && ' (you)'}</span>
              <span class="muted members__email">{u.email}</span>
              {u.id !== props.me.id && <button type="button" class="button button--small button--quiet" onClick={() => remove(u)} aria-label={`Remove ${u.name}`}>Remove</button>}
            </li>
          ))}
        </ul>
      )}
      <form class="inline-form" onSubmit={add}>
        <label class="field">
          <span>Add by email</span>
          <input type="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <button type="submit" class="button">Add</button>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
    </div>
  );
}
