/**
 * Integrations > Auto-responder rules: in order (the first match answers), move up and down, edit,
 * enable/disable, delete.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { api, errorText } from './api.ts';
import type { Rule } from './api-types.ts';
import { ConfirmButton } from './confirm-button.tsx';
import { DIRECTION_LABELS, RuleForm, SENDER_LABELS } from './rule-form.tsx';
import type { Conversation } from './types.ts';

export function describeTrigger(rule: Rule): string {
  const t = rule.trigger;
  const parts = [];
  if (t.keywords) parts.push(`keywords: ${t.keywords.join(', ')}`);
  if (t.phrase !== undefined) parts.push(`phrase: “${t.phrase}”`);
  if (t.pattern !== undefined) parts.push(`regex: /${t.pattern}/`);
  return `${parts.join(' and ')}${t.case_sensitive ? ' (case-sensitive)' : ''}`;
}

/** The cool-down, `continue` and whom the rule answers, where it narrows the default. */
export function describeOptions(rule: Rule): string {
  const t = rule.trigger;
  const parts = [rule.cooldown_seconds ? `cool-down ${rule.cooldown_seconds} s` : 'no cool-down'];
  if (rule.continue) parts.push('later rules may answer too');
  if (t.sender_types) parts.push(`only from: ${t.sender_types.map((s) => SENDER_LABELS[s].toLowerCase()).join(', ')}`);
  if (t.direction) parts.push(`only ${DIRECTION_LABELS[t.direction].toLowerCase()}`);
  return parts.join(' · ');
}

type Direction = 'up' | 'down';

interface RowProps {
  conversationId: string;
  rule: Rule;
  index: number;
  count: number;
  support: boolean;
  /** set after this rule moved: the button to give focus back to (the move took it away) */
  focus: Direction | null;
  onFocused: () => void;
  onMove: (to: number, direction: Direction) => void;
  onChange: (r: Rule | null) => void;
  onError: (m: string) => void;
}

function RuleRow(props: RowProps) {
  const r = props.rule;
  const path = `/rules/${encodeURIComponent(r.id)}`;
  const label = `rule ${props.index + 1}`;
  const named = `${r.name}, ${label}`;
  const [editing, setEditing] = useState(false);
  const [refocusEdit, setRefocusEdit] = useState(false);
  const buttons = { up: useRef<HTMLButtonElement>(null), down: useRef<HTMLButtonElement>(null), edit: useRef<HTMLButtonElement>(null) };
  // Layout effects: focus moves with the same paint that moves the rule.
  useLayoutEffect(() => {
    if (!props.focus) return;
    const other = props.focus === 'up' ? 'down' : 'up';
    (buttons[props.focus].current?.disabled ? buttons[other] : buttons[props.focus]).current?.focus();
    props.onFocused();
  }, [props.focus, props.index]);
  useLayoutEffect(() => {
    if (!refocusEdit || editing) return;
    buttons.edit.current?.focus();
    setRefocusEdit(false);
  }, [refocusEdit, editing]);
  const closeEditor = () => {
    setEditing(false);
    setRefocusEdit(true);
  };
  const setEnabled = (enabled: boolean) => api<Rule>('PATCH', path, { enabled }).then(props.onChange, (e) => props.onError(errorText(e)));

  if (editing) {
    return (
      <li class="rule rule--editing">
        <h4>Editing {label}</h4>
        <RuleForm conversationId={props.conversationId} support={props.support} rule={r} label={`Edit ${label}`} onSaved={(next) => { closeEditor(); props.onChange(next); }} onCancel={closeEditor} />
      </li>
    );
  }
  return (
    <li class={`rule${r.enabled ? '' : ' rule--off'}`}>
      <div class="rule__head">
        <span class="rule__order" aria-hidden="true">{props.index + 1}</span>
        <strong class="rule__trigger">{describeTrigger(r)}</strong>
      </div>
      <p class="rule__reply"><span class="muted">{r.name} replies: </span>{r.reply}</p>
      <p class="muted">{describeOptions(r)}</p>
      <div class="hook__actions">
        <label class="check"><input type="checkbox" checked={r.enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} aria-label={`Enabled: ${label}`} /> Enabled</label>
        <button ref={buttons.up} type="button" class="button button--small button--quiet" disabled={props.index === 0} aria-label={`Move up: ${named}`} onClick={() => props.onMove(props.index - 1, 'up')}>↑ Move up</button>
        <button ref={buttons.down} type="button" class="button button--small button--quiet" disabled={props.index === props.count - 1} aria-label={`Move down: ${named}`} onClick={() => props.onMove(props.index + 1, 'down')}>↓ Move down</button>
        <button ref={buttons.edit} type="button" class="button button--small button--quiet" aria-label={`Edit: ${named}`} onClick={() => setEditing(true)}>Edit</button>
        <ConfirmButton label="Delete" confirmLabel="Delete rule" what={label} onConfirm={() => api('DELETE', path).then(() => props.onChange(null), (e) => props.onError(errorText(e)))} />
      </div>
    </li>
  );
}

export function AutoResponderRules(props: { conversationId: string }) {
  const base = `/conversations/${encodeURIComponent(props.conversationId)}/rules`;
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [support, setSupport] = useState(false);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [moved, setMoved] = useState<{ id: string; direction: Direction } | null>(null);
  useEffect(() => {
    api<{ rules: Rule[] }>('GET', base).then((r) => setRules(r.rules)).catch((e) => setError(errorText(e)));
    // The direction criterion only means something in support conversations.
    api<Conversation>('GET', `/conversations/${encodeURIComponent(props.conversationId)}`).then((c) => setSupport(c.kind === 'support')).catch((e) => setError(errorText(e)));
  }, [base]);
  const replace = (id: string, next: Rule | null) => setRules((list) => (list ?? []).flatMap((r) => (r.id !== id ? [r] : next ? [next] : [])));
  // The server shifts the rules in between; reading the list back shows exactly what it stored.
  const move = async (rule: Rule, to: number, direction: Direction) => {
    try {
      await api<Rule>('PATCH', `/rules/${encodeURIComponent(rule.id)}`, { position: to });
      const list = (await api<{ rules: Rule[] }>('GET', base)).rules;
      setRules(list);
      setError('');
      setMoved({ id: rule.id, direction });
      const at = list.findIndex((r) => r.id === rule.id);
      setStatus(`${rule.name} is now rule ${at + 1} of ${list.length}.`);
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <div class="auto-responder">
      <h3>Auto-responder rules</h3>
      <p class="muted">Answers messages that match a trigger, without code. Rules are tried in order; the first that matches answers.</p>
      <RuleForm conversationId={props.conversationId} support={support} label="New auto-responder rule" onSaved={(r) => setRules((list) => [...(list ?? []), r])} />
      {error && <p class="error" role="alert">{error}</p>}
      <p class="visually-hidden" role="status">{status}</p>
      {rules === null ? <p class="muted" role="status">Loading…</p> : rules.length === 0 ? <p class="muted">No rules yet.</p> : (
        <ol class="rules" aria-label="Auto-responder rules">
          {rules.map((r, i) => (
            <RuleRow key={r.id} conversationId={props.conversationId} rule={r} index={i} count={rules.length} support={support} focus={moved?.id === r.id ? moved.direction : null} onFocused={() => setMoved(null)}
              onMove={(to, direction) => move(r, to, direction)} onChange={(next) => replace(r.id, next)} onError={setError} />
          ))}
        </ol>
      )}
    </div>
  );
}
