/** Who a support conversation is with: the contact's name, phone and email, as text (never links). */
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
