/** Settings > API keys: create (the token is shown once, with Copy), list by prefix, revoke. */
import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from './api.ts';
import { ConfirmButton } from './confirm-button.tsx';
import { CopyButton } from './copy-button.tsx';
import { formatTime } from './format.ts';
import type { ApiKey, NewApiKey } from './types.ts';

export function ApiKeysPage() {
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<NewApiKey | null>(null);
  const [error, setError] = useState('');

  const load = () => api<{ api_keys: ApiKey[] }>('GET', '/api-keys').then((r) => setKeys(r.api_keys)).catch((e) => setError(errorText(e)));
  useEffect(() => {
    document.title = 'API keys · Switchboard';
    void load();
  }, []);

  const create = async (event: Event) => {
    event.preventDefault();
    setError('');
    try {
      setCreated(await api<NewApiKey>('POST', '/api-keys', { name }));
      setName('');
      await load();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const revoke = (key: ApiKey) => api('DELETE', `/api-keys/${encodeURIComponent(key.id)}`).then(load).catch((e) => setError(errorText(e)));

  return (
    <div class="settings">
      <h1>API keys</h1>
      <p class="muted">A key lets a script or bot call the API as you. Its name is the bot's display name.</p>
      <section class="panel" aria-labelledby="new-key-heading">
        <h2 id="new-key-heading">New key</h2>
        <form class="inline-form" onSubmit={create}>
          <label class="field">
            <span>Key name</span>
            <input required maxLength={100} value={name} placeholder="Stats bot" onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <button type="submit" class="button button--primary">Create key</button>
        </form>
        {created && (
          <div class="notice" role="status">
            <p><strong>Copy the key for “{created.name}” now.</strong> It is shown this once and cannot be seen again.</p>
            <div class="copy-field">
              <input readOnly value={created.token} aria-label="New API key" onFocus={(e) => e.currentTarget.select()} />
              <CopyButton text={created.token} what="the new API key" />
            </div>
            <button type="button" class="button button--quiet" onClick={() => setCreated(null)}>Done</button>
          </div>
        )}
        {error && <p class="error" role="alert">{error}</p>}
      </section>
      <section class="panel" aria-labelledby="keys-heading">
        <h2 id="keys-heading">Your keys</h2>
        {keys === null ? <p class="muted" role="status">Loading…</p> : keys.length === 0 ? <p class="muted">No keys yet.</p> : (
          <ul class="keys">
            {keys.map((k) => (
              <li key={k.id} class="key">
                <span class="key__name">{k.name}</span>
                <code class="key__prefix">{k.prefix}…</code>
                <span class="muted">created {formatTime(k.created_at)}</span>
                <ConfirmButton label="Revoke" confirmLabel="Revoke key" what={k.name} onConfirm={() => revoke(k)} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
