import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { startTestApp, type TestApp } from '../../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: new ManualClock('2026-11-02T02:00:00Z') });
});
afterAll(() => t.close());

const login = (username: string, password: string, remoteAddress = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress });

describe('login', () => {
  it('answers with the user, a CSRF token and an HttpOnly SameSite=Lax session cookie', async () => {
    const res = await login('jiedao', 'anju2026');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user.username).toBe('jiedao');
    expect(body.user.displayName).toBe('周建国');
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^anju_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('accepts the user name in any case', async () => {
    expect((await login('JieDao', 'anju2026')).statusCode).toBe(200);
  });

  it('refuses a wrong password or an unknown user with the same message', async () => {
    const wrong = await login('shequ', 'nope-123456');
    const unknown = await login('nobody-here', 'nope-123456');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.json().error.message).toBe('用户名或密码错误');
    // The known account is told how many tries remain; a reset login clears the count.
    expect(wrong.json().error.message).toContain('再错 4 次');
    expect((await login('shequ', 'anju2026')).statusCode).toBe(200);
  });

  it('locks the account for 15 minutes after 5 wrong passwords, then lets it in again', async () => {
    for (let i = 0; i < 4; i++) expect((await login('tiaojie', 'wrong-pass-1')).statusCode).toBe(401);
    const fifth = await login('tiaojie', 'wrong-pass-1');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe('ACCOUNT_LOCKED');
    // Even the right password is refused while locked.
    expect((await login('tiaojie', 'anju2026')).statusCode).toBe(423);
    t.clock.advanceMinutes(14);
    expect((await login('tiaojie', 'anju2026')).statusCode).toBe(423);
    t.clock.advanceMinutes(2);
    expect((await login('tiaojie', 'anju2026')).statusCode).toBe(200);
  });

  it('rate-limits failed logins per IP, whatever the account', async () => {
    const ip = '198.51.100.7';
    for (let i = 0; i < 20; i++) {
      const res = await login(`ghost${i}`, 'wrong-pass-1', ip);
      expect(res.statusCode).toBe(401);
    }
    const limited = await login('minjing', 'anju2026', ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    // Another address is not affected, and the window passes.
    expect((await login('minjing', 'anju2026', '198.51.100.8')).statusCode).toBe(200);
    t.clock.advanceMinutes(16);
    expect((await login('minjing', 'anju2026', ip)).statusCode).toBe(200);
  });

  it('validates the body: missing or wrong-typed fields are a 400 with the fields named', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 5 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toHaveProperty('username');
    expect(res.json().error.fields).toHaveProperty('password');
  });
});

