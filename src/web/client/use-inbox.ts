/**
 * The conversation list with latest messages and unread counts (GET /api/v1/inbox), refreshed when
 * a read marker moves, when the window regains focus, and every few seconds while it is visible.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, errorText } from './api.ts';
import { readSeen, seenQuery } from './read-markers.ts';
import type { InboxEntry } from './types.ts';

export const SEEN_EVENT = 'switchboard:seen';
const POLL_MS = 10_000;

export interface Inbox {
  entries: InboxEntry[] | null;
  error: string;
  refresh: () => void;
}

export function useInbox(): Inbox {
  const [entries, setEntries] = useState<InboxEntry[] | null>(null);
  const [error, setError] = useState('');

  const refresh = useCallback(() => {
    const seen = seenQuery(readSeen(localStorage));
    api<{ conversations: InboxEntry[] }>('GET', `/inbox${seen ? `?seen=${encodeURIComponent(seen)}` : ''}`)
      .then((r) => {
        setEntries(r.conversations);
        setError('');
      })
      .catch((e) => setError(errorText(e)));
  }, []);

  useEffect(() => {
    refresh();
    const timer = setInterval(() => document.visibilityState === 'visible' && refresh(), POLL_MS);
    window.addEventListener(SEEN_EVENT, refresh);
    window.addEventListener('focus', refresh);
    return () => {
      clearInterval(timer);
      window.removeEventListener(SEEN_EVENT, refresh);
      window.removeEventListener('focus', refresh);
    };
  }, [refresh]);

  return { entries, error, refresh };
}
