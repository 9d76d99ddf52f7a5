import { eq } from 'drizzle-orm';
import { shanghaiDate } from '../../platform/calendar/index.js';
import type { Caller, Fixture, Kit, PlaceRef } from '../../test/fixtures.js';
import type { Res } from '../../test/harness.js';
import { users } from '../org/schema.js';
import { people } from '../registry/schema.js';
import { nameFields } from '../registry/text.js';
import {
  volunteerActivities,
  volunteerApplications,
  volunteerMembers,
  volunteerRecords,
  volunteerShifts,
  volunteerTeams,
} from './schema.js';

/** Volunteer teams and their records for the authorization matrix and the fuzzer, made straight in the database. */

/** A place a team may hang on: a street gets a community of its own. */
export async function teamPlace(kit: Kit, at: PlaceRef): Promise<PlaceRef> {
  return at.kind === 'street' ? kit.place(at) : at;
}

export async function estateUnder(kit: Kit, at: PlaceRef): Promise<PlaceRef> {
  let here = at;
  for (let i = 0; i < 3 && here.kind !== 'estate'; i++) here = await kit.place(here);
  return here;
}

export async function makeTeam(kit: Kit, at: PlaceRef, opts: { leaderUserId?: string | null } = {}) {
  const place = await teamPlace(kit, at);
  const db = kit.t.database.db;
  const [team] = await db
    .insert(volunteerTeams)
    .values({ placeId: place.id, placePath: place.path, kind: 'patrol', name: kit.uniq('矩阵队') })
    .returning();
  const [member] = await db
    .insert(volunteerMembers)
    .values({
      teamId: team.id,
      placePath: place.path,
      name: '矩阵队长',
      role: 'leader',
      userId: opts.leaderUserId ?? null,
      personId: (await makePerson(kit, place)).id,
      joinedOn: '2026-01-01',
    })
    .returning();
  return { team, member, place };
}

export async function makePerson(kit: Kit, place: PlaceRef) {
  const [p] = await kit.t.database.db
    .insert(people)
    .values({
      name: '矩阵队员',
      ...nameFields('矩阵队员'),
      populationType: 'registered',
      placeId: place.id,
      placePath: place.path,
    })
    .returning({ id: people.id });
  return p;
}

async function userIdOf(kit: Kit, caller: Caller) {
  if (!caller.account) return null;
  const [u] = await kit.t.database.db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, caller.account.username));
  return u?.id ?? null;
}

async function makeRecord(kit: Kit, at: PlaceRef) {
  const { team, member } = await makeTeam(kit, at);
  const [r] = await kit.t.database.db
    .insert(volunteerRecords)
    .values({
      teamId: team.id,
      memberId: member.id,
      placePath: team.placePath,
      servedOn: '2026-03-01',
      hours: '2.50',
      points: 5,
    })
    .returning();
  return r;
}

async function makeApplication(kit: Kit, at: PlaceRef) {
  const { team } = await makeTeam(kit, at);
  const pii = kit.t.app.services.pii;
  const [a] = await kit.t.database.db
    .insert(volunteerApplications)
    .values({
      teamId: team.id,
      placePath: team.placePath,
      nameEnc: pii.encrypt('王小明'),
      nameMasked: '王**',
      phoneEnc: pii.encrypt('13812345678'),
      phoneMasked: '138****5678',
      availability: '周末',
      ipHash: kit.uniq('ip'),
    })
    .returning();
  return a;
}

const listed = (res: Res, id: string) =>
  (res.body?.items as { id: string }[] | undefined)?.some((i) => i.id === id) ? null : `${id} not listed`;

