/**
 * The header of a support conversation: the contact, who is assigned (assign to me / unassign),
 * tags (add / remove), and close / reopen. Each action is a PATCH /conversations/:id; the answer
 * replaces the view.
 */
import { useState } from 'preact/hooks';
import { api, errorText } from './api.ts';
import { ContactDetails, TagEditor } from './contact-card.tsx';
import type { Conversation, User } from './types.ts';

export function SupportHeader(props: { conversation: Conversation; me: User; onChanged: (c: Conversation) => void }) {
  const c = props.conversation;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const save = async (body: Record<string, unknown>) => props.onChanged(await api<Conversation>('PATCH', `/conversations/${encodeURIComponent(c.id)}`, body));
  const patch = async (body: Record<string, unknown>) => {
    setBusy(true);
    setError('');
    try {
      await save(body);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const mine = c.assignee?.id === props.me.id;
  return (
    <div class="support-header" role="region" aria-label="Support conversation">
      <ContactDetails contact={c.contact} />
      <span class="support-header__assignee" role="status">{c.assignee ? `Assigned to ${mine ? 'you' : c.assignee.name}` : 'Unassigned'}</span>
      <TagEditor tags={c.tags ?? []} onSave={(tags) => save({ tags })} />
      <span class="support-header__actions">
        {!mine && <button type="button" class="button button--small" disabled={busy} onClick={() => patch({ assignee_id: props.me.id })}>Assign to me</button>}
        {c.assignee && <button type="button" class="button button--small" disabled={busy} onClick={() => patch({ assignee_id: null })}>Unassign</button>}
        {c.status === 'open'
          ? <button type="button" class="button button--small" disabled={busy} onClick={() => patch({ status: 'closed' })}>Close</button>
          : <button type="button" class="button button--small" disabled={busy} onClick={() => patch({ status: 'open' })}>Reopen</button>}
      </span>
      {error && <p class="error" role="alert">{error}</p>}
    </div>
  );
}
