// Logging in and single requests against a running server.

export interface Session {
  username: string;
  /** The Cookie header value: anju_session=… */
  cookie: string;
  csrfToken: string;
}

/** POST /api/v1/auth/login; throws with the server's answer when it is not a 200. */
export async function login(baseUrl: string, username: string, password: string): Promise<Session> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`login as ${username} failed: ${res.status} ${text.slice(0, 300)}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('anju_session='));
  if (!cookie) throw new Error(`login as ${username} set no session cookie`);
  const body = JSON.parse(text) as { csrfToken: string };
  return { username, cookie, csrfToken: body.csrfToken };
}

export interface Probe {
  path: string;
  status: number;
  body: unknown;
  text: string;
}

/** One request with a session, body parsed when it is JSON. */
export async function probe(
  baseUrl: string,
  path: string,
  session: Session | null,
  method = 'GET',
): Promise<Probe> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {},
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { path, status: res.status, body, text };
}
