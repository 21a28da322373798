/**
 * The support inbox: support conversations filtered by status (open/closed) and assignee (everyone,
 * mine, unassigned), with contact, assignee and tags. GET /conversations?kind=support&status=&assignee=.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, errorText } from './api.ts';
import { ContactDetails, Tags, contactName } from './contact-card.tsx';
import { Link } from './link.tsx';
import { conversationPath } from './routes.ts';
import type { Conversation, User } from './types.ts';

const POLL_MS = 10_000;
type Status = 'open' | 'closed';
type Assignee = 'all' | 'me' | 'unassigned';
const STATUSES: [Status, string][] = [['open', 'Open'], ['closed', 'Closed']];
const ASSIGNEES: [Assignee, string][] = [['all', 'Everyone'], ['me', 'Mine'], ['unassigned', 'Unassigned']];

function Filter<T extends string>(props: { label: string; options: [T, string][]; value: T; onChange: (v: T) => void }) {
  return (
    <div class="segmented" role="group" aria-label={props.label}>
      {props.options.map(([value, text]) => (
        <button key={value} type="button" class="chip" aria-pressed={props.value === value} onClick={() => props.onChange(value)}>{text}</button>
      ))}
    </div>
  );
}

function Entry(props: { conversation: Conversation; me: User }) {
  const c = props.conversation;
  const assignee = c.assignee ? (c.assignee.id === props.me.id ? 'you' : c.assignee.name) : null;
  return (
    <li>
      <Link href={conversationPath(c.id)} class="support-item">
        <span class="support-item__title">{c.title}</span>
        <span class={`status status--${c.status}`}>{c.status}</span>
        <ContactDetails contact={c.contact} hideName={c.title === contactName(c.contact)} />
        <span class="support-item__assignee">{assignee ? `Assigned to ${assignee}` : 'Unassigned'}</span>
        <Tags tags={c.tags} />
      </Link>
    </li>
  );
}

export function SupportInbox(props: { user: User }) {
  const [status, setStatus] = useState<Status>('open');
  const [assignee, setAssignee] = useState<Assignee>('all');
  const [items, setItems] = useState<Conversation[] | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(() => {
    const query = `kind=support&status=${status}${assignee === 'all' ? '' : `&assignee=${assignee}`}`;
    api<{ conversations: Conversation[] }>('GET', `/conversations?${query}`)
      .then((r) => { setItems(r.conversations); setError(''); })
      .catch((e) => setError(errorText(e)));
  }, [status, assignee]);

  useEffect(() => {
    document.title = 'Support inbox · Switchboard';
    setItems(null);
    load();
    const timer = setInterval(() => document.visibilityState === 'visible' && load(), POLL_MS);
    window.addEventListener('focus', load);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', load);
    };
  }, [load]);

  return (
    <div class="settings support-inbox">
      <h1>Support inbox</h1>
      <div class="filters-bar">
        <Filter label="Status" options={STATUSES} value={status} onChange={setStatus} />
        <Filter label="Assignee" options={ASSIGNEES} value={assignee} onChange={setAssignee} />
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {items === null ? <p class="muted" role="status">Loading…</p> : items.length === 0 ? (
        <p class="muted">No {status} support conversations{assignee === 'me' ? ' assigned to you' : assignee === 'unassigned' ? ' waiting for an operator' : ''}.</p>
      ) : (
        <ul class="support-list" aria-label="Support conversations">
          {items.map((c) => <Entry key={c.id} conversation={c} me={props.user} />)}
        </ul>
      )}
    </div>
  );
}
