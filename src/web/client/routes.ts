/** The client's routes; the server answers index.html for each of them (src/web/plugin.ts). */
export type Route =
  | { name: 'home' }
  | { name: 'conversation'; id: string }
  | { name: 'conversation-settings'; id: string }
  | { name: 'api-keys' }
  | { name: 'support-inbox' }
  | { name: 'bridges' }
  | { name: 'not-found' };

export function matchRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return '';
    }
  });
  if (parts.length === 0) return { name: 'home' };
  if (parts[0] === 'c' && parts[1] && parts.length === 2) return { name: 'conversation', id: parts[1] };
  if (parts[0] === 'c' && parts[1] && parts[2] === 'settings' && parts.length === 3) return { name: 'conversation-settings', id: parts[1] };
  if (parts[0] === 'settings' && (parts.length === 1 || (parts[1] === 'api-keys' && parts.length === 2))) return { name: 'api-keys' };
  if (parts[0] === 'settings' && parts[1] === 'bridges' && parts.length === 2) return { name: 'bridges' };
  if (parts[0] === 'inbox' && parts.length === 1) return { name: 'support-inbox' };
  return { name: 'not-found' };
}

export const conversationPath = (id: string): string => `/c/${encodeURIComponent(id)}`;
export const conversationSettingsPath = (id: string): string => `${conversationPath(id)}/settings`;
export const API_KEYS_PATH = '/settings/api-keys';
export const BRIDGES_PATH = '/settings/bridges';
export const SUPPORT_INBOX_PATH = '/inbox';
