/**
 * Adds an auto-responder rule: a trigger (keywords, a phrase or an RE2 regular expression), the
 * reply with its placeholders, a cool-down, enabled. The API's 422 message shows by its field.
 */
import { useState } from 'preact/hooks';
import { api } from './api.ts';
import type { Rule } from './api-types.ts';
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
const FIELDS = ['name', 'trigger', 'reply', 'cooldown_seconds', 'enabled', 'continue'];
const ID = 'new-rule';

function triggerOf(kind: TriggerKind, text: string, caseSensitive: boolean) {
  if (kind === 'keywords') return { keywords: splitList(text), case_sensitive: caseSensitive };
  return { [kind]: text, case_sensitive: caseSensitive };
}

export function RuleForm(props: { conversationId: string; onCreated: (rule: Rule) => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<TriggerKind>('keywords');
  const [text, setText] = useState('');
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [reply, setReply] = useState('');
  const [cooldown, setCooldown] = useState('0');
  const [enabled, setEnabled] = useState(true);
  const [more, setMore] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = async (event: Event) => {
    event.preventDefault();
    if (kind === 'keywords' && !splitList(text).length) return setErrors({ trigger: 'type at least one keyword' });
    setErrors({});
    const body = { ...(name.trim() ? { name: name.trim() } : {}), trigger: triggerOf(kind, text, caseSensitive), reply, cooldown_seconds: Number(cooldown), enabled, continue: more };
    try {
      props.onCreated(await api<Rule>('POST', `/conversations/${encodeURIComponent(props.conversationId)}/rules`, body));
      // Each rule starts from the defaults, so one rule's options never leak into the next.
      setText('');
      setReply('');
      setName('');
      setCaseSensitive(false);
      setCooldown('0');
      setEnabled(true);
      setMore(false);
    } catch (e) {
      setErrors(fieldErrorsOf(e, FIELDS));
    }
  };
  const [label, example] = TRIGGER_LABELS[kind];

  return (
    <form class="stack rule-form" onSubmit={submit} aria-label="New auto-responder rule">
      <div class="form-row">
        <label class="field">
          <span>Trigger type</span>
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value as TriggerKind)}>
            <option value="keywords">Keywords</option>
            <option value="phrase">Phrase</option>
            <option value="pattern">Regular expression</option>
          </select>
        </label>
        <label class="field field--wide">
          <span>{label}</span>
          <input required value={text} placeholder={example} onInput={(e) => setText(e.currentTarget.value)} {...errorProps(errors, 'trigger', ID)} />
          <FieldError errors={errors} field="trigger" idBase={ID} />
        </label>
      </div>
      <label class="check"><input type="checkbox" checked={caseSensitive} onChange={(e) => setCaseSensitive(e.currentTarget.checked)} /> Case-sensitive</label>
      <label class="field">
        <span>Reply</span>
        <textarea required rows={3} maxLength={4000} value={reply} placeholder="Hi {{sender.name}}, our prices are at https://example.com/prices" onInput={(e) => setReply(e.currentTarget.value)} {...errorProps(errors, 'reply', ID)} />
        <FieldError errors={errors} field="reply" idBase={ID} />
      </label>
      <p class="muted placeholders">
        Placeholders:{' '}
        {PLACEHOLDERS.map((p) => (
          <button key={p} type="button" class="chip chip--small" onClick={() => setReply((r) => `${r}${p}`)} aria-label={`Insert ${p} into the reply`}><code>{p}</code></button>
        ))}
      </p>
      <div class="form-row">
        <label class="field">
          <span>Cool-down (seconds)</span>
          <input type="number" min={0} step={1} value={cooldown} onInput={(e) => setCooldown(e.currentTarget.value)} {...errorProps(errors, 'cooldown_seconds', ID)} />
          <FieldError errors={errors} field="cooldown_seconds" idBase={ID} />
        </label>
        <label class="field field--wide">
          <span>Bot name (what the reply is signed with)</span>
          <input maxLength={100} value={name} placeholder="Auto-responder" onInput={(e) => setName(e.currentTarget.value)} {...errorProps(errors, 'name', ID)} />
          <FieldError errors={errors} field="name" idBase={ID} />
        </label>
      </div>
      <label class="check"><input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} /> Enabled</label>
      <label class="check"><input type="checkbox" checked={more} onChange={(e) => setMore(e.currentTarget.checked)} /> Let later rules answer too</label>
      {errors[''] && <p class="error" role="alert">{errors['']}</p>}
      <div><button type="submit" class="button button--primary">Add rule</button></div>
    </form>
  );
}
