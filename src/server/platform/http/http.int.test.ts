import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { openPostgres } from '../../db/index.js';
import { openTestDatabase, startTestApp, type TestApp, testDriver } from '../../test/harness.js';
import { TEST_SECRET_KEY } from '../../test/secret.js';
import { startTcpProxy } from '../../test/tcp-proxy.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const errorShape = (body: unknown) =>
  expect(body).toMatchObject({
    error: { code: expect.any(String), message: expect.any(String), requestId: expect.any(String) },
  });

describe('bad input', () => {
  it('malformed JSON → 400 INVALID_JSON in the error shape', async () => {
    const a = await t.login('jiedao');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/org/places',
      headers: { cookie: a.cookie, 'x-csrf-token': a.csrfToken, 'content-type': 'application/json' },
      payload: '{"name": "未闭合',
    });
    expect(res.statusCode).toBe(400);
    errorShape(res.json());
    expect(res.json().error.code).toBe('INVALID_JSON');
  });

  it('wrong types, unknown fields and over-long strings → 400 naming each field', async () => {
    const a = await t.login('jiedao');
    const res = await a.post('/api/v1/org/places', {
      parentId: t.places.jinxiuEstate.id,
      kind: 'grid',
      code: 'OK1',
      name: '名'.repeat(65),
      sortOrder: 'first',
      color: 'red',
    });
    expect(res.status).toBe(400);
    errorShape(res.body);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.fields.name).toContain('不能超过 64 个字');
    expect(res.body.error.fields).toHaveProperty('sortOrder');
    expect(res.body.error.fields.color).toBe('不支持的字段');
    // Nothing was written.
    const children = await a.get(`/api/v1/org/places?parentId=${t.places.jinxiuEstate.id}`);
    expect(children.body.items.some((p: { code: string }) => p.code === 'OK1')).toBe(false);
  });

  it('unknown query parameters and bad ids are rejected, not ignored', async () => {
    const a = await t.login('jiedao');
    expect((await a.get('/api/v1/org/places?foo=1')).status).toBe(400);
    const bad = await a.get('/api/v1/org/places/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty('id');
    expect((await a.get('/api/v1/org/users?page=-1')).status).toBe(400);
  });

  it('a body over 1 MiB → 413 BODY_TOO_LARGE naming the limit', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'x', password: 'y'.repeat(1024 * 1024 + 10) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'BODY_TOO_LARGE', message: '请求内容过大（上限 1 MB）' });
  });

  it('an unknown API route → 404 JSON', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing/here' });
    expect(res.statusCode).toBe(404);
    errorShape(res.json());
    expect(res.json().error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('every response carries its request id, and errors repeat it', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(res.headers['x-request-id']).toBe(res.json().error.requestId);
  });
});

describe('health and OpenAPI', () => {
  it('GET /api/health names the database driver', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: testDriver === 'pglite' ? 'pglite' : 'postgresql' });
  });

  it('every operation is tagged with its module and declares who may call it', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    const ops = Object.entries(
      doc.paths as Record<string, Record<string, { tags?: string[]; 'x-access'?: unknown }>>,
    ).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
    expect(ops.length).toBeGreaterThan(20);
    for (const { path, method, op } of ops) {
      expect(op.tags, `${method} ${path}`).toHaveLength(1);
      expect(op['x-access'], `${method} ${path}`).toBeDefined();
      const module = path.match(/^\/api\/v1\/([^/]+)/)?.[1];
      if (module) expect(op.tags![0]).toBe(module);
    }
    expect(doc.paths['/api/v1/org/places/{id}'].delete['x-access']).toEqual({
      permission: 'org.place.manage',
      scoped: true,
    });
  });
});

describe('database outage', () => {
  it('answers 503 while the database is unreachable and serves again once it is back', async () => {
    if (testDriver === 'postgres') {
      const base = await openTestDatabase();
      const url = new URL(base.url!);
      const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
      url.port = String(proxy.port);
      const database = await openPostgres(url.toString(), { max: 2 });
      const app = await buildApp({ database, secretKey: TEST_SECRET_KEY });
      try {
        expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
        await proxy.cut();
        const down = await app.inject({ method: 'GET', url: '/api/health' });
        expect(down.statusCode).toBe(503);
        expect(down.json().error.code).toBe('DATABASE_UNAVAILABLE');
        const login = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'jiedao', password: 'anju2026' },
        });
        expect(login.statusCode).toBe(503);
        expect(login.json().error.message).toContain('数据库暂时不可用');
        await proxy.restore();
        expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
        const again = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'jiedao', password: 'anju2026' },
        });
        expect(again.statusCode).toBe(200);
      } finally {
        await app.close();
        await database.close();
        proxy.close();
        await base.close();
      }
    } else {
      // The embedded database lives in the process: once closed it is gone, and requests say so.
      const database = await openTestDatabase();
      const app = await buildApp({ database, secretKey: TEST_SECRET_KEY });
      expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      await database.close();
      const down = await app.inject({ method: 'GET', url: '/api/health' });
      expect(down.statusCode).toBe(503);
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'a', password: 'b' },
      });
      expect(login.statusCode).toBe(503);
      await app.close();
    }
  });
});

describe('security headers', () => {
  it('a CSP without inline scripts, no framing, nosniff; HSTS only over TLS', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    const csp = String(res.headers['content-security-policy']);
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src'));
    expect(scriptSrc?.trim()).toBe("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeUndefined();

    const database = await openTestDatabase();
    const behindTls = await buildApp({ database, secretKey: TEST_SECRET_KEY, trustProxy: true });
    try {
      const tls = await behindTls.inject({
        method: 'GET',
        url: '/api/health',
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(tls.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    } finally {
      await behindTls.close();
      await database.close();
    }
  });

  it('a caller without the permission is refused before the body is even looked at', async () => {
    const wangge = await t.login('wangge');
    const res = await wangge.post('/api/v1/org/users', { nonsense: true });
    expect(res.status).toBe(403);
    const anon = await t.anonymous().post('/api/v1/org/places', { nonsense: true });
    expect(anon.status).toBe(401);
  });
});

describe('web app serving', () => {
  it('client-side routes get index.html; unknown API paths and missing assets still 404', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const webDir = mkdtempSync(path.join(os.tmpdir(), 'anju-web-'));
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>安居</title>');
    const database = await openTestDatabase();
    const app = await buildApp({ database, secretKey: TEST_SECRET_KEY, webDir });
    try {
      const page = await app.inject({ method: 'GET', url: '/org/places?parentId=x' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<title>安居</title>');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      const api = await app.inject({ method: 'GET', url: '/api/v1/nope' });
      expect(api.statusCode).toBe(404);
      expect(api.json().error.code).toBe('ROUTE_NOT_FOUND');
      expect((await app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
    } finally {
      await app.close();
      await database.close();
      rmSync(webDir, { recursive: true, force: true });
    }
  });
});

describe('URLs the router cannot parse', () => {
  it('answer in the error shape with the request id, without echoing the URL', async () => {
    const long = await t.app.inject({ method: 'GET', url: `/api/v1/org/places/${'a'.repeat(300)}` });
    expect(long.statusCode).toBe(414);
    errorShape(long.json());
    expect(long.json().error.requestId).toBe(long.headers['x-request-id']);
    expect(long.body).not.toContain('aaaa');
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/org/users/%ED%A0%80/activate' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('INVALID_URL');
  });
});
