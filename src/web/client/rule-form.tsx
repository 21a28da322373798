/**
 * The add and the edit form of an auto-responder rule: a trigger (keywords, a phrase or an RE2
 * regular expression), whom it answers (sender types and, in support conversations, the
 * direction), the reply with its placeholders, a cool-down, enabled. The API's 422 message shows by
 * its field.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SenderType } from '../../core/types.ts';
import { api } from './api.ts';
import type { Rule, RuleTrigger } from './api-types.ts';
import { splitList } from './delivery-text.ts';
import { FieldError } from './field-error.tsx';
import { errorProps, fieldErrorsOf, type FieldErrors } from './field-errors.ts';

type TriggerKind = 'keywords' | 'phrase' | 'pattern';
const TRIGGER_LABELS: Record<TriggerKind, [string, string]> = {
  keywords: ['Keywords (comma-separated, any one matches a whole word)', 'price, cost, quote'],
  phrase: ['Phrase (matches anywhere in the message)', 'opening hours'],
  pattern: ['Regular expression (RE2: no lookaround or backreferences)', '^order\\s+#?\\d+'],
};
export const PLACEHOLDERS = ['{{sender.name}}', '{{conversation.title}}'];
const FIELDS = ['name', 'trigger', 'trigger.sender_types', 'trigger.direction', 'reply', 'cooldown_seconds', 'enabled', 'continue'];

/**
 * Whom a rule answers when its trigger names no sender types (match.ts): everyone but bots, so a
 * reply never sets off another. System notices are never answered (responder.ts), so not offered.
 */
export const DEFAULT_SENDERS: readonly SenderType[] = ['user', 'hook', 'contact'];
export const SENDER_LABELS: Record<SenderType, string> = { user: 'People', hook: 'Incoming webhooks', bot: 'Bots', contact: 'Visitors', system: 'System notices' };
const OFFERED: readonly SenderType[] = ['user', 'hook', 'bot', 'contact'];
export const DIRECTION_LABELS = { in: 'From the visitor', out: 'From our side' } as const;

interface Draft {
  name: string;
  kind: TriggerKind;
  text: string;
  caseSensitive: boolean;
  senders: SenderType[];
  direction: '' | 'in' | 'out';
  reply: string;
  cooldown: string;
  enabled: boolean;
  more: boolean;
}

function draftOf(rule?: Rule): Draft {
  const t = rule?.trigger;
  const kind: TriggerKind = !t || t.keywords ? 'keywords' : t.phrase !== undefined ? 'phrase' : 'pattern';
  return {
    name: rule?.name ?? '',
    kind,
    text: !t ? '' : kind === 'keywords' ? (t.keywords ?? []).join(', ') : (t[kind] ?? ''),
    caseSensitive: t?.case_sensitive ?? false,
    senders: [...(t?.sender_types ?? DEFAULT_SENDERS)],
    direction: t?.direction ?? '',
    reply: rule?.reply ?? '',
    cooldown: String(rule?.cooldown_seconds ?? 0),
    enabled: rule?.enabled ?? true,
    more: rule?.continue ?? false,
  };
}

const sameSenders = (a: readonly SenderType[], b: readonly SenderType[]) => {
  const seen = (list: readonly SenderType[]) => [...new Set(list.filter((s) => s !== 'system'))].sort().join();
  return seen(a) === seen(b);
};

/**
 * The trigger to send. A trigger made through the API may combine keywords, a phrase and a pattern;
 * the form edits one of them and keeps the others (`kept`).
 */
function triggerOf(draft: Draft, kept: RuleTrigger | undefined, offered: readonly SenderType[]) {
  const others = { keywords: kept?.keywords, phrase: kept?.phrase, pattern: kept?.pattern };
  const criterion = draft.kind === 'keywords' ? splitList(draft.text) : draft.text;
  // Only what the form shows (and `system`, which it keeps): no hidden visitors in a team conversation.
  const senders = sameSenders(draft.senders, DEFAULT_SENDERS) ? [] : [...offered, 'system' as const].filter((s) => draft.senders.includes(s));
  return {
    ...Object.fromEntries(Object.entries(others).filter(([k, v]) => v !== undefined && k !== draft.kind)),
    [draft.kind]: criterion,
    case_sensitive: draft.caseSensitive,
    ...(senders.length ? { sender_types: senders } : {}),
    ...(draft.direction ? { direction: draft.direction } : {}),
  };
}

