/**
 * Decides what the browser sees first: the first-run set-up (no users yet), the sign-in form, or
 * the signed-in app. A 401 from any later call (the session expired) returns to sign-in.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, errorText, rememberCsrfToken, whenSignedOut } from './api.ts';
import { Shell } from './shell.tsx';
import { SetupForm } from './setup-form.tsx';
import { SignInForm } from './sign-in-form.tsx';
import type { SessionInfo } from './types.ts';

type Phase =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'setup' }
  | { kind: 'sign-in' }
  | { kind: 'ready'; session: SessionInfo };

export function App() {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });

  const signedIn = (session: SessionInfo) => {
    rememberCsrfToken(session.csrf_token);
    setPhase({ kind: 'ready', session });
  };

  useEffect(() => {
    whenSignedOut(() => setPhase({ kind: 'sign-in' }));
    // /setup answers 200 either way, so a signed-out visit causes no failed request in the console.
    (async () => {
      const setup = await api<{ needs_setup: boolean; signed_in: boolean }>('GET', '/setup');
      if (setup.needs_setup) return setPhase({ kind: 'setup' });
      if (!setup.signed_in) return setPhase({ kind: 'sign-in' });
      signedIn(await api<SessionInfo>('GET', '/session'));
    })().catch((error) => setPhase({ kind: 'failed', message: errorText(error) }));
  }, []);

  const signOut = async () => {
    await api('DELETE', '/session').catch(() => {});
    rememberCsrfToken('');
    setPhase({ kind: 'sign-in' });
  };

  switch (phase.kind) {
    case 'loading':
      return <p class="splash" role="status">Loading…</p>;
    case 'failed':
      return <p class="splash error" role="alert">Switchboard could not start: {phase.message}</p>;
    case 'setup':
      return <SetupForm onDone={signedIn} />;
    case 'sign-in':
      return <SignInForm onDone={signedIn} />;
    case 'ready':
      return <Shell user={phase.session.user} onSignOut={signOut} />;
  }
}
