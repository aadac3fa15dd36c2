/** The signed-in principal and the CSRF token its state-changing requests carry. */
export interface Session {
  readonly name: string;
  readonly roles: readonly string[];
  readonly csrfToken: string;
}

export const SESSION_URL = '/ui/api/session';
export const EVENTS_URL = '/api/v1/events';
export const CSRF_HEADER = 'x-qcos-csrf';

/** An API refusal: its stable code and message. */
export class ApiRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function answer<T>(response: Response): Promise<T> {
  const body = (await response.json()) as T & { code?: string; message?: string };
  if (!response.ok)
    throw new ApiRefusal(body.code ?? 'HTTP_ERROR', body.message ?? response.statusText);
  return body;
}

/** Exchanges an API token for a session cookie (the token is sent once and never stored). */
export async function signIn(token: string): Promise<Session> {
  const response = await fetch(SESSION_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  return answer<Session>(response);
}

/** The session this browser already has, if any. */
export async function currentSession(): Promise<Session | undefined> {
  const response = await fetch(SESSION_URL);
  return response.status === 401 ? undefined : answer<Session>(response);
}

export async function signOut(session: Session): Promise<void> {
  await fetch(`${SESSION_URL}/end`, {
    method: 'POST',
    headers: { [CSRF_HEADER]: session.csrfToken },
  });
}
