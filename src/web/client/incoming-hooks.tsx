/**
 * Incoming hooks: add one (name -> URL with Copy and ready-to-run snippets), rotate its URL,
 * delete it. Uses GET/POST /conversations/:id/hooks, POST /hooks/:id/rotate, DELETE /hooks/:id.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, errorText } from './api.ts';
import { ConfirmButton } from './confirm-button.tsx';
import { CopyButton } from './copy-button.tsx';
import { formatTime } from './format.ts';
import { curlFormSnippet, curlSnippet, pythonSnippet } from './hook-snippets.ts';
import type { Hook } from './types.ts';

function Snippets(props: { url: string }) {
  const snippets = [['curl (JSON)', curlSnippet(props.url)], ['curl (form)', curlFormSnippet(props.url)], ['Python', pythonSnippet(props.url)]];
  return (
    <div class="snippets">
      {snippets.map(([label, code]) => (
        <figure key={label} class="snippet">
          <figcaption>{label} <CopyButton text={code} what={`${label} example`} /></figcaption>
          <pre><code>{code}</code></pre>
        </figure>
      ))}
    </div>
  );
}

function HookRow(props: { hook: Hook; fresh: boolean; onChange: () => void; onError: (m: string) => void }) {
  const { hook } = props;
  const act = (fn: () => Promise<unknown>) => fn().then(props.onChange).catch((e) => props.onError(errorText(e)));
  return (
    <li class={`hook${props.fresh ? ' hook--fresh' : ''}`}>
      <div class="hook__head">
        <strong class="hook__name">{hook.name}</strong>
        <span class="muted">added {formatTime(hook.created_at)}</span>
      </div>
      <div class="copy-field">
        <input readOnly value={hook.url} aria-label={`URL of ${hook.name}`} onFocus={(e) => e.currentTarget.select()} />
        <CopyButton text={hook.url} what={`URL of ${hook.name}`} />
      </div>
      <details open={props.fresh}>
        <summary>Examples</summary>
        <Snippets url={hook.url} />
      </details>
      <div class="hook__actions">
        <ConfirmButton label="Rotate URL" confirmLabel="Rotate: the old URL stops working" what={hook.name} onConfirm={() => act(() => api('POST', `/hooks/${encodeURIComponent(hook.id)}/rotate`))} />
        <ConfirmButton label="Delete" confirmLabel="Delete hook" what={hook.name} onConfirm={() => act(() => api('DELETE', `/hooks/${encodeURIComponent(hook.id)}`))} />
      </div>
    </li>
  );
}

export function IncomingHooks(props: { conversationId: string }) {
  const base = `/conversations/${encodeURIComponent(props.conversationId)}/hooks`;
  const [hooks, setHooks] = useState<Hook[] | 'unavailable' | null>(null);
  const [name, setName] = useState('');
  const [freshId, setFreshId] = useState('');
  const [error, setError] = useState('');

  const load = () =>
    api<{ hooks: Hook[] }>('GET', base)
      .then((r) => setHooks(r.hooks))
      // `not_found` (not `conversation_not_found`) means this server has no hooks API yet.
      .catch((e) => (e instanceof ApiError && e.code === 'not_found' ? setHooks('unavailable') : setError(errorText(e))));
  useEffect(() => void load(), [base]);

  const add = async (event: Event) => {
    event.preventDefault();
    setError('');
    try {
      const hook = await api<Hook>('POST', base, { name });
      setName('');
      setFreshId(hook.id);
      await load();
    } catch (e) {
      setError(errorText(e));
    }
  };

  if (hooks === 'unavailable') return <p class="muted">Incoming hooks are not available on this server yet.</p>;
  return (
    <div class="incoming-hooks">
      <h3>Incoming hooks</h3>
      <p class="muted">A hook is a secret URL: anything that can send an HTTP request can post into this conversation through it.</p>
      <form class="inline-form" onSubmit={add}>
        <label class="field">
          <span>Hook name</span>
          <input required maxLength={100} value={name} placeholder="Daily stats" onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <button type="submit" class="button button--primary">Add hook</button>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {hooks === null ? <p class="muted" role="status">Loading…</p> : hooks.length === 0 ? <p class="muted">No hooks yet.</p> : (
        <ul class="hooks">
          {hooks.map((h) => <HookRow key={h.id} hook={h} fresh={h.id === freshId} onChange={load} onError={setError} />)}
        </ul>
      )}
    </div>
  );
}
