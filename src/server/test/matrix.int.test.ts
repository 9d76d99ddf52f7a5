import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../db/schema.js';
import type { Access } from '../platform/http/access.js';
import {
  type Call,
  type Caller,
  createKit,
  FIXTURES,
  type Fixture,
  type Kit,
  signInCallers,
} from './fixtures.js';
import type { Agent, Res } from './harness.js';
import { startTestApp } from './harness.js';
import { fillPath, loadOperations, type Operation, queryString } from './openapi.js';
import { personalDataIn } from './pii-scan.js';

/**
 * The authorization matrix: every operation of /api/openapi.json × every built-in role (one demo
 * account each), anonymous, and an administrator who has yet to change their password; in scope and,
 * where the operation is scoped to places, just outside it. The expected answer is derived from the
 * operation's declared `x-access` alone, so a route that declares one thing and does another fails here.
 */

const t = await startTestApp();
const operations = await loadOperations(t.app);
afterAll(() => t.close());

let kit: Kit;
let callers: Caller[];
beforeAll(async () => {
  kit = await createKit(t);
  callers = await signInCallers(t, kit);
});

// Writes first, reads after (so that the reads, the audit trail above all, see what the writes
// made), the whole-chain check last.
const rank = (op: Operation) => (op.key === 'GET /api/v1/audit/verify' ? 2 : op.method === 'GET' ? 1 : 0);
const ordered = [...operations].sort((a, b) => rank(a) - rank(b));

type Expectation = { ok: true } | { ok: false; status: number; code: string };

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What `x-access` promises this caller, for a call inside their scope. */
function expectation(access: Access, caller: Caller): Expectation {
  if ('public' in access) return { ok: true };
  if (!caller.account) return { ok: false, status: 401, code: 'UNAUTHENTICATED' };
  const duringPasswordChange = 'authenticated' in access && access.duringPasswordChange === true;
  if (caller.mustChangePassword && !duringPasswordChange) {
    return { ok: false, status: 403, code: 'PASSWORD_CHANGE_REQUIRED' };
  }
  if ('authenticated' in access) return { ok: true };
  if (!caller.permissions.has(access.permission)) return { ok: false, status: 403, code: 'FORBIDDEN' };
  return { ok: true };
}

async function send(op: Operation, agent: Agent, call: Call): Promise<Res> {
  const url = fillPath(op.path, call.params) + queryString(call.query);
  if (call.raw)
    return (call.as ?? agent).request(op.method, url, call.raw.payload, { 'content-type': call.raw.type });
  return (call.as ?? agent).request(op.method, url, call.body);
}

const is2xx = (res: Res) => res.status >= 200 && res.status < 300;

function describeRes(res: Res): string {
  const code = res.body?.error?.code;
  const text = JSON.stringify(res.body) ?? '';
  return `${res.status}${code ? ` ${code}` : ''} ${text.length > 160 ? `${text.slice(0, 160)}…` : text}`;
}

/** Problems with one answer that hold whatever was expected: error shape, personal data. */
function generalProblems(access: Access, res: Res): string[] {
  const problems: string[] = [];
  if (!is2xx(res)) {
    const e = res.body?.error;
    if (typeof e?.code !== 'string' || typeof e?.message !== 'string' || typeof e?.requestId !== 'string') {
      problems.push(`error not in the error shape: ${describeRes(res)}`);
    }
  } else if (!('permission' in access && access.permission === 'pii.reveal')) {
    // Only the reveal call itself (which requires pii.reveal over the record) may show a full value.
    const leak = personalDataIn(res.body);
    if (leak) problems.push(`unmasked personal data in the answer: ${leak}`);
  }
  if (res.status >= 500) problems.push(`server error ${describeRes(res)}`);
  return problems;
}

