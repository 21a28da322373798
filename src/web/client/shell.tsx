/**
 * The signed-in app: a header, the conversation list beside the current page on wide screens,
 * one or the other on phones (the list on `/`, the page everywhere else).
 */
import { ApiKeysPage } from './api-keys-page.tsx';
import { BridgesPage } from './bridges-page.tsx';
import { ConversationList } from './conversation-list.tsx';
import { ConversationSettings } from './conversation-settings.tsx';
import { ConversationView } from './conversation-view.tsx';
import { Link } from './link.tsx';
import { usePathname } from './navigation.ts';
import { API_KEYS_PATH, BRIDGES_PATH, SUPPORT_INBOX_PATH, matchRoute, type Route } from './routes.ts';
import { SupportInbox } from './support-inbox.tsx';
import type { User } from './types.ts';
import { useInbox } from './use-inbox.ts';

function Page(props: { route: Route; user: User; refreshInbox: () => void }) {
  const { route } = props;
  switch (route.name) {
    case 'home':
      return <div class="empty-state"><h1>Conversations</h1><p class="muted">Pick a conversation, or create one.</p></div>;
    case 'conversation':
      return <ConversationView key={route.id} id={route.id} user={props.user} />;
    case 'conversation-settings':
      return <ConversationSettings key={route.id} id={route.id} user={props.user} onChanged={props.refreshInbox} />;
    case 'api-keys':
      return <ApiKeysPage />;
    case 'support-inbox':
      return <SupportInbox user={props.user} />;
    case 'bridges':
      return <BridgesPage />;
    case 'not-found':
      return <div class="empty-state"><h1>Page not found</h1><p><Link href="/">Back to conversations</Link></p></div>;
  }
}

export function Shell(props: { user: User; onSignOut: () => void }) {
  const route = matchRoute(usePathname());
  const inbox = useInbox();
  const activeId = route.name === 'conversation' || route.name === 'conversation-settings' ? route.id : null;
  return (
    <div class={`app app--${route.name === 'home' ? 'list' : 'page'}`}>
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="topbar">
        <Link href="/" class="brand">Switchboard</Link>
        <nav class="topbar__nav" aria-label="Main">
          <Link href="/" aria-current={route.name === 'home' ? 'page' : undefined}>Conversations</Link>
          <Link href={SUPPORT_INBOX_PATH} aria-current={route.name === 'support-inbox' ? 'page' : undefined}>Inbox</Link>
          <Link href={API_KEYS_PATH} aria-current={route.name === 'api-keys' ? 'page' : undefined}>API keys</Link>
          <Link href={BRIDGES_PATH} aria-current={route.name === 'bridges' ? 'page' : undefined}>Bridges</Link>
        </nav>
        <span class="topbar__user" title={props.user.email}>{props.user.name}</span>
        <button type="button" class="button button--quiet" onClick={props.onSignOut}>Sign out</button>
      </header>
      <div class="layout">
        <aside class="sidebar" aria-label="Conversations">
          <ConversationList inbox={inbox} activeId={activeId} />
        </aside>
        <main class="page" id="main" tabIndex={-1}>
          <Page route={route} user={props.user} refreshInbox={inbox.refresh} />
        </main>
      </div>
    </div>
  );
}
