/**
 * The scrolling message list. It sticks to the bottom while the reader is there, keeps its place
 * when older pages are prepended, and loads older history when scrolled near the top.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import { MessageItem } from './message-item.tsx';
import type { Case, Message } from './types.ts';

const NEAR_PX = 120;

export function MessageTimeline(props: { support?: boolean; messages: Message[]; cases: Map<string, Case>; hasOlder: boolean; loadingOlder: boolean; onLoadOlder: () => void; onOpenCase: (id: string) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const previous = useRef({ first: '', height: 0 });

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const first = props.messages[0]?.id ?? '';
    const prepended = previous.current.first !== '' && first !== previous.current.first && props.messages.some((m) => m.id === previous.current.first);
    if (prepended) el.scrollTop += el.scrollHeight - previous.current.height;
    else if (atBottom.current) el.scrollTop = el.scrollHeight;
    previous.current = { first, height: el.scrollHeight };
  }, [props.messages]);

  const onScroll = () => {
    const el = box.current!;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_PX;
    previous.current.height = el.scrollHeight;
    if (el.scrollTop < NEAR_PX && props.hasOlder && !props.loadingOlder) props.onLoadOlder();
  };
  // Images change the height after layout; stay at the bottom if the reader was there.
  const onLoadCapture = () => {
    const el = box.current!;
    if (atBottom.current) el.scrollTop = el.scrollHeight;
    previous.current.height = el.scrollHeight;
  };

  return (
    <div class="timeline" ref={box} onScroll={onScroll} onLoadCapture={onLoadCapture} role="log" aria-label="Messages" aria-live="polite" tabIndex={0}>
      {props.hasOlder && (
        <button type="button" class="button button--quiet timeline__older" disabled={props.loadingOlder} onClick={props.onLoadOlder}>
          {props.loadingOlder ? 'Loading older messages…' : 'Load older messages'}
        </button>
      )}
      {!props.messages.length && <p class="muted timeline__empty">No messages yet. Say hello, or add an incoming hook in Settings.</p>}
      {props.messages.map((m) => <MessageItem key={m.id} support={props.support} message={m} thread={m.case_id ? props.cases.get(m.case_id) ?? null : null} onOpenCase={props.onOpenCase} />)}
    </div>
  );
}
