import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DemoAccount, DemoPlace } from '../../../demo/org.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../../demo/org.js';
import type { Permission } from '../../shared/permissions.js';
import { ALLOWED_CHILDREN, type PlaceKind } from '../../shared/places.js';
import { BUILTIN_ROLES } from '../../shared/roles.js';
import { places, roles, userRoles, users } from '../db/schema.js';
import { FIRE_FIXTURES } from '../modules/fire/fire.fixtures.js';
import { GOVERNANCE_FIXTURES } from '../modules/governance/governance.fixtures.js';
import { GRID_FIXTURES } from '../modules/grid/grid.fixtures.js';
import { LEGAL_FIXTURES } from '../modules/legal/legal.fixtures.js';
import { MEDIATION_FIXTURES } from '../modules/mediation/mediation.fixtures.js';
import { NOTICES_FIXTURES } from '../modules/notices/notices.fixtures.js';
import { REGISTRY_FILE_FIXTURES, REGISTRY_FIXTURES } from '../modules/registry/registry.fixtures.js';
import { VOLUNTEERS_FIXTURES } from '../modules/volunteers/volunteers.fixtures.js';
import { systemCtx } from '../platform/context.js';
import { JOBS_FIXTURES } from '../platform/jobs/jobs.fixtures.js';
import { NOTIFY_FIXTURES } from '../platform/notify/notify.fixtures.js';
import { maskPhone } from '../platform/pii/index.js';
import { type Agent, agentOn, type Res, type TestApp } from './harness.js';

/**
 * Per-call fixtures for the authorization matrix and the fuzzer: for each operation of the OpenAPI
 * document, how to build one valid call whose records lie under a given place. The matrix builds it
 * under a place inside the caller's scope and under one just outside it; the fuzzer uses the
 * administrator's call as the valid request it then breaks.
 *
 * Records are made fresh for every call, straight in the database (not through the API under test),
 * so that destructive operations always have their own target and calls never depend on each other.
 *
 * A new operation needs an entry here: the matrix fails, naming the operation, until it has one.
 */

export interface PlaceRef {
  id: string;
  kind: PlaceKind;
  path: string;
  depth: number;
  /** An id that exists nowhere: the reference answer for an out-of-scope one (see `outside`). */
  ghost?: boolean;
}

export interface Caller {
  /** 'admin', …, 'anonymous'. */
  name: string;
  account: DemoAccount | null;
  agent: Agent;
  permissions: ReadonlySet<Permission>;
  /** Where the caller's role is held; null for a global administrator and for anonymous. */
  root: PlaceRef | null;
  /** The nearest place outside the caller's scope; null when the caller sees everywhere. */
  outside: PlaceRef | null;
  mustChangePassword: boolean;
}

export interface Call {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** Who makes the call when it must not be the caller's shared session (the call would end or change it). */
  as?: Agent;
  /** The id of the record made for a list call, which `verify` looks for in the answer. */
  note?: string;
  /** A body that is not JSON (an uploaded file), sent as is with its content type. */
  raw?: { payload: Buffer; type: string };
}

export interface Fixture {
  /** A valid call whose records lie under `at`. With `at.ghost`, `at` may only be referenced, not built on. */
  build(kit: Kit, caller: Caller, at: PlaceRef): Promise<Call>;
  /**
   * How the operation answers when `at` is outside the caller's scope:
   * - 'not-found': 404 — the record the call acts on is out of scope and must look absent;
   * - 'as-absent': exactly as for a place id that exists nowhere (same status and code, same body
   *   when it succeeds) — the place is only referenced (a filter, an assignment).
   * Omitted: the operation touches nothing tied to a place (role catalogue, whole-chain checks).
   */
  outside?: 'not-found' | 'as-absent';
  /**
   * For an operation whose valid call is refused for a documented domain reason (say 409 while a
   * record is still in use): the answer expected instead of a 2xx. Never 401, 403 or 404.
   */
  domainRefusal?: { status: number; code: string };
  /** More to check on a successful in-scope answer; returns what is wrong, or null. */
  verify?(res: Res, call: Call): string | null;
}

