// audit: 30 days of the trail (about two entries per account per day) as one valid hash chain, and the
// audit list calls. Runs after every other generator so that their seeds join the same chain.
import { randomUUID } from 'node:crypto';
import type { Random } from '../../demo/random.js';
import { canonicalJson, createAuditService, rowHash } from '../../src/server/platform/audit/service.js';
import { systemClock } from '../../src/server/platform/clock.js';
import { col } from '../lib/bulk.js';
import { type AuditSeed, defineModule, type GenContext, need } from '../lib/types.js';
import { type PlaceRef, sample, type UserRef } from './org.js';

export const AUDIT_DAYS = 30;
const DAY = 86_400_000;
const GENESIS = '0'.repeat(64);

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49',
  'Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Mobile Safari/537.36',
];

const actorName = (u: UserRef) => `${u.displayName}（${u.username}）`;

/** A time on day `d` (0 = oldest) between hours h1 and h2 Beijing time. */
function at(rnd: Random, start: number, d: number, h1: number, h2: number): Date {
  const minutes = Math.floor((h1 + rnd.next() * (h2 - h1)) * 60);
  // Beijing is UTC+8: local hour h is UTC hour h − 8.
  return new Date(start + d * DAY + (minutes - 8 * 60) * 60_000 + rnd.int(0, 59_999));
}

