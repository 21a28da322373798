/** The centred card the sign-in and set-up forms sit in. */
import type { ComponentChildren } from 'preact';

export function AuthCard(props: { title: string; intro?: string; children: ComponentChildren }) {
  return (
    <main class="auth" id="main">
      <div class="auth__card">
        <p class="brand brand--large">Switchboard</p>
        <h1>{props.title}</h1>
        {props.intro && <p class="muted">{props.intro}</p>}
        {props.children}
      </div>
    </main>
  );
}
