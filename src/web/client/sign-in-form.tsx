/** Email and password in, session cookie out (POST /api/v1/session). */
import { useState } from 'preact/hooks';
import { api, errorText } from './api.ts';
import { AuthCard } from './auth-card.tsx';
import type { SessionInfo } from './types.ts';

export function SignInForm(props: { onDone: (session: SessionInfo) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      props.onDone(await api<SessionInfo>('POST', '/session', { email, password }));
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  return (
    <AuthCard title="Sign in">
      <form class="stack" onSubmit={submit}>
        <label class="field">
          <span>Email</span>
          <input type="email" name="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Password</span>
          <input type="password" name="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit" class="button button--primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </AuthCard>
  );
}