export const VOLUNTEERS_FIXTURES: Record<string, Fixture> = {
  'GET /api/v1/volunteers/teams': {
    async build(kit, _caller, at) {
      const { team } = await makeTeam(kit, at);
      return { query: { placeId: at.id }, note: team.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'POST /api/v1/volunteers/teams': {
    build: async (kit, _caller, at) => ({
      body: { placeId: (await teamPlace(kit, at)).id, kind: 'safety', name: kit.uniq('平安志愿者') },
    }),
    outside: 'not-found',
  },
  'GET /api/v1/volunteers/teams/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeTeam(kit, at)).team.id } }),
    outside: 'not-found',
  },
  'PATCH /api/v1/volunteers/teams/{id}': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeTeam(kit, at)).team.id },
      body: { description: '改过的简介', recruiting: false },
    }),
    outside: 'not-found',
  },
  'GET /api/v1/volunteers/teams/{id}/hours': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeTeam(kit, at)).team.id },
      query: { year: '2026' },
    }),
    outside: 'not-found',
  },
  'POST /api/v1/volunteers/teams/{id}/members': {
    async build(kit, _caller, at) {
      const { team, place } = await makeTeam(kit, at);
      return {
        params: { id: team.id },
        body: { personId: (await makePerson(kit, place)).id, role: 'member' },
      };
    },
    outside: 'not-found',
  },
  'GET /api/v1/volunteers/members/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeTeam(kit, at)).member.id } }),
    outside: 'not-found',
  },
  'PATCH /api/v1/volunteers/members/{id}': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeTeam(kit, at)).member.id },
      body: { availability: '工作日晚上' },
    }),
    outside: 'not-found',
  },
  'DELETE /api/v1/volunteers/members/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeTeam(kit, at)).member.id } }),
    outside: 'not-found',
  },
  'POST /api/v1/volunteers/teams/{id}/shifts': {
    async build(kit, _caller, at) {
      const { team, member } = await makeTeam(kit, at);
      return {
        params: { id: team.id },
        body: { weekday: 3, startTime: '19:00', endTime: '21:00', title: '晚间巡逻', memberIds: [member.id] },
      };
    },
    outside: 'not-found',
  },
  'DELETE /api/v1/volunteers/shifts/{id}': {
    async build(kit, _caller, at) {
      const { team } = await makeTeam(kit, at);
      const [s] = await kit.t.database.db
        .insert(volunteerShifts)
        .values({
          teamId: team.id,
          placePath: team.placePath,
          weekday: 1,
          startTime: '08:00',
          endTime: '09:00',
          title: '早班',
        })
        .returning();
      return { params: { id: s.id } };
    },
    outside: 'not-found',
  },
  'POST /api/v1/volunteers/teams/{id}/activities': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeTeam(kit, at)).team.id },
      body: { title: '反诈宣传', heldOn: '2026-05-01', location: '小区广场' },
    }),
    outside: 'not-found',
  },
  'GET /api/v1/volunteers/records': {
    async build(kit, _caller, at) {
      const r = await makeRecord(kit, at);
      return { query: { teamId: r.teamId }, note: r.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  // A leader with only volunteers.read logs their own team's service: the caller leads the team made for it.
  'POST /api/v1/volunteers/records': {
    async build(kit, caller, at) {
      const { team, member } = await makeTeam(kit, at, { leaderUserId: await userIdOf(kit, caller) });
      const [a] = await kit.t.database.db
        .insert(volunteerActivities)
        .values({ teamId: team.id, placePath: team.placePath, title: '巡逻', heldOn: '2026-05-01' })
        .returning();
      return {
        body: {
          teamId: team.id,
          memberIds: [member.id],
          servedOn: shanghaiDate(kit.t.clock.now()),
          hours: 2.5,
          points: 3,
          activityId: a.id,
        },
      };
    },
    outside: 'not-found',
  },
  'DELETE /api/v1/volunteers/records/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeRecord(kit, at)).id } }),
    outside: 'not-found',
  },
  'GET /api/v1/volunteers/applications': {
    async build(kit, _caller, at) {
      const a = await makeApplication(kit, at);
      return { query: { placeId: at.id, status: 'pending', pageSize: '200' }, note: a.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'POST /api/v1/volunteers/applications/{id}/approve': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeApplication(kit, at)).id },
      body: { note: '欢迎加入' },
    }),
    outside: 'not-found',
  },
  'POST /api/v1/volunteers/applications/{id}/reject': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeApplication(kit, at)).id },
      body: { note: '名额已满' },
    }),
    outside: 'not-found',
  },
  'POST /api/v1/volunteers/applications/{id}/reveal': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeApplication(kit, at)).id },
      body: { field: 'phone', reason: '电话联系报名人' },
    }),
    outside: 'not-found',
    verify: (res) => (res.body?.value === '13812345678' ? null : 'revealed a different value'),
  },
  'GET /api/v1/volunteers/public/estates/{id}': {
    async build(kit, _caller, _at) {
      const estate = await estateUnder(kit, kit.street);
      await makeTeam(kit, estate);
      return { params: { id: estate.id } };
    },
  },
  'POST /api/v1/volunteers/public/applications': {
    async build(kit) {
      // One IP's hourly allowance is spent by earlier calls: age them, as if an hour had passed.
      await kit.t.database.db
        .update(volunteerApplications)
        .set({ createdAt: new Date(kit.t.clock.now().getTime() - 2 * 3_600_000) });
      const { team } = await makeTeam(kit, kit.street);
      return { body: { teamId: team.id, name: '李四', phone: '13912345678', availability: '周末上午' } };
    },
  },
};
