/**
 * Settings > Bridges: each bridge with its secret URL (Copy) and reply call, its ignored-payload
 * log and test console; and importing a Live Helper Chat configuration as a new bridge.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from './api.ts';
import type { Bridge } from './api-types.ts';
import { BridgeImportForm } from './bridge-import-form.tsx';
import { BridgePreview } from './bridge-preview.tsx';
import { CopyButton } from './copy-button.tsx';
import { formatTime } from './format.ts';
import { IgnoredLog } from './ignored-log.tsx';

function BridgeRow(props: { bridge: Bridge }) {
  const b = props.bridge;
  const [open, setOpen] = useState<'' | 'ignored' | 'preview'>('');
  const show = (what: 'ignored' | 'preview') => setOpen(open === what ? '' : what);
  return (
    <li class="bridge">
      <div class="hook__head">
        <strong class="hook__name">{b.name}</strong>
        {b.scope && <span class="tag">{b.scope}</span>}
        <span class="muted">added {formatTime(b.created_at)}</span>
      </div>
      <div class="copy-field">
        <input readOnly value={b.url} aria-label={`URL of ${b.name}`} onFocus={(e) => e.currentTarget.select()} />
        <CopyButton text={b.url} what={`URL of ${b.name}`} />
      </div>
      <p class="muted bridge__reply">{b.reply?.url ? `Replies: ${b.reply.method ?? 'POST'} ${b.reply.url}` : 'No reply call: operator messages stay here.'}</p>
      <div class="hook__actions">
        <button type="button" class="button button--small" aria-expanded={open === 'ignored'} onClick={() => show('ignored')} aria-label={`Ignored payloads of ${b.name}`}>Ignored payloads</button>
        <button type="button" class="button button--small" aria-expanded={open === 'preview'} onClick={() => show('preview')} aria-label={`Test a payload on ${b.name}`}>Test a payload</button>
      </div>
      {open === 'ignored' && <IgnoredLog bridgeId={b.id} />}
      {open === 'preview' && <BridgePreview bridgeId={b.id} />}
    </li>
  );
}

export function BridgesPage() {
  const [bridges, setBridges] = useState<Bridge[] | null>(null);
  const [imported, setImported] = useState<{ bridge: Bridge; warnings: string[] } | null>(null);
  const [error, setError] = useState('');
  const load = () => api<{ bridges: Bridge[] }>('GET', '/bridges').then((r) => setBridges(r.bridges), (e) => setError(errorText(e)));
  useEffect(() => {
    document.title = 'Bridges · Switchboard';
    void load();
  }, []);

  return (
    <div class="settings">
      <h1>Bridges</h1>
      <p class="muted">A bridge turns a third party's posts (a WhatsApp gateway, an SMS provider) into support conversations, and sends operator replies back.</p>
      <section class="panel" aria-labelledby="bridges-heading">
        <h2 id="bridges-heading">Your bridges</h2>
        {error && <p class="error" role="alert">{error}</p>}
        {bridges === null ? <p class="muted" role="status">Loading…</p> : bridges.length === 0 ? <p class="muted">No bridges yet. Import one below.</p> : (
          <ul class="hooks">{bridges.map((b) => <BridgeRow key={b.id} bridge={b} />)}</ul>
        )}
      </section>
      <section class="panel" aria-labelledby="import-heading">
        <h2 id="import-heading">Import from Live Helper Chat</h2>
        <BridgeImportForm onImported={(bridge, warnings) => { setImported({ bridge, warnings }); void load(); }} />
        {imported && (
          <div class="notice" role="status">
            <p><strong>Imported “{imported.bridge.name}”.</strong> Point the gateway's webhook at its URL above.</p>
            {imported.warnings.length > 0 && (
              <>
                <p>Warnings:</p>
                <ul class="warnings">{imported.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>
              </>
            )}
          </div>
        )}
      </section>
    </div>
  );
}
