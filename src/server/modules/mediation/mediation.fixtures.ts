import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows } from '../../db/sql.js';
import type { Call, Fixture, Kit, PlaceRef } from '../../test/fixtures.js';
import type { Res } from '../../test/harness.js';
import {
  mediationCases,
  mediationCommittees,
  mediationDocuments,
  mediationFollowups,
  mediationMembers,
  mediationParties,
} from './schema.js';

/**
 * Mediation for the authorization matrix and the fuzzer: committees, members and cases made straight
 * in the database under any place.
 */

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
let seq = 0;
const next = () => ++seq;
const items = (res: Res): unknown[] | null => (Array.isArray(res.body?.items) ? res.body.items : null);

/** A committee of its own on a fresh place under `at`. */
async function freshCommittee(kit: Kit, at: PlaceRef) {
  const p = await kit.place(at);
  const [c] = await kit.t.database.db
    .insert(mediationCommittees)
    .values({ placeId: p.id, placePath: p.path, name: `矩阵调委会${next()}` })
    .returning();
  return c;
}

/** The committee a case at `at` is filed with: the nearest estate, community or street above it. */
async function committeeOver(kit: Kit, at: PlaceRef) {
  const [home] = await rows<{ id: string; path: string }>(
    kit.t.database.db,
    sql`select id, path from places where id = any(string_to_array(trim(both '/' from ${at.path}), '/')::uuid[])
          and kind in ('estate','community','street') order by depth desc limit 1`,
  );
  await kit.t.database.db
    .insert(mediationCommittees)
    .values({ placeId: home.id, placePath: home.path, name: '矩阵调委会' })
    .onConflictDoNothing();
  const [c] = await rows<{ id: string }>(
    kit.t.database.db,
    sql`select id from mediation_committees where place_id = ${home.id}`,
  );
  return c.id;
}

async function makeMember(kit: Kit, committeeId: string, placePath: string) {
  const [m] = await kit.t.database.db
    .insert(mediationMembers)
    .values({ committeeId, placePath, name: `调解员${next()}`, gender: 'female', role: 'mediator' })
    .returning();
  return m;
}

export async function makeCase(
  kit: Kit,
  at: PlaceRef,
  status: 'intake' | 'mediating' | 'agreed' = 'mediating',
  extra: Partial<typeof mediationCases.$inferInsert> = {},
) {
  const committeeId = await committeeOver(kit, at);
  const now = kit.t.clock.now();
  const [c] = await kit.t.database.db
    .insert(mediationCases)
    .values({
      no: `TJ-MATRIX-${next()}-${randomUUID().slice(0, 6)}`,
      placeId: at.id,
      placePath: at.path,
      committeeId,
      level: 'estate',
      levelSince: now,
      source: 'application',
      title: '矩阵测试纠纷',
      description: '楼上漏水',
      category: '02',
      scale: 'individual',
      status,
      acceptedAt: status === 'intake' ? null : now,
      outcome: status === 'agreed' ? 'written' : null,
      resolvedAt: status === 'agreed' ? now : null,
      performanceStatus: status === 'agreed' ? 'pending' : null,
      agreementSignedOn: status === 'agreed' ? '2026-11-01' : null,
      ...extra,
    })
    .returning();
  return c;
}

const partyPhones = new Map<string, string>();

async function makeParty(kit: Kit, caseId: string) {
  const phone = `1990003${String(next() % 10_000).padStart(4, '0')}`;
  const pii = kit.t.app.services.pii;
  const [p] = await kit.t.database.db
    .insert(mediationParties)
    .values({
      caseId,
      side: 'applicant',
      name: '王大妈',
      phoneEnc: pii.encrypt(phone),
      phoneMasked: `${phone.slice(0, 3)}****${phone.slice(7)}`,
    })
    .returning();
  partyPhones.set(p.id, phone);
  return p;
}

const caseParam =
  (build: (kit: Kit, at: PlaceRef) => Promise<{ id: string }>): Fixture['build'] =>
  async (kit, _caller, at) => ({ params: { id: (await build(kit, at)).id } });

