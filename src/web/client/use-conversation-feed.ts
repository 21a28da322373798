/**
 * One conversation's messages: the latest page, older pages on demand, and everything new live
 * through the event stream (EventSource sends the session cookie; it resumes with Last-Event-ID).
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, errorText } from './api.ts';
import type { Case, Conversation, Message } from './types.ts';

export const PAGE = 50;

export interface Feed {
  conversation: Conversation | null;
  messages: Message[];
  cases: Map<string, Case>;
  hasOlder: boolean;
  loadingOlder: boolean;
  live: boolean;
  error: string;
  loadOlder: () => void;
  send: (body: string, files?: File[]) => Promise<void>;
  /** the conversation as a PATCH answered it */
  replaceConversation: (c: Conversation) => void;
}

/** A post with files: multipart, a `body` field and one `files` part per file. */
function messageForm(body: string, files: File[]): FormData {
  const form = new FormData();
  form.append('body', body);
  for (const file of files) form.append('files', file, file.name);
  return form;
}

/** Adds messages by seq, each once (the stream and the POST answer both deliver our own). */
function merge(current: Message[], incoming: Message[]): Message[] {
  const known = new Set(current.map((m) => m.id));
  const fresh = incoming.filter((m) => !known.has(m.id));
  return fresh.length ? [...current, ...fresh].sort((a, b) => a.seq - b.seq) : current;
}

function pickChanges(data: Record<string, unknown>): Partial<Conversation> {
  const out: Partial<Conversation> = {};
  if (typeof data.title === 'string') out.title = data.title;
  if ('assignee' in data) out.assignee = (data.assignee as Conversation['assignee']) ?? null;
  if (Array.isArray(data.tags)) out.tags = data.tags as string[];
  return out;
}

export function useConversationFeed(id: string): Feed {
  const [conversation, setConversation] = useState<Conversation | null>(null);
  const [messages, setMessages] = useState<Message[]>([]);
  const [cases, setCases] = useState<Map<string, Case>>(new Map());
  const [hasOlder, setHasOlder] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [live, setLive] = useState(false);
  const [error, setError] = useState('');
  const oldest = useRef<number | null>(null);
  oldest.current = messages[0]?.seq ?? null;

  useEffect(() => {
    let stream: EventSource | null = null;
    let stopped = false;
    const base = `/conversations/${encodeURIComponent(id)}`;
    const upsertCase = (c: Case) => setCases((m) => new Map(m).set(c.id, c));
    (async () => {
      const [conv, page, caseList] = await Promise.all([
        api<Conversation>('GET', base),
        api<{ messages: Message[] }>('GET', `${base}/messages?limit=${PAGE}`),
        api<{ cases: Case[] }>('GET', `${base}/cases`).catch(() => ({ cases: [] })),
      ]);
      if (stopped) return;
      setConversation(conv);
      setMessages(page.messages);
      setHasOlder(page.messages.length === PAGE);
      setCases(new Map(caseList.cases.map((c) => [c.id, c])));
      // Resume right after the newest message we hold, so nothing falls between page and stream.
      const after = page.messages.at(-1)?.seq ?? 0;
      stream = new EventSource(`/api/v1${base}/events?after=${after}`);
      stream.onopen = () => setLive(true);
      stream.onerror = () => setLive(false);
      const read = (e: Event) => JSON.parse((e as MessageEvent<string>).data).data;
      stream.addEventListener('message.created', (e) => setMessages((ms) => merge(ms, [read(e).message])));
      stream.addEventListener('case.created', (e) => upsertCase(read(e).case));
      stream.addEventListener('case.updated', (e) => upsertCase(read(e).case));
      // Carries only what changed: a title, a support conversation's assignee (null: unassigned) or tags.
      stream.addEventListener('conversation.updated', (e) => setConversation((c) => c && { ...c, ...pickChanges(read(e)) }));
      stream.addEventListener('conversation.closed', () => setConversation((c) => c && { ...c, status: 'closed' }));
      stream.addEventListener('conversation.reopened', () => setConversation((c) => c && { ...c, status: 'open' }));
    })().catch((e) => !stopped && setError(errorText(e)));
    return () => {
      stopped = true;
      stream?.close();
    };
  }, [id]);

  const loadOlder = useCallback(() => {
    if (loadingOlder || oldest.current === null) return;
    setLoadingOlder(true);
    api<{ messages: Message[] }>('GET', `/conversations/${encodeURIComponent(id)}/messages?before=${oldest.current}&limit=${PAGE}`)
      .then((page) => {
        setMessages((ms) => merge(ms, page.messages));
        setHasOlder(page.messages.length === PAGE);
      })
      .catch((e) => setError(errorText(e)))
      .finally(() => setLoadingOlder(false));
  }, [id, loadingOlder]);

  const send = useCallback(async (body: string, files: File[] = []) => {
    const message = await api<Message>('POST', `/conversations/${encodeURIComponent(id)}/messages`, files.length ? messageForm(body, files) : { body });
    setMessages((ms) => merge(ms, [message]));
  }, [id]);

  return { conversation, messages, cases, hasOlder, loadingOlder, live, error, loadOlder, send, replaceConversation: setConversation };
}