/** Visitors write only in support conversations. */
const offeredSenders = (support: boolean): readonly SenderType[] => (support ? OFFERED : OFFERED.filter((s) => s !== 'contact'));

/** Which criteria besides the edited one the rule has, for a note under the trigger. */
function keptCriteria(rule: Rule | undefined, kind: TriggerKind): string[] {
  const t = rule?.trigger;
  if (!t) return [];
  return (['keywords', 'phrase', 'pattern'] as const).filter((k) => k !== kind && t[k] !== undefined);
}

/**
 * Without `rule`, adds a rule (and starts from the defaults again); with it, edits that rule.
 * @example <RuleForm conversationId={id} support={false} label="New auto-responder rule" onSaved={add} />
 */
export function RuleForm(props: { conversationId: string; support: boolean; label: string; rule?: Rule; onSaved: (rule: Rule) => void; onCancel?: () => void }) {
  const editing = props.rule !== undefined;
  const [draft, setDraft] = useState(() => draftOf(props.rule));
  const [errors, setErrors] = useState<FieldErrors>({});
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (editing) first.current?.focus();
  }, []);
  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));
  const id = editing ? `rule-${props.rule!.id}` : 'new-rule';

  const submit = async (event: Event) => {
    event.preventDefault();
    if (draft.kind === 'keywords' && !splitList(draft.text).length) return setErrors({ trigger: 'type at least one keyword' });
    const offered = offeredSenders(props.support);
    if (!draft.senders.some((s) => offered.includes(s))) return setErrors({ 'trigger.sender_types': 'tick at least one kind of sender' });
    setErrors({});
    const name = draft.name.trim();
    const body = {
      ...(name ? { name } : editing ? { name: 'Auto-responder' } : {}),
      trigger: triggerOf(draft, props.rule?.trigger, offered),
      reply: draft.reply,
      cooldown_seconds: Number(draft.cooldown),
      enabled: draft.enabled,
      continue: draft.more,
    };
    try {
      const saved = editing
        ? await api<Rule>('PATCH', `/rules/${encodeURIComponent(props.rule!.id)}`, body)
        : await api<Rule>('POST', `/conversations/${encodeURIComponent(props.conversationId)}/rules`, body);
      props.onSaved(saved);
      // Each new rule starts from the defaults, so one rule's options never leak into the next.
      if (!editing) setDraft((d) => ({ ...draftOf(), kind: d.kind }));
    } catch (e) {
      setErrors(fieldErrorsOf(e, FIELDS));
    }
  };
  const [label, example] = TRIGGER_LABELS[draft.kind];
  const kept = keptCriteria(props.rule, draft.kind);

  return (
    <form class="stack rule-form" onSubmit={submit} aria-label={props.label}>
      <div class="form-row">
        <label class="field">
          <span>Trigger type</span>
          <select ref={first} value={draft.kind} onChange={(e) => set({ kind: e.currentTarget.value as TriggerKind })}>
            <option value="keywords">Keywords</option>
            <option value="phrase">Phrase</option>
            <option value="pattern">Regular expression</option>
          </select>
        </label>
        <label class="field field--wide">
          <span>{label}</span>
          <input required value={draft.text} placeholder={example} onInput={(e) => set({ text: e.currentTarget.value })} {...errorProps(errors, 'trigger', id)} />
          <FieldError errors={errors} field="trigger" idBase={id} />
        </label>
      </div>
      {kept.length > 0 && <p class="muted">This rule also has a {kept.join(' and a ')} set through the API; saving keeps {kept.length > 1 ? 'them' : 'it'}.</p>}
      <label class="check"><input type="checkbox" checked={draft.caseSensitive} onChange={(e) => set({ caseSensitive: e.currentTarget.checked })} /> Case-sensitive</label>
      <label class="field">
        <span>Reply</span>
        <textarea required rows={3} maxLength={4000} value={draft.reply} placeholder="Hi {{sender.name}}, our prices are at https://example.com/prices" onInput={(e) => set({ reply: e.currentTarget.value })} {...errorProps(errors, 'reply', id)} />
        <FieldError errors={errors} field="reply" idBase={id} />
      </label>
      <p class="muted placeholders">
        Placeholders:{' '}
        {PLACEHOLDERS.map((p) => (
          <button key={p} type="button" class="chip chip--small" onClick={() => setDraft((d) => ({ ...d, reply: `${d.reply}${p}` }))} aria-label={`Insert ${p} into the reply`}><code>{p}</code></button>
        ))}
      </p>
      <AudienceFields draft={draft} set={set} errors={errors} idBase={id} support={props.support} />
      <div class="form-row">
        <label class="field">
          <span>Cool-down (seconds)</span>
          <input type="number" min={0} step={1} value={draft.cooldown} onInput={(e) => set({ cooldown: e.currentTarget.value })} {...errorProps(errors, 'cooldown_seconds', id)} />
          <FieldError errors={errors} field="cooldown_seconds" idBase={id} />
        </label>
        <label class="field field--wide">
          <span>Bot name (what the reply is signed with)</span>
          <input maxLength={100} value={draft.name} placeholder="Auto-responder" onInput={(e) => set({ name: e.currentTarget.value })} {...errorProps(errors, 'name', id)} />
          <FieldError errors={errors} field="name" idBase={id} />
        </label>
      </div>
      <label class="check"><input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} /> Enabled</label>
      <label class="check"><input type="checkbox" checked={draft.more} onChange={(e) => set({ more: e.currentTarget.checked })} /> Let later rules answer too</label>
      {errors[''] && <p class="error" role="alert">{errors['']}</p>}
      <div class="hook__actions">
        <button type="submit" class="button button--primary">{editing ? 'Save rule' : 'Add rule'}</button>
        {props.onCancel && <button type="button" class="button button--quiet" onClick={props.onCancel}>Cancel</button>}
      </div>
    </form>
  );
}

