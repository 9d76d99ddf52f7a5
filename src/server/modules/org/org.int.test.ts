import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../../../demo/org.js';
import { startTestApp, type TestApp } from '../../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function childrenOf(username: string, parentId: string) {
  const a = await t.login(username);
  return a.get(`/api/v1/org/places?parentId=${parentId}`);
}

describe('permissions per role', () => {
  it('every demo account logs in and carries its role’s permissions', async () => {
    const expected: Record<string, string[]> = {
      admin: [
        'audit.read',
        'fire.manage',
        'fire.read',
        'governance.manage',
        'governance.read',
        'grid.manage',
        'grid.read',
        'grid.report',
        'grid.work',
        'legal.manage',
        'legal.read',
        'legal.work',
        'mediation.manage',
        'mediation.read',
        'mediation.work',
        'notices.channels',
        'notices.read',
        'notices.send',
        'ops.jobs',
        'org.place.manage',
        'org.place.read',
        'org.role.manage',
        'org.user.manage',
        'org.user.read',
        'pii.reveal',
        'registry.import',
        'registry.manage',
        'registry.read',
        'registry.special',
        'requests.open311',
        'volunteers.manage',
        'volunteers.read',
      ],
      jiedao: [
        'audit.read',
        'fire.manage',
        'fire.read',
        'governance.manage',
        'governance.read',
        'grid.manage',
        'grid.read',
        'grid.report',
        'grid.work',
        'legal.manage',
        'legal.read',
        'legal.work',
        'mediation.manage',
        'mediation.read',
        'mediation.work',
        'notices.channels',
        'notices.read',
        'notices.send',
        'org.place.manage',
        'org.place.read',
        'org.user.manage',
        'org.user.read',
        'pii.reveal',
        'registry.import',
        'registry.manage',
        'registry.read',
        'registry.special',
        'volunteers.manage',
        'volunteers.read',
      ],
      shequ: [
        'fire.manage',
        'fire.read',
        'governance.manage',
        'governance.read',
        'grid.manage',
        'grid.read',
        'grid.report',
        'grid.work',
        'legal.manage',
        'legal.read',
        'mediation.manage',
        'mediation.read',
        'mediation.work',
        'notices.read',
        'notices.send',
        'org.place.manage',
        'org.place.read',
        'org.user.read',
        'pii.reveal',
        'registry.import',
        'registry.manage',
        'registry.read',
        'registry.special',
        'volunteers.manage',
        'volunteers.read',
      ],
      wangge: [
        'fire.read',
        'grid.read',
        'grid.report',
        'grid.work',
        'legal.read',
        'mediation.read',
        'notices.read',
        'org.place.read',
        'registry.manage',
        'registry.read',
        'volunteers.read',
      ],
      tiaojie: [
        'grid.read',
        'legal.read',
        'mediation.read',
        'mediation.work',
        'notices.read',
        'org.place.read',
        'registry.read',
      ],
      jumin: [],
    };
    for (const account of DEMO_ACCOUNTS) {
      const a = await t.login(account.username);
      const me = (await a.get('/api/v1/auth/me')).body.user;
      expect(me.mustChangePassword).toBe(false);
      expect(me.roles.length).toBe(1);
      if (expected[account.username]) expect(me.permissions).toEqual(expected[account.username]);
    }
  });

  it('a role without the permission gets 403 on the operation', async () => {
    const wangge = await t.login('wangge');
    expect((await wangge.get('/api/v1/org/users')).status).toBe(403);
    expect((await wangge.get('/api/v1/audit/events')).status).toBe(403);
    const res = await wangge.post('/api/v1/org/places', {
      parentId: t.places.jinxiuGrid1.id,
      kind: 'building',
      code: 'X1',
      name: '违规楼',
    });
    expect(res.status).toBe(403);
    const jumin = await t.login('jumin');
    expect((await jumin.get('/api/v1/org/places')).status).toBe(403);
  });
});

