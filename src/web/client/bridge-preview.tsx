/** A bridge's test console: paste a sample payload, see what it would produce. Stores nothing. */
import { useState } from 'preact/hooks';
import { api, errorText } from './api.ts';
import { parseJsonObject } from './json-input.ts';

interface PreviewMessage {
  external_chat_id: string;
  action: string;
  reason?: string;
  contact: { name: string | null; phone: string | null };
  direction: 'in' | 'out';
  kind: string;
  body: string;
}
type Preview = { result: 'ignored'; reason: string } | { result: 'messages'; messages: PreviewMessage[] };

export function BridgePreview(props: { bridgeId: string }) {
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    const parsed = parseJsonObject(text, false);
    if ('error' in parsed) return setError(parsed.error);
    setError('');
    try {
      setPreview(await api<Preview>('POST', `/bridges/${encodeURIComponent(props.bridgeId)}/preview`, { payload: parsed.value }));
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <form class="stack" onSubmit={submit} aria-label="Test a payload">
      <label class="field">
        <span>Sample payload (JSON)</span>
        <textarea class="code-input" rows={5} spellcheck={false} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      <div><button type="submit" class="button">Preview</button></div>
      {error && <p class="error" role="alert">{error}</p>}
      {preview?.result === 'ignored' && <p role="status">Ignored: {preview.reason}</p>}
      {preview?.result === 'messages' && (
        <ul class="preview" role="status">
          {preview.messages.map((m, i) => (
            <li key={i}>
              <strong>{m.action.replace(/_/g, ' ')}</strong> · chat <code>{m.external_chat_id}</code> · {m.kind} · {m.direction === 'in' ? 'from the visitor' : 'from our side'}
              {m.contact.name && ` · ${m.contact.name}`}{m.reason && ` (${m.reason})`}
              <pre>{m.body}</pre>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
