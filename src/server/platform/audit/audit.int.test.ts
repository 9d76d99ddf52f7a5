import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function lastActions(n: number): Promise<string[]> {
  const rows = await t.database.db.execute(sql`select action from audit_log order by seq desc limit ${n}`);
  return (rows as unknown as { rows: { action: string }[] }).rows.map((r) => r.action).reverse();
}

describe('audit trail', () => {
  it('records every write with actor, target, before/after, IP and user agent', async () => {
    const a = await t.login('jiedao');
    const created = await a.post('/api/v1/org/places', {
      parentId: t.places.jinxiuEstate.id,
      kind: 'grid',
      code: 'AUD1',
      name: '审计网格',
    });
    expect(await lastActions(1)).toEqual(['place.create']);
    await a.patch(`/api/v1/org/places/${created.body.id}`, { name: '审计网格（改）' });
    await a.post(`/api/v1/org/places/${created.body.id}/move`, { parentId: t.places.jinxiuEstate.id });
    await a.delete(`/api/v1/org/places/${created.body.id}`);
    expect(await lastActions(3)).toEqual(['place.update', 'place.move', 'place.delete']);

    const roles = (await a.get('/api/v1/org/roles')).body.items;
    const grid = roles.find((r: { code: string }) => r.code === 'grid_worker').id;
    const user = await a.post('/api/v1/org/users', {
      username: 'audited',
      displayName: '被审计',
      phone: '13912345678',
      password: 'Audited123',
      assignments: [{ roleId: grid, placeId: t.places.jinxiuGrid1.id }],
    });
    const id = user.body.id;
    await a.patch(`/api/v1/org/users/${id}`, { displayName: '被审计人' });
    await a.post(`/api/v1/org/users/${id}/reset-password`, { password: 'Audited456' });
    const guard = roles.find((r: { code: string }) => r.code === 'security_guard').id;
    await a.put(`/api/v1/org/users/${id}/assignments`, {
      assignments: [{ roleId: guard, placeId: t.places.jinxiuEstate.id }],
    });
    await a.post(`/api/v1/org/users/${id}/deactivate`);
    await a.post(`/api/v1/org/users/${id}/activate`);
    expect(await lastActions(6)).toEqual([
      'user.create',
      'user.update',
      'user.reset_password',
      'user.assignments',
      'user.deactivate',
      'user.activate',
    ]);

    const admin = await t.login('admin');
    const events = await admin.get(`/api/v1/audit/events?targetId=${id}&pageSize=50`);
    const create = events.body.items.find((e: { action: string }) => e.action === 'user.create');
    expect(create.actorName).toBe('周建国（jiedao）');
    expect(create.ip).toBe('127.0.0.1');
    expect(create.userAgent).toBe('lightMyRequest');
    // Personal data in before/after is masked, never the full number or a password hash.
    expect(create.after.phone).toBe('139****5678');
    expect(JSON.stringify(events.body)).not.toContain('13912345678');
    expect(JSON.stringify(events.body)).not.toContain('argon2');
    const update = events.body.items.find((e: { action: string }) => e.action === 'user.update');
    expect(update.before.displayName).toBe('被审计');
    expect(update.after.displayName).toBe('被审计人');

    await admin.post('/api/v1/org/roles', { code: 'aud_role', name: '审计测试角色', permissions: [] });
    await admin.post('/api/v1/auth/logout');
    expect(await lastActions(2)).toEqual(['role.create', 'auth.logout']);
  });

  it('filters by actor, action and date and keeps to the caller’s scope', async () => {
    const admin = await t.login('admin');
    const mine = await admin.get(`/api/v1/audit/events?actor=${encodeURIComponent('周建国')}&action=place.`);
    expect(mine.status).toBe(200);
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((e: { action: string }) => e.action.startsWith('place.'))).toBe(true);
    const none = await admin.get('/api/v1/audit/events?from=2001-01-01&to=2001-01-02');
    expect(none.body.total).toBe(0);
    const badDate = await admin.get('/api/v1/audit/events?from=2001-13-45x');
    expect(badDate.status).toBe(400);

    // The street admin sees the events of places in the street, not global ones such as logins.
    const jiedao = await t.login('jiedao');
    const scoped = await jiedao.get('/api/v1/audit/events?pageSize=200');
    expect(scoped.body.items.length).toBeGreaterThan(0);
    expect(scoped.body.items.every((e: { placeId: string | null }) => e.placeId !== null)).toBe(true);
    // Users' entries belong to the places where they hold roles, so the street sees its own accounts.
    expect(scoped.body.items.some((e: { action: string }) => e.action === 'user.create')).toBe(true);
    const shequ = await t.login('admin');
    expect((await shequ.get('/api/v1/audit/events?action=auth.login')).body.total).toBeGreaterThan(0);
  });

  it('narrows to a place and what lies under it (the place switcher)', async () => {
    const jiedao = await t.login('jiedao');
    const inYujia = await jiedao.post('/api/v1/org/places', {
      parentId: t.places.yujiaEstate.id,
      kind: 'grid',
      code: 'AUDY',
      name: '于家审计网格',
    });
    const underYujia = await jiedao.get(
      `/api/v1/audit/events?placeId=${t.places.yujiaCommunity.id}&pageSize=200`,
    );
    expect(underYujia.body.items.map((e: { targetId: string }) => e.targetId)).toContain(inYujia.body.id);
    const underJinxiu = await jiedao.get(
      `/api/v1/audit/events?placeId=${t.places.jinxiuCommunity.id}&pageSize=200`,
    );
    expect(underJinxiu.body.items.map((e: { targetId: string }) => e.targetId)).not.toContain(
      inYujia.body.id,
    );
    expect(underJinxiu.body.total).toBeGreaterThan(0);
    const absent = await jiedao.get('/api/v1/audit/events?placeId=00000000-0000-4000-8000-000000000000');
    expect(absent.status).toBe(404);
  });

  it('the database refuses to change or delete audit rows', async () => {
    await expect(
      t.database.db.execute(sql`update audit_log set action = 'x' where seq = 1`),
    ).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from audit_log where seq = 1`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`truncate audit_log`)).rejects.toThrow();
  });

  it('the verifier passes an intact chain and names the first altered row', async () => {
    const admin = await t.login('admin');
    const intact = await admin.get('/api/v1/audit/verify');
    expect(intact.body.ok).toBe(true);
    expect(intact.body.checked).toBeGreaterThan(10);

    // Someone with superuser rights edits a row behind the application's back.
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
      await tx.execute(sql`update audit_log set after = '{"reason":"改过"}' where seq = 5`);
      await tx.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
    });
    const broken = await admin.get('/api/v1/audit/verify');
    expect(broken.body.ok).toBe(false);
    expect(broken.body.broken.seq).toBe(5);
    expect(broken.body.checked).toBe(4);
    expect(broken.body.broken.reason).toContain('篡改');
  });
});