/** What each account does on a working day: logs in, and does one thing its role does. */
function dailyActivity(ctx: GenContext): AuditSeed[] {
  const { rnd } = ctx;
  const org = need(ctx.fixtures, 'org');
  // Day 0 starts 30 days before today (Beijing midnight), so the last day ends before `now`.
  const todayBeijing = Math.floor((ctx.now.getTime() + 8 * 3_600_000) / DAY) * DAY - 8 * 3_600_000;
  const start = todayBeijing - AUDIT_DAYS * DAY;
  const editable = [...org.estates, ...org.grids, ...org.microGrids, ...org.buildings];
  const scopeCache = new Map<string, { places: PlaceRef[]; users: UserRef[] }>();
  const scopeOf = (p: PlaceRef | null) => {
    const key = p?.id ?? '*';
    let s = scopeCache.get(key);
    if (!s) {
      const inside = (x: PlaceRef) => p === null || x.path.startsWith(p.path);
      s = { places: editable.filter(inside), users: org.users.filter((u) => u.place && inside(u.place)) };
      scopeCache.set(key, s);
    }
    return s;
  };
  const ipOf = new Map(org.users.map((u, i) => [u.id, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`]));
  const uaOf = new Map(org.users.map((u) => [u.id, rnd.pick(USER_AGENTS)]));

  const seeds: AuditSeed[] = [];
  for (let d = 0; d < AUDIT_DAYS; d++) {
    for (const u of org.users) {
      const base = {
        actorId: u.id,
        actorName: actorName(u),
        ip: ipOf.get(u.id)!,
        userAgent: uaOf.get(u.id)!,
      };
      const loginAt = at(rnd, start, d, 7.5, 9.5);
      seeds.push({ ...base, at: loginAt, action: 'auth.login', targetType: 'user', targetId: u.id });
      const second = managerAction(rnd, u, () => scopeOf(u.place), at(rnd, start, d, 9.5, 17.5));
      seeds.push(
        second
          ? { ...base, ...second }
          : {
              ...base,
              at: at(rnd, start, d, 17, 18.5),
              action: 'auth.logout',
              targetType: 'user',
              targetId: u.id,
            },
      );
    }
  }
  return seeds;
}

/** Street admins, community officers, police and the system administrator change and look up things. */
function managerAction(
  rnd: Random,
  u: UserRef,
  scopeOf: () => { places: PlaceRef[]; users: UserRef[] },
  when: Date,
): Omit<AuditSeed, 'actorId' | 'actorName'> | null {
  const manager = ['sysadmin', 'street_admin', 'community_officer', 'community_police'].includes(u.role);
  if (!manager) return null;
  const scope = scopeOf();
  const canEditPlaces = u.role === 'sysadmin' || u.role === 'street_admin' || u.role === 'community_officer';
  const canEditUsers = u.role === 'sysadmin' || u.role === 'street_admin';
  const canReveal = canEditUsers || u.role === 'community_officer' || u.role === 'community_police';
  const choices: ('place' | 'user' | 'reveal')[] = [];
  if (canEditPlaces && scope.places.length) choices.push('place', 'place');
  if (canEditUsers && scope.users.length) choices.push('user');
  if (canReveal && scope.users.length) choices.push('reveal');
  if (choices.length === 0) return null;
  const what = rnd.pick(choices);
  if (what === 'place') {
    const p = rnd.pick(scope.places);
    const before = {
      kind: p.kind,
      code: p.code,
      name: p.name,
      sortOrder: rnd.int(0, 20),
      parentId: p.parentId,
    };
    return {
      at: when,
      action: 'place.update',
      targetType: 'place',
      targetId: p.id,
      placeId: p.id,
      placePath: p.path,
      before,
      after: { ...before, sortOrder: before.sortOrder + 1 },
    };
  }
  const t = rnd.pick(scope.users);
  if (what === 'user') {
    const before = { username: t.username, displayName: t.displayName, phone: t.phoneMasked, active: true };
    return {
      at: when,
      action: 'user.update',
      targetType: 'user',
      targetId: t.id,
      placeId: t.place?.id ?? null,
      placePath: t.place?.path ?? null,
      before,
      after: { ...before, displayName: t.displayName },
    };
  }
  return {
    at: when,
    action: 'pii.reveal',
    targetType: 'user',
    targetId: t.id,
    placeId: t.place?.id ?? null,
    placePath: t.place?.path ?? null,
    after: { field: 'phone', reason: rnd.pick(['核实身份', '联系本人', '走访回访', '处理投诉']) },
  };
}

async function generate(ctx: GenContext): Promise<void> {
  const seeds = [...ctx.auditSeeds, ...dailyActivity(ctx)].sort((a, b) => a.at.getTime() - b.at.getTime());
  // The chain continues from whatever is already there (normally nothing).
  const tail = await ctx.sql.query<{ seq: string | number; hash: string }>(
    'select seq, hash from audit_log order by seq desc limit 1',
  );
  let seq = Number(tail.rows[0]?.seq ?? 0);
  let prevHash = tail.rows[0]?.hash ?? GENESIS;
  const rows = function* () {
    for (const s of seeds) {
      seq += 1;
      // Exactly what jsonb gives back, so that the stored row hashes to the same value.
      const fields = {
        seq,
        at: s.at,
        actorId: s.actorId,
        actorName: s.actorName,
        action: s.action,
        targetType: s.targetType ?? null,
        targetId: s.targetId ?? null,
        placeId: s.placeId ?? null,
        placePath: s.placePath ?? null,
        before: s.before === undefined || s.before === null ? null : JSON.parse(canonicalJson(s.before)),
        after: s.after === undefined || s.after === null ? null : JSON.parse(canonicalJson(s.after)),
        ip: s.ip ?? null,
        userAgent: s.userAgent ?? null,
        requestId: randomUUID(),
      };
      const hash = rowHash(prevHash, fields);
      yield [
        fields.seq,
        fields.at,
        fields.actorId,
        fields.actorName,
        fields.action,
        fields.targetType,
        fields.targetId,
        fields.placeId,
        fields.placePath,
        fields.before,
        fields.after,
        fields.ip,
        fields.userAgent,
        fields.requestId,
        prevHash,
        hash,
      ];
      prevHash = hash;
    }
  };
  const n = await ctx.insert(
    'audit_log',
    [
      col('seq', 'bigint'),
      col('at', 'timestamptz'),
      col('actor_id', 'uuid'),
      col('actor_name', 'text'),
      col('action', 'text'),
      col('target_type', 'text'),
      col('target_id', 'text'),
      col('place_id', 'uuid'),
      col('place_path', 'text'),
      col('before', 'jsonb'),
      col('after', 'jsonb'),
      col('ip', 'text'),
      col('user_agent', 'text'),
      col('request_id', 'text'),
      col('prev_hash', 'text'),
      col('hash', 'text'),
    ],
    rows(),
  );
  ctx.log(`audit_log ${n}`);
}

async function verify(ctx: GenContext): Promise<string> {
  const result = await createAuditService({ db: ctx.db, clock: systemClock }).verify();
  if (!result.ok) throw new Error(`generated audit chain is broken: ${JSON.stringify(result.broken)}`);
  return `audit chain verified (${result.checked} rows)`;
}

/** Managers of the bench street: their names find their own entries in the street's trail. */
function streetManagers(f: Parameters<typeof need>[0]): UserRef[] {
  const o = need(f, 'org');
  return o.users.filter(
    (u) =>
      u.place?.path.startsWith(o.bench.street.path) &&
      (u.role === 'street_admin' || u.role === 'community_officer' || u.role === 'community_police'),
  );
}

function hasTotal(body: unknown): string | undefined {
  const b = body as { total?: number };
  return typeof b.total === 'number' && b.total > 0 ? undefined : 'no audit entries in scope';
}

export default defineModule({
  name: 'audit',
  after: 'all',
  generate,
  verify,
  scenarios: [
    {
      id: 'audit.events',
      title: '审计日志第 1 页（街道范围）/ audit trail, page 1 (street scope)',
      as: 'street_admin',
      kind: 'list',
      paths: () => ['/api/v1/audit/events?page=1&pageSize=20'],
      check: hasTotal,
    },
    {
      id: 'audit.events.actor',
      title: '审计日志按操作人筛选（街道范围）/ audit trail filtered by actor (street scope)',
      as: 'street_admin',
      kind: 'search',
      paths: (f) =>
        sample(streetManagers(f), 20).map(
          (u) => `/api/v1/audit/events?actor=${encodeURIComponent(u.displayName)}&page=1&pageSize=20`,
        ),
      check: hasTotal,
    },
    {
      id: 'audit.events.all',
      title: '审计日志第 1 页（全部，系统管理员）/ audit trail, page 1 (everything, sysadmin)',
      as: 'sysadmin',
      kind: 'list',
      paths: () => ['/api/v1/audit/events?page=1&pageSize=20'],
      check: hasTotal,
    },
  ],
});