describe('sessions', () => {
  it('/me answers for a session and 401 without one', async () => {
    const a = await t.login('wangge');
    const me = await a.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('wangge');
    expect(me.body.csrfToken).toBe(a.csrfToken);
    const anon = await t.anonymous().get('/api/v1/auth/me');
    expect(anon.status).toBe(401);
    expect(anon.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('expires after 12 idle hours but not while in use', async () => {
    const a = await t.login('wangge2');
    t.clock.advanceMinutes(11 * 60);
    expect((await a.get('/api/v1/auth/me')).status).toBe(200);
    t.clock.advanceMinutes(11 * 60);
    expect((await a.get('/api/v1/auth/me')).status).toBe(200);
    t.clock.advanceMinutes(12 * 60 + 1);
    expect((await a.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('logging in issues a new session id and ends the one the browser carried (no fixation)', async () => {
    const first = await t.login('yeweihui');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { cookie: first.cookie },
      payload: { username: 'yeweihui', password: 'anju2026' },
    });
    expect(res.statusCode).toBe(200);
    const fresh = String(res.headers['set-cookie']).split(';')[0];
    expect(fresh).not.toBe(first.cookie);
    expect((await first.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('logout ends the session', async () => {
    const a = await t.login('baoan');
    const out = await a.post('/api/v1/auth/logout');
    expect(out.status).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/anju_session=;/);
    expect((await a.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('refuses a cookie-authenticated write without the CSRF token, or with a wrong one', async () => {
    const a = await t.login('jiedao');
    const body = { parentId: t.places.jinxiuEstate.id, kind: 'grid', code: 'CSRF1', name: '测试网格' };
    const none = await a.request('POST', '/api/v1/org/places', body, { 'x-csrf-token': '' });
    expect(none.status).toBe(403);
    expect(none.body.error.code).toBe('CSRF_INVALID');
    const wrong = await a.request('POST', '/api/v1/org/places', body, { 'x-csrf-token': 'x'.repeat(32) });
    expect(wrong.status).toBe(403);
    const right = await a.post('/api/v1/org/places', body);
    expect(right.status).toBe(201);
  });
});

describe('passwords', () => {
  it('a user created by an admin must change the password before doing anything else', async () => {
    const admin = await t.login('jiedao');
    const roles = await admin.get('/api/v1/org/roles');
    const grid = roles.body.items.find((r: { code: string }) => r.code === 'grid_worker');
    const created = await admin.post('/api/v1/org/users', {
      username: 'newbie',
      displayName: '新网格员',
      password: 'Temp1234',
      assignments: [{ roleId: grid.id, placeId: t.places.jinxiuGrid1.id }],
    });
    expect(created.status).toBe(201);

    const user = await t.login('newbie', 'Temp1234');
    const me = await user.get('/api/v1/auth/me');
    expect(me.body.user.mustChangePassword).toBe(true);
    const blocked = await user.get('/api/v1/org/places');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');

    const same = await user.post('/api/v1/auth/password', {
      currentPassword: 'Temp1234',
      newPassword: 'Temp1234',
    });
    expect(same.status).toBe(400);
    const weak = await user.post('/api/v1/auth/password', {
      currentPassword: 'Temp1234',
      newPassword: 'abcdefgh',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.fields).toHaveProperty('newPassword');
    const badCurrent = await user.post('/api/v1/auth/password', {
      currentPassword: 'nope',
      newPassword: 'Better123',
    });
    expect(badCurrent.status).toBe(400);
    expect(badCurrent.body.error.fields).toHaveProperty('currentPassword');

    const ok = await user.post('/api/v1/auth/password', {
      currentPassword: 'Temp1234',
      newPassword: 'Better123',
    });
    expect(ok.status).toBe(200);
    expect((await user.get('/api/v1/org/places')).status).toBe(200);
    expect((await login('newbie', 'Temp1234')).statusCode).toBe(401);
    expect((await login('newbie', 'Better123')).statusCode).toBe(200);
  });

  it('an admin reset forces a new change and ends the user’s sessions; deactivation blocks login', async () => {
    const admin = await t.login('jiedao');
    const list = await admin.get('/api/v1/org/users?q=zhiyuan');
    const id = list.body.items[0].id;
    const victim = await t.login('zhiyuan');
    expect(
      (await admin.post(`/api/v1/org/users/${id}/reset-password`, { password: 'Reset1234' })).status,
    ).toBe(200);
    expect((await victim.get('/api/v1/auth/me')).status).toBe(401);
    const again = await t.login('zhiyuan', 'Reset1234');
    expect((await again.get('/api/v1/auth/me')).body.user.mustChangePassword).toBe(true);

    expect((await admin.post(`/api/v1/org/users/${id}/deactivate`)).status).toBe(200);
    expect((await again.get('/api/v1/auth/me')).status).toBe(401);
    const refused = await login('zhiyuan', 'Reset1234');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('ACCOUNT_DISABLED');
    expect((await admin.post(`/api/v1/org/users/${id}/activate`)).status).toBe(200);
    expect((await login('zhiyuan', 'Reset1234')).statusCode).toBe(200);
  });

  it('an admin cannot deactivate their own account', async () => {
    const admin = await t.login('admin');
    const me = await admin.get('/api/v1/auth/me');
    const res = await admin.post(`/api/v1/org/users/${me.body.user.id}/deactivate`);
    expect(res.status).toBe(409);
  });
});
