/** A conversation: header, cases as threads, the live timeline, the composer and the members panel. */
import { useEffect, useState } from 'preact/hooks';
import { CaseBar } from './case-bar.tsx';
import { Composer } from './composer.tsx';
import { Link } from './link.tsx';
import { MembersPanel } from './members-panel.tsx';
import { MessageTimeline } from './message-timeline.tsx';
import { markSeen } from './read-markers.ts';
import { conversationSettingsPath } from './routes.ts';
import type { User } from './types.ts';
import { useConversationFeed } from './use-conversation-feed.ts';
import { SEEN_EVENT } from './use-inbox.ts';
import { SupportHeader } from './support-header.tsx';

/** Moves this browser's read marker to the newest message while the page is visible. */
function useReadMarker(id: string, newestSeq: number | undefined) {
  useEffect(() => {
    const mark = () => {
      if (newestSeq !== undefined && document.visibilityState === 'visible' && markSeen(localStorage, id, newestSeq)) {
        window.dispatchEvent(new Event(SEEN_EVENT));
      }
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [id, newestSeq]);
}

export function ConversationView(props: { id: string; user: User }) {
  const feed = useConversationFeed(props.id);
  const [showMembers, setShowMembers] = useState(false);
  const [caseId, setCaseId] = useState<string | null>(null);
  useReadMarker(props.id, feed.messages.at(-1)?.seq);
  useEffect(() => {
    if (feed.conversation) document.title = `${feed.conversation.title} · Switchboard`;
  }, [feed.conversation?.title]);

  if (feed.error && !feed.conversation) return <div class="empty-state"><p class="error" role="alert">{feed.error}</p></div>;
  const selected = caseId ? feed.cases.get(caseId) ?? null : null;
  const shown = caseId ? feed.messages.filter((m) => m.case_id === caseId) : feed.messages;
  return (
    <section class="conversation" aria-labelledby="conversation-title">
      <header class="conversation__header">
        <Link href="/" class="back-link">‹ <span class="visually-hidden">Back to </span>Conversations</Link>
        <h1 id="conversation-title">{feed.conversation?.title ?? 'Loading…'}</h1>
        {feed.conversation?.status === 'closed' && <span class="tag">closed</span>}
        <span class={`live-dot${feed.live ? ' live-dot--on' : ''}`} role="status">{feed.live ? 'Live' : 'Connecting…'}</span>
        <button type="button" class="button button--small" aria-expanded={showMembers} aria-controls="members-panel" onClick={() => setShowMembers(!showMembers)}>Members</button>
        <Link href={conversationSettingsPath(props.id)} class="button button--small">Settings</Link>
      </header>
      {feed.conversation?.kind === 'support' && <SupportHeader conversation={feed.conversation} me={props.user} onChanged={feed.replaceConversation} />}
      <CaseBar cases={[...feed.cases.values()]} selected={caseId} onSelect={setCaseId} />
      {selected && <p class="thread-banner">Thread: <strong>{selected.title}</strong> · {selected.status} · {shown.length} of {selected.message_count} messages loaded</p>}
      <div class="conversation__body">
        <MessageTimeline support={feed.conversation?.kind === 'support'} messages={shown} cases={feed.cases} hasOlder={feed.hasOlder} loadingOlder={feed.loadingOlder} onLoadOlder={feed.loadOlder} onOpenCase={setCaseId} />
        {showMembers && (
          <aside id="members-panel" class="side-panel" aria-label="Members">
            <MembersPanel conversationId={props.id} me={props.user} />
          </aside>
        )}
      </div>
      {feed.error && <p class="error" role="alert">{feed.error}</p>}
      <Composer onSend={feed.send} />
    </section>
  );
}