export interface Kit {
  t: TestApp;
  uniq(prefix: string): string;
  /** A fresh place under `under`, of the first kind allowed there. */
  place(under: PlaceRef): Promise<PlaceRef>;
  /** A fresh user holding `role` (default grid_worker) at `under` (null: everywhere). */
  user(
    under: PlaceRef | null,
    opts?: { role?: string; phone?: string | null; active?: boolean; mustChangePassword?: boolean },
  ): Promise<{ id: string; username: string; phone: string | null }>;
  /** A fresh custom role held by nobody. */
  role(): Promise<{ id: string; code: string; name: string }>;
  roleId(code: string): string;
  /** A fresh user with the caller's own role where the caller holds it, signed in: for calls that end or change a session. */
  clone(caller: Caller): Promise<{ agent: Agent; username: string; password: string }>;
  /** An audit entry filed under `at`; returns its target id. */
  auditMarker(at: PlaceRef): Promise<string>;
  login(username: string, password?: string): Promise<Agent>;
  /** The same session without its CSRF token. */
  withoutCsrf(agent: Agent): Agent;
  /** A street of its own, outside the demo street: what is out of scope for the street's own staff. */
  otherStreet: PlaceRef;
  street: PlaceRef;
}

// ── the table ──────────────────────────────────────────────────────────────────────────────────

const items = (res: Res): unknown[] | null => (Array.isArray(res.body?.items) ? res.body.items : null);