function matches(exp: Expectation, res: Res, fixture: Fixture, call: Call): string | null {
  const domain = fixture.domainRefusal;
  if (exp.ok && domain) {
    if ([401, 403, 404].includes(domain.status)) return `domainRefusal may not be ${domain.status}`;
    if (res.status === domain.status && res.body?.error?.code === domain.code) return null;
    return `expected the documented ${domain.status} ${domain.code}, got ${describeRes(res)}`;
  }
  if (exp.ok) {
    if (!is2xx(res)) return `expected 2xx, got ${describeRes(res)}`;
    return fixture.verify?.(res, call) ?? null;
  }
  if (res.status !== exp.status || res.body?.error?.code !== exp.code) {
    return `expected ${exp.status} ${exp.code}, got ${describeRes(res)}`;
  }
  return null;
}

interface Entry {
  seq: number;
  action: string;
  placeId: string | null;
}

async function allAuditEntries(agent: Agent): Promise<Entry[]> {
  const out: Entry[] = [];
  for (let page = 1; ; page++) {
    const res = await agent.get(`/api/v1/audit/events?pageSize=200&page=${page}`);
    expect(res.status).toBe(200);
    out.push(...res.body.items);
    if (res.body.items.length < 200) return out;
  }
}

let calls = 0;
const tally = { operations: 0, callers: 0, inside: 0, outside: 0, csrf: 0 };