export const MEDIATION_FIXTURES: Record<string, Fixture> = {
  'GET /api/v1/mediation/committees': {
    build: async (_kit, _caller, at) => ({ query: { placeId: at.id } }),
    outside: 'as-absent',
    verify: (res) => (items(res) ? null : 'no items'),
  },
  'POST /api/v1/mediation/committees': {
    build: async (kit, _caller, at) => ({
      body: {
        placeId: (await kit.place(at)).id,
        name: '矩阵人民调解委员会',
        phone: '',
        responseDepartments: [{ name: '派出所', contact: '110' }],
      },
    }),
    outside: 'not-found',
  },
  'PATCH /api/v1/mediation/committees/{id}': {
    build: async (kit, _caller, at) => ({
      params: { id: (await freshCommittee(kit, at)).id },
      body: { name: '改过的调委会', responseDepartments: [{ name: '街道综治中心', contact: '' }] },
    }),
    outside: 'not-found',
  },
  'POST /api/v1/mediation/committees/{id}/members': {
    build: async (kit, _caller, at) => ({
      params: { id: (await freshCommittee(kit, at)).id },
      body: { name: '刘秀珍', gender: 'female', role: 'director' },
    }),
    outside: 'not-found',
  },
  'PATCH /api/v1/mediation/members/{id}': {
    async build(kit, _caller, at) {
      const c = await freshCommittee(kit, at);
      return {
        params: { id: (await makeMember(kit, c.id, c.placePath)).id },
        body: { role: 'member', active: false },
      };
    },
    outside: 'not-found',
  },
  'GET /api/v1/mediation/sweeps': {
    build: async (_kit, _caller, at) => ({ query: { placeId: at.id } }),
    outside: 'as-absent',
  },
  'POST /api/v1/mediation/sweeps': {
    build: async (kit, _caller, at) => ({
      body: {
        committeeId: (await freshCommittee(kit, at)).id,
        heldOn: '2026-11-01',
        participants: '调委会全体',
        summary: '月度排查',
        findings: [{ title: '停车位争执', description: '两户争一个车位', category: '04' }],
      },
    }),
    outside: 'not-found',
  },
  'GET /api/v1/mediation/cases': {
    async build(kit, _caller, at): Promise<Call> {
      if (at.ghost) return { query: { placeId: at.id } };
      const c = await makeCase(kit, at);
      return { query: { placeId: at.id, q: c.no }, note: c.id };
    },
    outside: 'as-absent',
    verify: (res, call) =>
      (items(res) as { id: string }[] | null)?.some((i) => i.id === call.note)
        ? null
        : 'the case made for it is not listed',
  },
  'POST /api/v1/mediation/cases/export': {
    build: async (_kit, _caller, at) => ({ body: { filters: { placeId: at.id } } }),
    outside: 'as-absent',
  },
  'GET /api/v1/mediation/cases/warnings': {
    async build(kit, caller, at) {
      if (caller.root) await makeCase(kit, at, 'mediating', { riskFlag: true, riskLevel: 'high' });
      return {};
    },
    verify: (res) => (items(res) ? null : 'no items'),
  },
  'GET /api/v1/mediation/followups/due': {
    build: async () => ({}),
    verify: (res) => (items(res) ? null : 'no items'),
  },
  'GET /api/v1/mediation/stats': {
    build: async (_kit, _caller, at) => ({ query: { placeId: at.id, from: '2026-01-01', to: '2026-12-31' } }),
    outside: 'as-absent',
  },
  'POST /api/v1/mediation/cases': {
    async build(kit, _caller, at) {
      if (!at.ghost) await committeeOver(kit, at);
      return {
        body: {
          placeId: at.id,
          source: 'application',
          title: '楼上漏水',
          description: '楼上卫生间漏水，楼下天花板受损',
          category: '02',
          subcategory: '0201',
          amount: '100',
          parties: [{ side: 'applicant', name: '王大妈' }],
        },
      };
    },
    outside: 'as-absent',
  },
  'GET /api/v1/mediation/cases/{id}': {
    build: caseParam((kit, at) => makeCase(kit, at)),
    outside: 'not-found',
  },
  'PATCH /api/v1/mediation/cases/{id}': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeCase(kit, at)).id },
      body: { amount: '250.50', riskFlag: true },
    }),
    outside: 'not-found',
  },
  'POST /api/v1/mediation/cases/{id}/actions': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeCase(kit, at, 'intake')).id },
      body: { action: 'accept' },
    }),
    outside: 'not-found',
  },
  'POST /api/v1/mediation/cases/{id}/parties': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeCase(kit, at)).id },
      body: { side: 'respondent', name: '李先生', occupation: '职员' },
    }),
    outside: 'not-found',
  },
  'DELETE /api/v1/mediation/cases/{id}/parties/{partyId}': {
    async build(kit, _caller, at) {
      const c = await makeCase(kit, at);
      return { params: { id: c.id, partyId: (await makeParty(kit, c.id)).id } };
    },
    outside: 'not-found',
  },
  'POST /api/v1/mediation/cases/{id}/parties/{partyId}/reveal': {
    async build(kit, _caller, at) {
      const c = await makeCase(kit, at);
      return {
        params: { id: c.id, partyId: (await makeParty(kit, c.id)).id },
        body: { field: 'phone', reason: '联系当事人' },
      };
    },
    outside: 'not-found',
    verify: (res, call) =>
      res.body?.value === partyPhones.get(call.params!.partyId) ? null : 'revealed a different value',
  },
  'GET /api/v1/mediation/cases/{id}/mediator-options': {
    build: caseParam((kit, at) => makeCase(kit, at)),
    outside: 'not-found',
  },
  'PUT /api/v1/mediation/cases/{id}/mediators': {
    async build(kit, _caller, at) {
      const c = await makeCase(kit, at);
      const [committee] = await rows<{ place_path: string }>(
        kit.t.database.db,
        sql`select place_path from mediation_committees where id = ${c.committeeId}`,
      );
      const m = await makeMember(kit, c.committeeId, committee.place_path);
      return { params: { id: c.id }, body: { memberIds: [m.id], leadId: m.id } };
    },
    outside: 'not-found',
  },
  'POST /api/v1/mediation/cases/{id}/sessions': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeCase(kit, at)).id },
      body: {
        heldAt: new Date(kit.t.clock.now().getTime() - 3_600_000).toISOString(),
        place: '社区调解室',
        attendees: '双方当事人、调解员',
        record: '调解员：请双方陈述。',
      },
    }),
    outside: 'not-found',
  },
  'PUT /api/v1/mediation/cases/{id}/agreement': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeCase(kit, at)).id },
      body: { content: { facts: '楼上漏水', terms: '赔偿 100 元', performanceDeadline: '2026-12-01' } },
    }),
    outside: 'not-found',
  },
  'GET /api/v1/mediation/cases/{id}/agreement.docx': {
    build: caseParam((kit, at) => makeCase(kit, at, 'agreed')),
    outside: 'not-found',
  },
  'GET /api/v1/mediation/cases/{id}/file.zip': {
    build: caseParam((kit, at) => makeCase(kit, at, 'agreed')),
    outside: 'not-found',
  },
  'POST /api/v1/mediation/cases/{id}/lead': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeCase(kit, at)).id },
      body: {
        leader: '周建国',
        handler: '张桂芳',
        plan: '分别约谈，联合物业查明漏点',
        deadline: '2026-12-15',
      },
    }),
    outside: 'not-found',
  },
  'POST /api/v1/mediation/cases/{id}/responses': {
    build: async (kit, _caller, at) => ({
      params: {
        id: (
          await makeCase(kit, at, 'mediating', {
            scale: 'major_group',
            emergencyStartedAt: kit.t.clock.now(),
          })
        ).id,
      },
      body: { kind: 'control', note: '民警与物业到场稳控' },
    }),
    outside: 'not-found',
  },
  'POST /api/v1/mediation/cases/{id}/followups/{followupId}': {
    async build(kit, _caller, at) {
      const c = await makeCase(kit, at, 'agreed');
      const [f] = await kit.t.database.db
        .insert(mediationFollowups)
        .values({ caseId: c.id, placePath: c.placePath, dueOn: '2026-11-08' })
        .returning();
      return { params: { id: c.id, followupId: f.id }, body: { method: 'phone', note: '已按协议赔偿' } };
    },
    outside: 'not-found',
  },
  'PATCH /api/v1/mediation/cases/{id}/progress': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeCase(kit, at)).id },
      body: { rightsNotified: true },
    }),
    outside: 'not-found',
  },
  'PUT /api/v1/mediation/cases/{id}/explanations': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeCase(kit, at)).id },
      body: { item: 'rights_notice', text: '当事人当场口头告知，拒绝签字' },
    }),
    outside: 'not-found',
  },
  'POST /api/v1/mediation/cases/{id}/documents': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeCase(kit, at)).id },
      query: { kind: 'evidence', name: '漏水照片.png' },
      raw: { payload: PNG, type: 'image/png' },
    }),
    outside: 'not-found',
  },
  'GET /api/v1/mediation/cases/{id}/documents/{documentId}': {
    async build(kit, _caller, at) {
      const c = await makeCase(kit, at);
      const f = await kit.t.app.services.files.saveImage(PNG, { name: '证据.png' });
      await kit.t.app.services.files.attach([f.id], {
        ownerType: 'mediation_case',
        ownerId: c.id,
        placePath: c.placePath,
      });
      const [d] = await kit.t.database.db
        .insert(mediationDocuments)
        .values({ caseId: c.id, fileId: f.id, kind: 'evidence', uploadedBy: '测试' })
        .returning();
      return { params: { id: c.id, documentId: d.id } };
    },
    outside: 'not-found',
  },
};
