/**
 * Writes a message: Enter sends, Shift+Enter starts a new line (IME composition is left alone).
 * Chosen files go with it as one multipart post; a message may be files alone.
 */
import { useState } from 'preact/hooks';
import { errorText } from './api.ts';
import { AttachFiles, ChosenFiles } from './composer-files.tsx';

export function Composer(props: { onSend: (body: string, files: File[]) => Promise<void> }) {
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const ready = Boolean(text.trim()) || files.length > 0;

  const send = async () => {
    if (!ready || busy) return;
    setBusy(true);
    setError('');
    try {
      await props.onSend(text, files);
      setText('');
      setFiles([]);
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
      <ChosenFiles files={files} onRemove={(index) => setFiles((fs) => fs.filter((_, i) => i !== index))} />
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
      <AttachFiles disabled={busy} onAdd={(added) => setFiles((fs) => [...fs, ...added])} />
      <button type="submit" class="button button--primary" disabled={busy || !ready}>Send</button>
      {error && <p class="error composer__error" role="alert">{error}</p>}
    </form>
  );
}
