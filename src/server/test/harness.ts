import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { demoPlaces } from '../../../demo/index.js';
import { DEMO_PASSWORD } from '../../../demo/org.js';
import { type App, buildApp } from '../app.js';
import { type Database, openPglite, openPostgres } from '../db/index.js';
import type { Clock } from '../platform/clock.js';
import { ManualClock } from '../platform/clock.js';
import { withDatabase } from './global-setup.js';
import { TEST_SECRET_KEY } from './secret.js';

export const testDriver = (process.env.ANJU_TEST_DB ?? 'pglite') as 'pglite' | 'postgres';

/** A fresh database holding the demo street, private to the calling test file. */
export async function openTestDatabase(): Promise<Database & { url?: string }> {
  if (testDriver === 'pglite') {
    const snapshot = new Blob([readFileSync(inject('pgliteSnapshot'))]);
    return openPglite(undefined, snapshot);
  }
  const url = process.env.TEST_DATABASE_URL!;
  const name = `anju_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('postgresTemplate')}`);
  await admin.end();
  const database = await openPostgres(withDatabase(url, name), { max: 5 });
  return {
    ...database,
    url: withDatabase(url, name),
    async close() {
      await database.close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export interface Agent {
  readonly csrfToken: string;
  readonly cookie: string;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Res>;
  get(url: string): Promise<Res>;
  post(url: string, body?: unknown): Promise<Res>;
  patch(url: string, body?: unknown): Promise<Res>;
  put(url: string, body?: unknown): Promise<Res>;
  delete(url: string): Promise<Res>;
}

export interface Res {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected freely
  body: any;
  headers: Record<string, string | string[] | number | undefined>;
}

export interface TestApp {
  app: App;
  database: Database;
  clock: ManualClock;
  places: ReturnType<typeof demoPlaces>;
  /** Logs in a demo account (or any user) and returns a client carrying its cookie and CSRF token. */
  login(username: string, password?: string): Promise<Agent>;
  anonymous(): Agent;
  close(): Promise<void>;
}

export async function startTestApp(
  opts: { clock?: Clock; allowLoopbackEgress?: boolean } = {},
): Promise<TestApp> {
  const database = await openTestDatabase();
  const clock = (opts.clock as ManualClock) ?? new ManualClock(new Date());
  const app = await buildApp({
    database,
    secretKey: TEST_SECRET_KEY,
    clock,
    allowLoopbackEgress: opts.allowLoopbackEgress,
  });
  await app.ready();

  const agent = (cookie: string, csrfToken: string): Agent => agentOn(app, cookie, csrfToken);

  return {
    app,
    database,
    clock,
    places: demoPlaces(),
    anonymous: () => agent('', ''),
    async login(username, password = DEMO_PASSWORD) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const setCookie = res.headers['set-cookie'];
      const raw = Array.isArray(setCookie) ? setCookie[0] : String(setCookie);
      return agent(raw.split(';')[0], res.json().csrfToken);
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** A client on an app: carries the session cookie and, on writes, the CSRF token. */
export function agentOn(app: App, cookie: string, csrfToken: string): Agent {
  const request = async (
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(csrfToken && method !== 'GET' ? { 'x-csrf-token': csrfToken } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    let parsed: unknown = res.body;
    try {
      parsed = res.json();
    } catch {}
    return { status: res.statusCode, body: parsed, headers: res.headers };
  };
  return {
    csrfToken,
    cookie,
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body ?? {}),
    patch: (url, body) => request('PATCH', url, body ?? {}),
    put: (url, body) => request('PUT', url, body ?? {}),
    delete: (url) => request('DELETE', url),
  };
}
