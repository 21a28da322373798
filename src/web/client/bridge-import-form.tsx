/**
 * Imports a Live Helper Chat configuration as a bridge: its exported incoming-webhook JSON and,
 * optionally, its REST API JSON (which becomes the reply call). POST /bridges/import; the import's
 * warnings (what it left out or changed) are shown with the new bridge.
 */
import { useState } from 'preact/hooks';
import { api } from './api.ts';
import type { Bridge } from './api-types.ts';
import { FieldError } from './field-error.tsx';
import { errorProps, fieldErrorsOf, type FieldErrors } from './field-errors.ts';
import { parseJsonObject } from './json-input.ts';

const ID = 'bridge-import';
const FIELDS = ['incoming', 'rest_api'];

export function BridgeImportForm(props: { onImported: (bridge: Bridge, warnings: string[]) => void }) {
  const [incoming, setIncoming] = useState('');
  const [restApi, setRestApi] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const a = parseJsonObject(incoming, false);
    const b = parseJsonObject(restApi, true);
    const local: FieldErrors = { ...('error' in a ? { incoming: a.error } : {}), ...('error' in b ? { rest_api: b.error } : {}) };
    if ('error' in a || 'error' in b) return setErrors(local);
    setErrors({});
    setBusy(true);
    try {
      const { warnings, ...bridge } = await api<Bridge & { warnings: string[] }>('POST', '/bridges/import', { incoming: a.value, ...(b.value ? { rest_api: b.value } : {}) });
      setIncoming('');
      setRestApi('');
      props.onImported(bridge, warnings);
    } catch (e) {
      setErrors(fieldErrorsOf(e, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="stack" onSubmit={submit} aria-label="Import a Live Helper Chat configuration">
      <label class="field">
        <span>Incoming webhook (exported JSON)</span>
        <textarea class="code-input" rows={8} value={incoming} spellcheck={false} placeholder='{"name": "WhatsApp", "conditions": {…}}' onInput={(e) => setIncoming(e.currentTarget.value)} {...errorProps(errors, 'incoming', ID)} />
        <FieldError errors={errors} field="incoming" idBase={ID} />
      </label>
      <label class="field">
        <span>REST API (exported JSON, optional: becomes the reply call)</span>
        <textarea class="code-input" rows={6} value={restApi} spellcheck={false} onInput={(e) => setRestApi(e.currentTarget.value)} {...errorProps(errors, 'rest_api', ID)} />
        <FieldError errors={errors} field="rest_api" idBase={ID} />
      </label>
      {errors[''] && <p class="error" role="alert">{errors['']}</p>}
      <div><button type="submit" class="button button--primary" disabled={busy}>Import bridge</button></div>
    </form>
  );
}
