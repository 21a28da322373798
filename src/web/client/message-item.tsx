/**
 * One message. Everything in it is text to preact (escaped); links and images pass safeHttpUrl.
 * In a support conversation a message is from the visitor (`direction: in`) or from our side.
 */
import { AttachmentList } from './attachment-list.tsx';
import { Avatar } from './avatar.tsx';
import { formatTime } from './format.ts';
import { RichContent } from './rich-content.tsx';
import { bodyRepeatsCards, richCards } from './rich-cards.ts';
import { LinkedText } from './linked-text.tsx';
import type { Case, Message } from './types.ts';

export function MessageItem(props: { support?: boolean; message: Message; thread: Case | null; onOpenCase: (id: string) => void }) {
  const m = props.message;
  const cards = richCards(m.rich);
  const showBody = m.body.trim() !== '' && !bodyRepeatsCards(m.body, cards);
  const side = m.direction === 'in' ? 'in' : m.direction === 'out' || props.support ? 'out' : null;
  return (
    <article class={`message${side ? ` message--${side}` : ''}`} data-seq={m.seq}>
      <Avatar name={m.sender.name} url={m.sender.avatar_url} />
      <div class="message__main">
        <header class="message__meta">
          <span class="message__sender">{m.sender.name}</span>
          {m.sender.type !== 'user' && <span class="tag">{m.sender.type}</span>}
          {side && <span class={`direction direction--${side}`}>{side === 'in' ? 'visitor' : 'our side'}</span>}
          <time dateTime={m.created_at} title={new Date(m.created_at).toLocaleString()}>{formatTime(m.created_at)}</time>
          {m.case_id && (
            <button type="button" class={`chip chip--small chip--${props.thread?.status ?? 'open'}`} onClick={() => props.onOpenCase(m.case_id!)}>
              {props.thread ? `${props.thread.title} · ${props.thread.status}` : 'case'}
            </button>
          )}
        </header>
        {showBody && <p class="message__body"><LinkedText text={m.body} /></p>}
        {cards.length > 0 && <RichContent cards={cards} />}
        {m.attachments.length > 0 && <AttachmentList attachments={m.attachments} />}
      </div>
    </article>
  );
}
