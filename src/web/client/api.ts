/**
 * fetch() for the JSON API (and multipart uploads, given a FormData) with the session cookie. Unsafe methods carry the session's CSRF token;
 * a 401 on any call but sign-in means the session ended, and the app shows the sign-in screen.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let csrfToken = '';
let onSignedOut: () => void = () => {};

export function rememberCsrfToken(token: string): void {
  csrfToken = token;
}

export function whenSignedOut(listener: () => void): void {
  onSignedOut = listener;
}

export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // FormData goes as multipart: the browser writes its content type (with the boundary) itself.
  const form = body instanceof FormData;
  if (body !== undefined && !form) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const payload = body === undefined ? undefined : form ? body : JSON.stringify(body);
  const res = await fetch(`/api/v1${path}`, { method, headers, body: payload, credentials: 'same-origin' });
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const error = data?.error ?? {};
    if (res.status === 401 && path !== '/session') onSignedOut();
    throw new ApiError(res.status, error.code ?? 'http_error', error.message ?? `the server answered ${res.status}`);
  }
  return data as T;
}

/** A message for people from anything thrown. */
export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
