/** Integrations > Auto-responder rules: in order (the first match answers), enable/disable, delete. */
import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from './api.ts';
import type { Rule } from './api-types.ts';
import { ConfirmButton } from './confirm-button.tsx';
import { RuleForm } from './rule-form.tsx';

export function describeTrigger(rule: Rule): string {
  const t = rule.trigger;
  const parts = [];
  if (t.keywords) parts.push(`keywords: ${t.keywords.join(', ')}`);
  if (t.phrase !== undefined) parts.push(`phrase: “${t.phrase}”`);
  if (t.pattern !== undefined) parts.push(`regex: /${t.pattern}/`);
  return `${parts.join(' and ')}${t.case_sensitive ? ' (case-sensitive)' : ''}`;
}

function RuleRow(props: { rule: Rule; index: number; onChange: (r: Rule | null) => void; onError: (m: string) => void }) {
  const r = props.rule;
  const path = `/rules/${encodeURIComponent(r.id)}`;
  const label = `rule ${props.index + 1}`;
  const setEnabled = (enabled: boolean) => api<Rule>('PATCH', path, { enabled }).then(props.onChange, (e) => props.onError(errorText(e)));
  return (
    <li class={`rule${r.enabled ? '' : ' rule--off'}`}>
      <div class="rule__head">
        <span class="rule__order" aria-hidden="true">{props.index + 1}</span>
        <strong class="rule__trigger">{describeTrigger(r)}</strong>
      </div>
      <p class="rule__reply"><span class="muted">{r.name} replies: </span>{r.reply}</p>
      <p class="muted">{r.cooldown_seconds ? `cool-down ${r.cooldown_seconds} s` : 'no cool-down'}{r.continue ? ' · later rules may answer too' : ''}</p>
      <div class="hook__actions">
        <label class="check"><input type="checkbox" checked={r.enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} aria-label={`Enabled: ${label}`} /> Enabled</label>
        <ConfirmButton label="Delete" confirmLabel="Delete rule" what={label} onConfirm={() => api('DELETE', path).then(() => props.onChange(null), (e) => props.onError(errorText(e)))} />
      </div>
    </li>
  );
}

export function AutoResponderRules(props: { conversationId: string }) {
  const base = `/conversations/${encodeURIComponent(props.conversationId)}/rules`;
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api<{ rules: Rule[] }>('GET', base).then((r) => setRules(r.rules)).catch((e) => setError(errorText(e)));
  }, [base]);
  const replace = (id: string, next: Rule | null) => setRules((list) => (list ?? []).flatMap((r) => (r.id !== id ? [r] : next ? [next] : [])));

  return (
    <div class="auto-responder">
      <h3>Auto-responder rules</h3>
      <p class="muted">Answers messages that match a trigger, without code. Rules are tried in order; the first that matches answers.</p>
      <RuleForm conversationId={props.conversationId} onCreated={(r) => setRules((list) => [...(list ?? []), r])} />
      {error && <p class="error" role="alert">{error}</p>}
      {rules === null ? <p class="muted" role="status">Loading…</p> : rules.length === 0 ? <p class="muted">No rules yet.</p> : (
        <ol class="rules" aria-label="Auto-responder rules">
          {rules.map((r, i) => <RuleRow key={r.id} rule={r} index={i} onChange={(next) => replace(r.id, next)} onError={setError} />)}
        </ol>
      )}
    </div>
  );
}