/** Sender types (visitors only in support conversations) and, in support conversations, the direction. */
function AudienceFields(props: { draft: Draft; set: (change: Partial<Draft>) => void; errors: FieldErrors; idBase: string; support: boolean }) {
  const { draft, errors, idBase } = props;
  const offered = offeredSenders(props.support);
  const toggle = (type: SenderType, on: boolean) => props.set({ senders: on ? [...draft.senders, type] : draft.senders.filter((s) => s !== type) });
  return (
    <>
      <fieldset class="checks" {...errorProps(errors, 'trigger.sender_types', idBase)}>
        <legend>Answer messages from</legend>
        {offered.map((type) => (
          <label key={type} class="check">
            <input type="checkbox" checked={draft.senders.includes(type)} onChange={(e) => toggle(type, e.currentTarget.checked)} /> {SENDER_LABELS[type]} <span class="muted">({type})</span>
          </label>
        ))}
        <FieldError errors={errors} field="trigger.sender_types" idBase={idBase} />
      </fieldset>
      {props.support && (
        <label class="field rule-form__direction">
          <span>Direction</span>
          <select value={draft.direction} onChange={(e) => props.set({ direction: e.currentTarget.value as Draft['direction'] })} {...errorProps(errors, 'trigger.direction', idBase)}>
            <option value="">Both</option>
            <option value="in">{DIRECTION_LABELS.in} (incoming)</option>
            <option value="out">{DIRECTION_LABELS.out} (outgoing)</option>
          </select>
          <FieldError errors={errors} field="trigger.direction" idBase={idBase} />
        </label>
      )}
    </>
  );
}