describe('place scope', () => {
  it('wangge sees the buildings of their own grid and gets 404 for those of wangge2’s grid', async () => {
    const own = await childrenOf('wangge', t.places.jinxiuGrid1.id);
    expect(own.status).toBe(200);
    expect(own.body.items.map((p: { name: string }) => p.name)).toEqual(['1栋', '2栋', '3栋']);

    const other = await childrenOf('wangge2', t.places.jinxiuGrid2.id);
    const building4 = other.body.items[0];
    expect(building4.name).toBe('4栋');

    const wangge = await t.login('wangge');
    const denied = await wangge.get(`/api/v1/org/places/${building4.id}`);
    expect(denied.status).toBe(404);
    expect(denied.body.error.code).toBe('NOT_FOUND');
    expect((await wangge.get(`/api/v1/org/places?parentId=${t.places.jinxiuGrid2.id}`)).status).toBe(404);
    // An id that does not exist answers exactly the same.
    const absent = await wangge.get('/api/v1/org/places/00000000-0000-4000-8000-000000000000');
    expect(absent.status).toBe(404);
    expect(absent.body.error.message).toBe(denied.body.error.message);

    const ownBuilding = own.body.items[0];
    const detail = await wangge.get(`/api/v1/org/places/${ownBuilding.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.ancestors.map((a: { name: string }) => a.name)).toEqual([
      '古南街道',
      '锦绣社区',
      '锦绣春天小区',
      '锦绣春天第一网格',
    ]);
  });

  it('the scope roots are the places a user is assigned to, and search stays inside scope', async () => {
    const wangge = await t.login('wangge');
    const roots = await wangge.get('/api/v1/org/places');
    expect(roots.body.items.map((p: { name: string }) => p.name)).toEqual(['锦绣春天第一网格']);
    const search = await wangge.get(`/api/v1/org/places?q=${encodeURIComponent('4栋')}`);
    expect(search.body.items).toEqual([]);
    const jiedao = await t.login('jiedao');
    const all = await jiedao.get(`/api/v1/org/places?q=${encodeURIComponent('4栋')}`);
    expect(all.body.items.length).toBeGreaterThanOrEqual(3);
  });

  it('a community officer cannot create places in another community', async () => {
    const shequ = await t.login('shequ');
    const res = await shequ.post('/api/v1/org/places', {
      parentId: t.places.yujiaEstate.id,
      kind: 'grid',
      code: 'G99',
      name: '越界网格',
    });
    expect(res.status).toBe(404);
  });
});

describe('place administration', () => {
  it('creates, renames, moves and deletes places, keeping the subtree intact', async () => {
    const a = await t.login('jiedao');
    const grid = await a.post('/api/v1/org/places', {
      parentId: t.places.jinxiuEstate.id,
      kind: 'grid',
      code: 'G03',
      name: '锦绣春天第三网格',
      sortOrder: 3,
    });
    expect(grid.status).toBe(201);
    const building = await a.post('/api/v1/org/places', {
      parentId: grid.body.id,
      kind: 'building',
      code: 'B07',
      name: '7栋',
    });
    const unit = await a.post('/api/v1/org/places', {
      parentId: building.body.id,
      kind: 'unit',
      code: 'U1',
      name: '1单元',
    });
    expect(unit.status).toBe(201);

    const dup = await a.post('/api/v1/org/places', {
      parentId: building.body.id,
      kind: 'unit',
      code: 'U1',
      name: '重复',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.fields).toHaveProperty('code');

    const wrongKind = await a.post('/api/v1/org/places', {
      parentId: building.body.id,
      kind: 'estate',
      code: 'E1',
      name: '错层',
    });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.error.message).toContain('楼栋下不能直接设小区');

    expect((await a.patch(`/api/v1/org/places/${building.body.id}`, { name: '七栋' })).status).toBe(200);

    // Move the building under grid 1: wangge can now see it and its unit.
    const moved = await a.post(`/api/v1/org/places/${building.body.id}/move`, {
      parentId: t.places.jinxiuGrid1.id,
    });
    expect(moved.status).toBe(200);
    const wangge = await t.login('wangge');
    expect((await wangge.get(`/api/v1/org/places/${unit.body.id}`)).status).toBe(200);
    const unitDetail = await a.get(`/api/v1/org/places/${unit.body.id}`);
    expect(unitDetail.body.ancestors.map((x: { name: string }) => x.name)).toEqual([
      '古南街道',
      '锦绣社区',
      '锦绣春天小区',
      '锦绣春天第一网格',
      '七栋',
    ]);

    const intoSelf = await a.post(`/api/v1/org/places/${building.body.id}/move`, { parentId: unit.body.id });
    expect(intoSelf.status).toBe(400);

    const refused = await a.delete(`/api/v1/org/places/${building.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('PLACE_HAS_CHILDREN');
    expect(refused.body.error.message).toContain('还有 1 个下级');

    expect((await a.delete(`/api/v1/org/places/${unit.body.id}`)).status).toBe(200);
    expect((await a.delete(`/api/v1/org/places/${building.body.id}`)).status).toBe(200);
    expect((await a.get(`/api/v1/org/places/${building.body.id}`)).status).toBe(404);
  });

  it('refuses to delete a place where users hold roles', async () => {
    const a = await t.login('admin');
    const res = await a.delete(`/api/v1/org/places/${t.places.residentUnit.id}`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('PLACE_IN_USE');
  });
});

describe('users and roles', () => {
  it('lists users in scope with phones masked, and reveals one only with a reason, audited', async () => {
    const shequ = await t.login('shequ');
    const list = await shequ.get('/api/v1/org/users?pageSize=100');
    expect(list.status).toBe(200);
    const names = list.body.items.map((u: { username: string }) => u.username);
    expect(names).toContain('wangge');
    expect(names).not.toContain('jiedao');
    expect(names).not.toContain('admin');
    const wangge = list.body.items.find((u: { username: string }) => u.username === 'wangge');
    expect(wangge.phoneMasked).toBe('199****0004');
    expect(JSON.stringify(list.body)).not.toContain('19900000004');

    const noReason = await shequ.post(`/api/v1/org/users/${wangge.id}/reveal`, {
      field: 'phone',
      reason: '',
    });
    expect(noReason.status).toBe(400);
    const revealed = await shequ.post(`/api/v1/org/users/${wangge.id}/reveal`, {
      field: 'phone',
      reason: '核实联系方式',
    });
    expect(revealed.body.value).toBe('19900000004');

    const admin = await t.login('admin');
    const audit = await admin.get(`/api/v1/audit/events?action=pii.reveal&targetId=${wangge.id}`);
    expect(audit.body.items[0].after).toEqual({ field: 'phone', reason: '核实联系方式' });
    expect(audit.body.items[0].actorName).toContain('shequ');

    // A user outside the caller's scope does not exist for them.
    const all = await admin.get('/api/v1/org/users?q=jiedao');
    expect((await shequ.get(`/api/v1/org/users/${all.body.items[0].id}`)).status).toBe(404);
  });

  it('finds a user by the full phone number through the blind index', async () => {
    const admin = await t.login('admin');
    const res = await admin.get('/api/v1/org/users?q=19900000006');
    expect(res.body.items.map((u: { username: string }) => u.username)).toEqual(['baoan']);
  });

  it('refuses to grant a role with permissions the granter lacks at that place', async () => {
    const jiedao = await t.login('jiedao');
    const roles = (await jiedao.get('/api/v1/org/roles')).body.items;
    const sysadmin = roles.find((r: { code: string }) => r.code === 'sysadmin');
    const res = await jiedao.post('/api/v1/org/users', {
      username: 'sneaky',
      displayName: '越权',
      password: 'Sneaky123',
      assignments: [{ roleId: sysadmin.id, placeId: t.places.street.id }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty('assignments');
    const global = await jiedao.post('/api/v1/org/users', {
      username: 'sneaky2',
      displayName: '全局',
      password: 'Sneaky123',
      assignments: [
        { roleId: roles.find((r: { code: string }) => r.code === 'grid_worker').id, placeId: null },
      ],
    });
    expect(global.status).toBe(400);
  });

  it('replaces only the assignments the caller manages', async () => {
    const admin = await t.login('admin');
    const roles = (await admin.get('/api/v1/org/roles')).body.items;
    const role = (code: string) => roles.find((r: { code: string }) => r.code === code).id;
    const created = await admin.post('/api/v1/org/users', {
      username: 'twohats',
      displayName: '双岗',
      phone: '+86 139-0000-1234',
      password: 'Twohats123',
      assignments: [
        { roleId: role('grid_worker'), placeId: t.places.jinxiuGrid1.id },
        { roleId: role('volunteer'), placeId: t.places.yujiaEstate.id },
      ],
    });
    expect(created.status).toBe(201);
    const shequ = await t.login('shequ');
    // shequ reads users but may not manage them: 403 (they can see this user).
    const r = await shequ.put(`/api/v1/org/users/${created.body.id}/assignments`, { assignments: [] });
    expect(r.status).toBe(403);

    const jiedao = await t.login('jiedao');
    const ok = await jiedao.put(`/api/v1/org/users/${created.body.id}/assignments`, {
      assignments: [{ roleId: role('security_guard'), placeId: t.places.jinxiuEstate.id }],
    });
    expect(ok.status).toBe(200);
    const user = (await admin.get(`/api/v1/org/users/${created.body.id}`)).body;
    expect(user.phoneMasked).toBe('139****1234');
    expect(user.assignments.map((x: { roleName: string }) => x.roleName).sort()).toEqual(['物业保安']);
  });

  it('rejects a malformed phone number with the field named', async () => {
    const admin = await t.login('admin');
    const res = await admin.post('/api/v1/org/users', {
      username: 'badphone',
      displayName: '号码错',
      phone: '1234',
      password: 'Badphone123',
      assignments: [],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.phone).toContain('手机号码格式不正确');
  });

  it('manages custom roles; built-in roles stay as shipped', async () => {
    const admin = await t.login('admin');
    const created = await admin.post('/api/v1/org/roles', {
      code: 'street_auditor',
      name: '街道审计员',
      description: '只看审计',
      permissions: ['audit.read'],
    });
    expect(created.status).toBe(201);
    const unknown = await admin.post('/api/v1/org/roles', {
      code: 'bad_role',
      name: '坏角色',
      permissions: ['nope'],
    });
    expect(unknown.status).toBe(400);
    expect(
      (
        await admin.patch(`/api/v1/org/roles/${created.body.id}`, {
          permissions: ['audit.read', 'org.place.read'],
        })
      ).status,
    ).toBe(200);
    const roles = (await admin.get('/api/v1/org/roles')).body.items;
    const builtin = roles.find((r: { code: string }) => r.code === 'resident');
    expect(builtin.userCount).toBe(1);
    expect((await admin.patch(`/api/v1/org/roles/${builtin.id}`, { name: '改名' })).status).toBe(409);
    expect((await admin.delete(`/api/v1/org/roles/${builtin.id}`)).status).toBe(409);
    expect((await admin.delete(`/api/v1/org/roles/${created.body.id}`)).status).toBe(200);
    const jiedao = await t.login('jiedao');
    expect(
      (await jiedao.post('/api/v1/org/roles', { code: 'x_role', name: '某角色', permissions: [] })).status,
    ).toBe(403);
  });
});

describe('first administrator', () => {
  it('is refused once an administrator exists', async () => {
    const { createFirstAdmin } = await import('./setup.js');
    await expect(
      createFirstAdmin(t.app.services, { username: 'second', displayName: '第二个', password: 'Second123' }),
    ).rejects.toMatchObject({ code: 'ADMIN_EXISTS', status: 409 });
  });
});