export const FIXTURES: Record<string, Fixture> = {
  ...REGISTRY_FIXTURES,
  ...REGISTRY_FILE_FIXTURES,
  ...GRID_FIXTURES,
  ...NOTICES_FIXTURES,
  ...VOLUNTEERS_FIXTURES,
  ...MEDIATION_FIXTURES,
  ...LEGAL_FIXTURES,
  ...NOTIFY_FIXTURES,
  ...JOBS_FIXTURES,
  ...GOVERNANCE_FIXTURES,
  ...FIRE_FIXTURES,
  'GET /api/health': { build: async () => ({}) },

  // Signing in ends the session the client carried: a clone signs in, never the shared session.
  'POST /api/v1/auth/login': {
    async build(kit, caller) {
      const clone = await kit.clone({ ...caller, mustChangePassword: false });
      return {
        body: { username: clone.username, password: clone.password },
        as: caller.account ? clone.agent : undefined,
      };
    },
    verify: (res, call) =>
      res.body?.user?.username === (call.body as { username: string }).username
        ? null
        : 'wrong user signed in',
  },
  'POST /api/v1/auth/logout': {
    async build(kit, caller) {
      return { as: caller.account ? (await kit.clone(caller)).agent : undefined };
    },
  },
  'GET /api/v1/auth/me': {
    build: async () => ({}),
    verify: (res) => (typeof res.body?.user?.username === 'string' ? null : 'no user in the answer'),
  },
  'POST /api/v1/auth/password': {
    async build(kit, caller) {
      const clone = caller.account ? await kit.clone(caller) : null;
      return {
        body: { currentPassword: clone?.password ?? DEMO_PASSWORD, newPassword: 'Changed-2026-pass' },
        as: clone?.agent,
      };
    },
  },

  'GET /api/v1/org/places': {
    build: async (_kit, _caller, at) => ({ query: { parentId: at.id } }),
    outside: 'not-found',
    verify: (res) => (items(res) ? null : 'no items'),
  },
  'GET /api/v1/org/places/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await kit.place(at)).id } }),
    outside: 'not-found',
  },
  'POST /api/v1/org/places': {
    build: async (kit, _caller, at) => ({
      body: {
        parentId: at.id,
        kind: childKind(at.kind),
        code: kit.uniq('P').toUpperCase(),
        name: '矩阵测试地点',
        sortOrder: 3,
      },
    }),
    outside: 'not-found',
  },
  'PATCH /api/v1/org/places/{id}': {
    build: async (kit, _caller, at) => ({
      params: { id: (await kit.place(at)).id },
      body: { name: '改过的名字', sortOrder: 7 },
    }),
    outside: 'not-found',
  },
  'DELETE /api/v1/org/places/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await kit.place(at)).id } }),
    outside: 'not-found',
  },
  'POST /api/v1/org/places/{id}/move': {
    async build(kit, _caller, at) {
      const target = await kit.place(at);
      const moving = await kit.place(await kit.place(at));
      return { params: { id: moving.id }, body: { parentId: target.id } };
    },
    outside: 'not-found',
  },

  'GET /api/v1/org/users': {
    async build(kit, _caller, at) {
      const username = at.ghost ? kit.uniq('u') : (await kit.user(at)).username;
      return { query: { placeId: at.id, q: username } };
    },
    outside: 'as-absent',
    verify: (res, call) => {
      const list = items(res) as { username: string }[] | null;
      return list?.length === 1 && list[0].username === call.query?.q
        ? null
        : 'the user made for it is not listed';
    },
  },
  'GET /api/v1/org/users/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await kit.user(at)).id } }),
    outside: 'not-found',
  },
  'POST /api/v1/org/users': {
    build: async (kit, _caller, at) => ({
      body: {
        username: kit.uniq('u'),
        displayName: '矩阵新用户',
        phone: nextPhone(),
        password: 'Matrix-2026-pass',
        assignments: [{ roleId: kit.roleId('grid_worker'), placeId: at.id }],
      },
    }),
    outside: 'as-absent',
  },
  'PATCH /api/v1/org/users/{id}': {
    build: async (kit, _caller, at) => ({
      params: { id: (await kit.user(at)).id },
      body: { displayName: '改过的姓名', phone: nextPhone() },
    }),
    outside: 'not-found',
  },
  'POST /api/v1/org/users/{id}/reset-password': {
    build: async (kit, _caller, at) => ({
      params: { id: (await kit.user(at)).id },
      body: { password: 'Reset-2026-pass' },
    }),
    outside: 'not-found',
  },
  'POST /api/v1/org/users/{id}/deactivate': {
    build: async (kit, _caller, at) => ({ params: { id: (await kit.user(at)).id } }),
    outside: 'not-found',
  },
  'POST /api/v1/org/users/{id}/activate': {
    build: async (kit, _caller, at) => ({ params: { id: (await kit.user(at, { active: false })).id } }),
    outside: 'not-found',
  },
  'PUT /api/v1/org/users/{id}/assignments': {
    build: async (kit, _caller, at) => ({
      params: { id: (await kit.user(at)).id },
      body: {
        assignments: [
          { roleId: kit.roleId('grid_worker'), placeId: at.id },
          { roleId: kit.roleId('security_guard'), placeId: at.id },
        ],
      },
    }),
    outside: 'not-found',
  },
  'POST /api/v1/org/users/{id}/reveal': {
    async build(kit, _caller, at) {
      const u = await kit.user(at);
      revealed.set(u.id, u.phone);
      return { params: { id: u.id }, body: { field: 'phone', reason: '核实住户身份' } };
    },
    outside: 'not-found',
    verify: (res, call) =>
      res.body?.value === revealed.get(call.params!.id) ? null : 'revealed a different value',
  },

  'GET /api/v1/org/roles': {
    build: async () => ({}),
    verify: (res) => ((items(res)?.length ?? 0) >= BUILTIN_ROLES.length ? null : 'built-in roles missing'),
  },
  'GET /api/v1/org/permissions': { build: async () => ({}) },
  'POST /api/v1/org/roles': {
    build: async (kit) => {
      const code = kit.uniq('r');
      return { body: { code, name: `角色${code}`, description: '矩阵', permissions: ['org.place.read'] } };
    },
  },
  'PATCH /api/v1/org/roles/{id}': {
    build: async (kit) => {
      const r = await kit.role();
      return {
        params: { id: r.id },
        body: { name: `${r.name}改`, description: '改过', permissions: ['org.place.read'] },
      };
    },
  },
  'DELETE /api/v1/org/roles/{id}': {
    build: async (kit) => ({ params: { id: (await kit.role()).id } }),
  },

  'GET /api/v1/audit/events': {
    // Narrowed to a place (the place switcher) and to an entry filed there for this call.
    build: async (kit, _caller, at) => ({
      query: { placeId: at.id, targetId: await kit.auditMarker(at), pageSize: '200' },
    }),
    outside: 'not-found',
    verify: (res) => (items(res)?.length === 1 ? null : 'the entry filed for it is not listed'),
  },
  'GET /api/v1/audit/verify': {
    build: async () => ({}),
    verify: (res) => (res.body?.ok === true ? null : `chain broken: ${JSON.stringify(res.body)}`),
  },
};

