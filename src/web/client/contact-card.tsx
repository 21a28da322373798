/**
 * Who a support conversation is with: the contact's name, phone and email, as text (never links);
 * and its tags, read-only in lists and editable in the conversation's header.
 */
import { useRef, useState } from 'preact/hooks';
import { MAX_TAG_LENGTH, MAX_TAGS } from '../../core/support/support-patch.ts';
import { errorText } from './api.ts';
import type { Contact } from './types.ts';

export const contactName = (c: Contact | undefined): string => c?.name || c?.phone || c?.email || c?.external_id || 'Unknown visitor';

/** `hideName` when the name is already shown (a conversation titled after its contact). */
export function ContactDetails(props: { contact: Contact | undefined; hideName?: boolean }) {
  const c = props.contact;
  const details = [c?.phone && ['Phone', c.phone], c?.email && ['Email', c.email]].filter(Boolean) as [string, string][];
  return (
    <span class="contact">
      {!props.hideName && <span class="contact__name">{contactName(c)}</span>}
      {details.map(([label, value]) => (
        <span key={label} class="contact__detail"><span class="visually-hidden">{label}: </span>{value}</span>
      ))}
    </span>
  );
}

export function Tags(props: { tags: string[] | undefined }) {
  if (!props.tags?.length) return null;
  return (
    <ul class="tags" aria-label="Tags">
      {props.tags.map((t) => <li key={t} class="tag">{t}</li>)}
    </ul>
  );
}

/** Why `tag` cannot join `tags`, in words for the operator; null when it can. */
function tagProblem(tags: string[], tag: string): string | null {
  if (tags.includes(tag)) return `“${tag}” is already a tag.`;
  if (tag.length > MAX_TAG_LENGTH) return `A tag can have at most ${MAX_TAG_LENGTH} characters; this one has ${tag.length}.`;
  if (tags.length >= MAX_TAGS) return `A conversation can have at most ${MAX_TAGS} tags: remove one first.`;
  return null;
}

/**
 * Tags with a remove button each and a field to add one (Enter or the button). `onSave` gets the
 * whole new list and throws what the server answered, which is shown under the field.
 */
export function TagEditor(props: { tags: string[]; onSave: (tags: string[]) => Promise<void> }) {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const save = async (tags: string[]): Promise<boolean> => {
    setBusy(true);
    setError('');
    try {
      await props.onSave(tags);
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const add = async (event: Event) => {
    event.preventDefault();
    const tag = text.trim();
    if (!tag) return;
    const problem = tagProblem(props.tags, tag);
    if (problem) return setError(problem);
    if (await save([...props.tags, tag])) setText('');
  };
  const remove = async (tag: string) => {
    // The button goes away with its tag: keep keyboard focus in the editor.
    input.current?.focus();
    await save(props.tags.filter((t) => t !== tag));
  };

  return (
    <div class="tag-editor">
      {props.tags.length > 0 && (
        <ul class="tags" aria-label="Tags">
          {props.tags.map((t) => (
            <li key={t} class="tag tag--editable">
              <span class="tag__text">{t}</span>
              <button type="button" class="tag__remove" disabled={busy} aria-label={`Remove tag ${t}`} title={`Remove tag ${t}`} onClick={() => remove(t)}>×</button>
            </li>
          ))}
        </ul>
      )}
      <form class="tag-form" onSubmit={add}>
        <input ref={input} value={text} placeholder="Add a tag" aria-label="New tag" aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'tag-editor-error' : undefined} onInput={(e) => { setText(e.currentTarget.value); setError(''); }} />
        <button type="submit" class="button button--small" disabled={busy || !text.trim()}>Add tag</button>
      </form>
      {error && <p class="error" id="tag-editor-error" role="alert">{error}</p>}
    </div>
  );
}
