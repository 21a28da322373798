/** First run: the database has no users, so whoever opens the UI creates the first admin. */
import { useState } from 'preact/hooks';
import { api, errorText } from './api.ts';
import { AuthCard } from './auth-card.tsx';
import type { SessionInfo } from './types.ts';

export function SetupForm(props: { onDone: (session: SessionInfo) => void }) {
  const [form, setForm] = useState({ name: '', email: '', password: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const set = (key: keyof typeof form) => (e: { currentTarget: HTMLInputElement }) => setForm({ ...form, [key]: e.currentTarget.value });

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      props.onDone(await api<SessionInfo>('POST', '/setup', form));
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  return (
    <AuthCard title="Set up Switchboard" intro="Create the first administrator. You can invite everyone else afterwards.">
      <form class="stack" onSubmit={submit}>
        <label class="field">
          <span>Your name</span>
          <input name="name" autocomplete="name" required maxLength={100} value={form.name} onInput={set('name')} />
        </label>
        <label class="field">
          <span>Email</span>
          <input type="email" name="email" autocomplete="username" required value={form.email} onInput={set('email')} />
        </label>
        <label class="field">
          <span>Password</span>
          <input type="password" name="password" autocomplete="new-password" required minLength={8} aria-describedby="setup-password-hint" value={form.password} onInput={set('password')} />
          <small id="setup-password-hint" class="muted">At least 8 characters.</small>
        </label>
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit" class="button button--primary" disabled={busy}>{busy ? 'Creating…' : 'Create admin and sign in'}</button>
      </form>
    </AuthCard>
  );
}
