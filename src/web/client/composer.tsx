/** Writes a message: Enter sends, Shift+Enter starts a new line (IME composition is left alone). */
import { useState } from 'preact/hooks';
import { errorText } from './api.ts';

export function Composer(props: { onSend: (body: string) => Promise<void> }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const send = async () => {
    if (!text.trim() || busy) return;
    setBusy(true);
    setError('');
    try {
      await props.onSend(text);
      setText('');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  return (
    <form class="composer" onSubmit={(e) => { e.preventDefault(); void send(); }}>
      <label for="composer-input" class="visually-hidden">Message</label>
      <textarea
        id="composer-input"
        rows={2}
        maxLength={40000}
        placeholder="Write a message (Enter sends, Shift+Enter for a new line)"
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" class="button button--primary" disabled={busy || !text.trim()}>Send</button>
      {error && <p class="error composer__error" role="alert">{error}</p>}
    </form>
  );
}