describe('authorization matrix (from x-access in /api/openapi.json)', () => {
  it('every operation declares x-access and has a fixture; every fixture has an operation', () => {
    const missing = operations.flatMap((op) => [
      ...(op.access
        ? []
        : [`${op.key}: declares no valid x-access — give the route config.access (platform/http/access.ts)`]),
      ...(FIXTURES[op.key]
        ? []
        : [`${op.key}: no fixture — add one to FIXTURES in src/server/test/fixtures.ts`]),
    ]);
    const keys = new Set(operations.map((op) => op.key));
    const stale = Object.keys(FIXTURES)
      .filter((k) => !keys.has(k))
      .map((k) => `${k}: fixture for an operation the document no longer has — rename or remove it`);
    expect([...missing, ...stale]).toEqual([]);
    expect(operations.length).toBeGreaterThan(20);
  });

  for (const op of ordered) {
    it(op.key, async () => {
      const access = op.access;
      const fixture = FIXTURES[op.key];
      if (!access) expect.fail(`${op.key} declares no x-access: give the route config.access`);
      if (!fixture)
        expect.fail(`${op.key} has no fixture: add one to FIXTURES in src/server/test/fixtures.ts`);
      if ('permission' in access && access.scoped && op.params && !fixture.outside) {
        expect.fail(
          `${op.key} acts on a record in a scope: its fixture must say how it answers out of scope`,
        );
      }
      const problems: string[] = [];
      const note = (who: string, what: string, list: string[]) => {
        for (const p of list) problems.push(`${who} ${what}: ${p}`);
      };

      for (const caller of callers) {
        const exp = expectation(access, caller);
        const inside = await fixture.build(kit, caller, caller.root ?? kit.street);
        const res = await send(op, caller.agent, inside);
        tally.inside += 1;
        note(caller.name, 'in scope', generalProblems(access, res));
        const wrong = matches(exp, res, fixture, inside);
        if (wrong) problems.push(`${caller.name} in scope: ${wrong}`);

        // Out of scope: only where the caller is allowed the operation at all and does not see everywhere.
        if (!exp.ok || !caller.outside || !fixture.outside || !('permission' in access) || !access.scoped)
          continue;
        const outside = await fixture.build(kit, caller, caller.outside);
        const out = await send(op, caller.agent, outside);
        tally.outside += 1;
        note(caller.name, 'out of scope', generalProblems(access, out));
        if (fixture.outside === 'not-found') {
          if (out.status !== 404 || out.body?.error?.code !== 'NOT_FOUND') {
            problems.push(`${caller.name} out of scope: expected 404 NOT_FOUND, got ${describeRes(out)}`);
          }
        } else {
          const ghost = { id: randomUUID(), kind: caller.outside.kind, path: '/', depth: 0, ghost: true };
          const absent = await send(op, caller.agent, await fixture.build(kit, caller, ghost));
          note(caller.name, 'absent', generalProblems(access, absent));
          const same =
            out.status === absent.status &&
            out.body?.error?.code === absent.body?.error?.code &&
            (!is2xx(out) || JSON.stringify(out.body) === JSON.stringify(absent.body));
          if (!same || [401, 403].includes(out.status)) {
            problems.push(
              `${caller.name} out of scope: must answer as for an id that does not exist (${describeRes(absent)}), got ${describeRes(out)}`,
            );
          }
        }
      }

      // The session cookie alone must not be enough to change anything.
      if (!SAFE.has(op.method) && !('public' in access)) {
        const admin = callers.find((c) => c.name === 'admin')!;
        const call = await fixture.build(kit, admin, kit.street);
        const res = await send(op, kit.withoutCsrf(call.as ?? admin.agent), { ...call, as: undefined });
        tally.csrf += 1;
        if (res.status !== 403 || res.body?.error?.code !== 'CSRF_INVALID') {
          problems.push(`admin without the CSRF token: expected 403 CSRF_INVALID, got ${describeRes(res)}`);
        }
      }

      calls += callers.length;
      tally.operations += 1;
      tally.callers = callers.length;
      expect(problems).toEqual([]);
    });
  }

  it('the audit trail shows no full phone or ID number', async () => {
    // Reveals of its own (the matrix, when it ran first, made more), so the trail is not trivially clean.
    const admin = callers.find((c) => c.name === 'admin')!.agent;
    for (const caller of callers.filter((c) => c.permissions.has('pii.reveal') && !c.mustChangePassword)) {
      const u = await kit.user(caller.root ?? kit.street);
      await caller.agent.post(`/api/v1/org/users/${u.id}/reveal`, { field: 'phone', reason: '核实住户身份' });
    }
    const entries = await allAuditEntries(admin);
    expect(personalDataIn(entries)).toBeNull();
    expect(entries.filter((e) => e.action === 'pii.reveal').length).toBeGreaterThan(0);
  });

  it('a caller with audit.read over part of the tree lists no entry filed outside it', async () => {
    const scoped = callers.filter((c) => c.permissions.has('audit.read') && c.root && !c.mustChangePassword);
    expect(scoped.length).toBeGreaterThan(0);
    // Entries inside and just outside each such scope (besides all the matrix wrote, when it ran first).
    for (const c of scoped) {
      await kit.auditMarker(c.root!);
      await kit.auditMarker(c.outside!);
    }
    // Where each entry was filed (the API does not show the path; deleted places are gone from `places`).
    const filed = new Map(
      (await t.database.db.select({ seq: auditLog.seq, path: auditLog.placePath }).from(auditLog)).map(
        (r) => [r.seq, r.path],
      ),
    );
    const within = (seq: number, root: string) => filed.get(seq)?.startsWith(root) ?? false;
    const all = await allAuditEntries(callers.find((c) => c.name === 'admin')!.agent);
    for (const caller of scoped) {
      const root = caller.root!.path;
      const entries = await allAuditEntries(caller.agent);
      const leaked = entries.filter((e) => !within(e.seq, root));
      expect(
        leaked.map((e) => `${caller.name} sees #${e.seq} ${e.action} filed at ${filed.get(e.seq)}`),
      ).toEqual([]);
      // The matrix filed entries outside this caller's scope, and inside it: the filter had work to do.
      expect(all.some((e) => !within(e.seq, root))).toBe(true);
      expect(entries.length).toBe(all.filter((e) => within(e.seq, root)).length);
    }
  });

  afterAll(() => {
    if (tally.operations) {
      console.info(
        `authorization matrix: ${tally.operations} operations × ${tally.callers} callers = ${calls} cells; ` +
          `${tally.inside} in-scope, ${tally.outside} out-of-scope, ${tally.csrf} without CSRF token`,
      );
    }
  });
});