const revealed = new Map<string, string | null>();

let phoneSeq = 0;
/** 199-0001-xxxx: the demo's unassigned range, distinct from the demo accounts' 199-0000-00xx. */
function nextPhone(): string {
  phoneSeq = (phoneSeq + 1) % 10_000;
  return `1990001${String(phoneSeq).padStart(4, '0')}`;
}

function childKind(kind: PlaceKind): PlaceKind {
  // A unit holds nothing; only callers who may not manage places build there, and are refused first.
  return ALLOWED_CHILDREN[kind][0] ?? 'unit';
}

// ── the kit ────────────────────────────────────────────────────────────────────────────────────

/** A client on the test app for sessions made here. */
export function makeAgent(t: TestApp, cookie: string, csrfToken: string): Agent {
  return agentOn(t.app, cookie, csrfToken);
}

export function toRef(p: DemoPlace): PlaceRef {
  return { id: p.id, kind: p.kind, path: p.path, depth: p.depth };
}

export async function createKit(t: TestApp): Promise<Kit> {
  const db = t.database.db;
  const roleRows = await db.select({ id: roles.id, code: roles.code }).from(roles);
  const roleIds = new Map(roleRows.map((r) => [r.code, r.id]));
  // Every fixture user signs in with the demo password; its hash is reused (hashing is the slow part).
  const [{ passwordHash }] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.username, 'admin'));
  const pii = t.app.services.pii;
  let seq = 0;
  let ip = 0;
  const uniq = (prefix: string) => `${prefix}${Date.now().toString(36)}${(seq++).toString(36)}`.toLowerCase();

  async function insertPlace(parent: PlaceRef | null, kind: PlaceKind, name: string): Promise<PlaceRef> {
    const id = randomUUID();
    const row = {
      id,
      parentId: parent?.id ?? null,
      kind,
      code: uniq('F').toUpperCase(),
      name,
      path: `${parent?.path ?? '/'}${id}/`,
      depth: (parent?.depth ?? -1) + 1,
    };
    await db.insert(places).values(row);
    return { id, kind, path: row.path, depth: row.depth };
  }

  const kit: Kit = {
    t,
    uniq,
    street: toRef(t.places.street),
    otherStreet: await insertPlace(null, 'street', '矩阵外街道'),
    place: (under) => insertPlace(under, childKind(under.kind), '矩阵地点'),
    async user(under, opts = {}) {
      const username = uniq('f');
      const phone = opts.phone === undefined ? nextPhone() : opts.phone;
      const [u] = await db
        .insert(users)
        .values({
          username,
          displayName: '矩阵用户',
          phoneEnc: phone ? pii.encrypt(phone) : null,
          phoneIndex: phone ? pii.blindIndex('phone', phone) : null,
          phoneMasked: phone ? maskPhone(phone) : null,
          passwordHash,
          active: opts.active ?? true,
          mustChangePassword: opts.mustChangePassword ?? false,
        })
        .returning({ id: users.id });
      await db
        .insert(userRoles)
        .values({ userId: u.id, roleId: kit.roleId(opts.role ?? 'grid_worker'), placeId: under?.id ?? null });
      return { id: u.id, username, phone };
    },
    async role() {
      const code = uniq('r');
      const [r] = await db
        .insert(roles)
        .values({ code, name: `角色${code}`, permissions: ['org.place.read'], builtin: false })
        .returning({ id: roles.id });
      return { id: r.id, code, name: `角色${code}` };
    },
    roleId(code) {
      const id = roleIds.get(code);
      if (!id) throw new Error(`no role ${code}`);
      return id;
    },
    async clone(caller) {
      const u = await kit.user(caller.account ? caller.root : null, {
        role: caller.account?.role ?? 'resident',
        mustChangePassword: caller.mustChangePassword,
      });
      if (!caller.account) {
        // Anonymous callers only need credentials that work; a resident somewhere will do.
        await db
          .update(userRoles)
          .set({ placeId: t.places.residentUnit.id })
          .where(eq(userRoles.userId, u.id));
      }
      return { agent: await kit.login(u.username), username: u.username, password: DEMO_PASSWORD };
    },
    async auditMarker(at) {
      const targetId = randomUUID();
      await t.app.services.audit.record(systemCtx('矩阵测试'), {
        action: 'test.marker',
        targetType: 'marker',
        targetId,
        placeId: at.id,
        placePath: at.path,
      });
      return targetId;
    },
    async login(username, password = DEMO_PASSWORD) {
      // Each sign-in from its own address: the per-address limit on failed sign-ins, which the
      // fuzzer trips on purpose, must not refuse the fixtures' own.
      ip += 1;
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password },
        remoteAddress: `10.77.${(ip >> 8) & 255}.${ip & 255}`,
      });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const setCookie = res.headers['set-cookie'];
      const raw = Array.isArray(setCookie) ? setCookie[0] : String(setCookie);
      return makeAgent(t, raw.split(';')[0], res.json().csrfToken);
    },
    withoutCsrf: (agent) => makeAgent(t, agent.cookie, ''),
  };
  return kit;
}

// ── the callers ────────────────────────────────────────────────────────────────────────────────

function permissionsOf(roleCode: string): Set<Permission> {
  const role = BUILTIN_ROLES.find((r) => r.code === roleCode);
  if (!role) throw new Error(`no built-in role ${roleCode}`);
  return new Set(role.permissions);
}

/**
 * The nearest place outside the subtree of `root`: a sibling, else a sibling of the nearest ancestor
 * that has one, else another street. Near misses are where a scope predicate goes wrong.
 */
export function nearestOutside(t: TestApp, kit: Kit, root: DemoPlace): PlaceRef {
  let at: DemoPlace | undefined = root;
  while (at) {
    const here: DemoPlace = at;
    const sibling = t.places.all.find((p) => p.parentId === here.parentId && p.id !== here.id);
    if (sibling && here.parentId !== null) return toRef(sibling);
    at = t.places.all.find((p) => p.id === here.parentId);
  }
  return kit.otherStreet;
}

/** A demo account signed in, with what its built-in role allows where. */
export async function signInCaller(t: TestApp, kit: Kit, username: string): Promise<Caller> {
  const account = DEMO_ACCOUNTS.find((a) => a.username === username);
  if (!account) throw new Error(`no demo account ${username}`);
  const root = account.place ? t.places[account.place] : null;
  return {
    name: account.username,
    account,
    agent: await kit.login(account.username),
    permissions: permissionsOf(account.role),
    root: root ? toRef(root) : null,
    outside: root ? nearestOutside(t, kit, root) : null,
    mustChangePassword: false,
  };
}

/** Every demo account (one per built-in role) signed in once, anonymous, and an administrator who must change their password. */
export async function signInCallers(t: TestApp, kit: Kit): Promise<Caller[]> {
  const callers: Caller[] = [];
  for (const account of DEMO_ACCOUNTS) callers.push(await signInCaller(t, kit, account.username));
  callers.push({
    name: 'anonymous',
    account: null,
    agent: makeAgent(t, '', ''),
    permissions: new Set(),
    root: null,
    outside: null,
    mustChangePassword: false,
  });
  const admin = DEMO_ACCOUNTS.find((a) => a.role === 'sysadmin')!;
  const pending = await kit.user(null, { role: admin.role, mustChangePassword: true });
  callers.push({
    name: 'admin-must-change-password',
    account: admin,
    agent: await kit.login(pending.username),
    permissions: permissionsOf(admin.role),
    root: null,
    outside: null,
    mustChangePassword: true,
  });
  return callers;
}
