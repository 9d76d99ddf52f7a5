import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Call, type Caller, createKit, FIXTURES, type Kit, signInCaller } from './fixtures.js';
import type { Agent, Res } from './harness.js';
import { startTestApp } from './harness.js';
import {
  deepJson,
  fitTo,
  HOSTILE_FAMILIES,
  hostileFor,
  hostileString,
  invalidFor,
  isFreeText,
  nested,
} from './hostile.js';
import {
  fillPath,
  type JsonSchema,
  loadOperations,
  type Operation,
  pathParamNames,
  queryString,
} from './openapi.js';

/**
 * Input fuzzing from the OpenAPI document. For every operation that takes input, as the
 * administrator (so that no permission check hides a validation gap), starting from the valid call
 * of the matrix fixtures:
 * - "refuses": each request carries at least one value its schema forbids (wrong type, missing or
 *   extra field, out-of-range number, over-long text, impossible date, malformed JSON, …) among other
 *   hostile values. It must be refused with a 4xx in the error shape and leave the database as it was.
 * - "withstands": hostile text and numbers (SQL, markup, control characters, mixed scripts, 100k
 *   characters, …) wherever free text or a number goes. Any answer but a 5xx; a refusal in the error
 *   shape that changed nothing.
 *
 * Runs per operation and mode: ANJU_FUZZ_RUNS (15 by default; `npm run fuzz` runs 300).
 */

const RUNS = Math.max(1, Number(process.env.ANJU_FUZZ_RUNS ?? 15));
// Random unless given: a failure prints the seed that replays it (ANJU_FUZZ_SEED=…).
const SEED = process.env.ANJU_FUZZ_SEED
  ? Number(process.env.ANJU_FUZZ_SEED)
  : Date.now() ^ (Math.random() * 2 ** 31);
const TIMEOUT = 30_000 + RUNS * 400;

// A refused sign-in is recorded on purpose (it counts towards the lockout): the one refusal that
// legitimately changes the database.
const RECORDS_REFUSALS: Record<string, string> = {
  'POST /api/v1/auth/login': 'failed sign-ins are counted for the lockout',
};

const t = await startTestApp();
const operations = await loadOperations(t.app);
afterAll(() => t.close());

let kit: Kit;
let admin: Caller;
let auditBefore = 0;
beforeAll(async () => {
  kit = await createKit(t);
  admin = await signInCaller(t, kit, 'admin');
  auditBefore = await auditCount();
});

// ── requests ───────────────────────────────────────────────────────────────────────────────────

type Key = string | number;
interface Req {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  /** Sent as is, instead of `body` as JSON. */
  raw?: { payload: string | Buffer; type: string };
  why: string[];
}

interface Slot {
  /** ['body', 'assignments', 0, 'roleId'], ['query', 'q'], ['params', 'id']. */
  path: Key[];
  schema: JsonSchema;
  required: boolean;
}

/** A copy deep enough to edit any field; deeper (the deeply nested hostile values) is shared, never edited. */
function copy<T>(v: T, depth = 8): T {
  if (depth === 0 || !v || typeof v !== 'object' || Buffer.isBuffer(v)) return v;
  if (Array.isArray(v)) return v.map((x) => copy(x, depth - 1)) as T;
  const out = {} as Record<string, unknown>;
  for (const [k, x] of Object.entries(v)) {
    Object.defineProperty(out, k, {
      value: copy(x, depth - 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out as T;
}

const clone = (r: Req): Req => ({ ...copy(r), why: [...r.why] });

function getAt(root: unknown, path: Key[]): unknown {
  let v = root as Record<Key, unknown> | undefined;
  for (const k of path) v = v && typeof v === 'object' ? (v[k] as Record<Key, unknown>) : undefined;
  return v;
}

function setAt(r: Req, path: Key[], value: unknown, remove = false) {
  let parent = r as unknown as Record<Key, unknown>;
  for (const k of path.slice(0, -1)) {
    if (!parent[k] || typeof parent[k] !== 'object') parent[k] = {};
    parent = parent[k] as Record<Key, unknown>;
  }
  const last = path[path.length - 1];
  if (remove) delete parent[last];
  // Own property even for '__proto__', as a JSON parser would make it.
  else Object.defineProperty(parent, last, { value, enumerable: true, writable: true, configurable: true });
}

const overlaps = (a: Key[], b: Key[]) => {
  const n = Math.min(a.length, b.length);
  return a.slice(0, n).every((k, i) => k === b[i]);
};

/** Every field of a body (objects, and the items present in arrays) with its schema. */
function bodySlots(schema: JsonSchema, value: unknown, path: Key[], out: Slot[]): Slot[] {
  if (schema.type === 'object' && schema.properties) {
    for (const [name, sub] of Object.entries(schema.properties)) {
      const p = [...path, name];
      out.push({ path: p, schema: sub, required: schema.required?.includes(name) ?? false });
      const v = (value as Record<string, unknown> | undefined)?.[name];
      if (sub.type === 'object') bodySlots(sub, v, p, out);
      if (sub.type === 'array' && sub.items && Array.isArray(v)) {
        v.slice(0, 2).forEach((item, i) => {
          bodySlots(sub.items!, item, [...p, i], out);
        });
      }
    }
  }
  return out;
}

function slotsOf(op: Operation, seed: Req) {
  const params: Slot[] = Object.entries(op.params?.properties ?? {}).map(([name, schema]) => ({
    path: ['params', name],
    schema,
    required: true,
  }));
  const query: Slot[] = Object.entries(op.query?.properties ?? {}).map(([name, schema]) => ({
    path: ['query', name],
    schema,
    required: op.query?.required?.includes(name) ?? false,
  }));
  const body = op.body ? bodySlots(op.body, seed.body, ['body'], []) : [];
  return { params, query, body };
}

const EXTRA_KEYS = [
  'isAdmin',
  'id',
  'createdAt',
  'passwordHash',
  'permissions_',
  '__proto__',
  'constructor',
  '$where',
];

/** Ways to break a request for sure, one arbitrary per place it can be broken. */
function violations(op: Operation, seed: Req): fc.Arbitrary<{ path: Key[]; apply: (r: Req) => void }>[] {
  const { params, query, body } = slotsOf(op, seed);
  const out: fc.Arbitrary<{ path: Key[]; apply: (r: Req) => void }>[] = [];
  const replace = (slot: Slot, where: 'path' | 'query' | 'json') => {
    for (const inv of invalidFor(slot.schema, where)) {
      out.push(
        inv.map((b) => ({
          path: slot.path,
          apply: (r: Req) => {
            setAt(r, slot.path, where === 'path' ? String(b.value) : b.value);
            r.why.push(`${slot.path.join('.')}: ${b.why}`);
          },
        })),
      );
    }
  };
  for (const s of params) replace(s, 'path');
  for (const s of query) replace(s, 'query');
  for (const s of query.filter((q) => q.required)) {
    out.push(
      fc.constant({
        path: s.path,
        apply: (r: Req) => {
          setAt(r, s.path, undefined, true);
          r.why.push(`${s.path.join('.')}: missing`);
        },
      }),
    );
  }
  if (!op.body) return out;

  for (const s of body) {
    replace(s, 'json');
    if (s.required && getAt(seed, s.path) !== undefined) {
      out.push(
        fc.constant({
          path: s.path,
          apply: (r: Req) => {
            setAt(r, s.path, undefined, true);
            r.why.push(`${s.path.join('.')}: missing`);
          },
        }),
      );
    }
  }
  // Unknown keys wherever an object is closed.
  const closed: { path: Key[]; schema: JsonSchema }[] = [{ path: ['body'], schema: op.body }];
  for (const s of body) if (s.schema.type === 'object') closed.push(s);
  for (const s of body) {
    if (s.schema.type === 'array' && s.schema.items?.type === 'object') {
      const items = getAt(seed, s.path);
      if (!Array.isArray(items)) continue;
      for (let i = 0; i < Math.min(2, items.length); i++)
        closed.push({ path: [...s.path, i], schema: s.schema.items! });
    }
  }
  for (const c of closed) {
    if (c.schema.additionalProperties !== false || getAt(seed, c.path) === undefined) continue;
    const known = new Set(Object.keys(c.schema.properties ?? {}));
    out.push(
      fc
        .tuple(
          fc.oneof(fc.constantFrom(...EXTRA_KEYS), hostileString),
          fc.oneof(hostileString, fc.constant(true)),
        )
        .filter(([k]) => !known.has(k))
        .map(([k, v]) => ({
          path: [...c.path, k],
          apply: (r: Req) => {
            setAt(r, [...c.path, k], v);
            r.why.push(`${c.path.join('.')}: extra field ${JSON.stringify(k.slice(0, 40))}`);
          },
        })),
    );
  }
  // The body as a whole: not an object, not JSON, not JSON at all, too big.
  if (op.body.type === 'object') {
    // One arbitrary each, so that every one is among the examples sent on every run.
    for (const v of [null, [], 'x', 0, true, [seed.body], nested(1_000, 'array'), nested(1_000, 'object')]) {
      out.push(
        fc.constant({
          path: ['body'],
          apply: (r: Req) => {
            r.body = v;
            r.why.push(`body: not an object (${JSON.stringify(v)?.slice(0, 30)})`);
          },
        }),
      );
    }
    if (op.bodyRequired) {
      out.push(
        fc.constant({
          path: ['body'],
          apply: (r: Req) => {
            r.body = undefined;
            r.why.push('body: none');
          },
        }),
      );
    }
  }
  const seedJson = JSON.stringify(seed.body ?? {});
  // The seed with one more member, as text.
  const plus = (member: string) =>
    seedJson === '{}' ? `{${member}}` : `${seedJson.slice(0, -1)},${member}}`;
  const fieldNames = Object.keys(op.body.properties ?? {});
  if (fieldNames.length) {
    out.push(
      fc
        .tuple(
          fc.constantFrom(...fieldNames),
          fc.constantFrom(100_000, 20_000),
          fc.constantFrom('array' as const, 'object' as const),
        )
        .map(([field, depth, kind]) => ({
          path: ['body', field],
          apply: (r: Req) => {
            // A repeated key: the parser keeps the last one, the deeply nested value.
            r.raw = {
              payload: plus(`${JSON.stringify(field)}:${deepJson(depth, kind)}`),
              type: 'application/json',
            };
            r.why.push(`body.${field}: ${kind} nested ${depth} deep`);
          },
        })),
    );
  }
  const raws: { payload: string; type: string }[] = [
    { payload: '{"name":', type: 'application/json' },
    { payload: 'not json', type: 'application/json' },
    { payload: '', type: 'application/json' },
    { payload: `${seedJson}garbage`, type: 'application/json' },
    { payload: '['.repeat(10_000), type: 'application/json' },
    { payload: deepJson(100_000, 'array'), type: 'application/json' },
    { payload: plus('"__proto__":{"isAdmin":true}'), type: 'application/json' },
    { payload: plus('"constructor":{"prototype":{"isAdmin":true}}'), type: 'application/json' },
    {
      payload: JSON.stringify({ ...(seed.body as object), filler: 'x'.repeat(1_100_000) }),
      type: 'application/json',
    },
    { payload: 'hello', type: 'text/plain' },
    { payload: '<a>1</a>', type: 'application/xml' },
    { payload: 'name=x&code=y', type: 'application/x-www-form-urlencoded' },
    {
      payload:
        '--b\r\nContent-Disposition: form-data; name="file"; filename="../../etc/passwd"\r\n\r\nx\r\n--b--',
      type: 'multipart/form-data; boundary=b',
    },
  ];
  for (const raw of raws) {
    out.push(
      fc.constant({
        path: ['body'],
        apply: (r: Req) => {
          r.raw = raw;
          r.why.push(`body: raw ${raw.type} ${raw.payload.slice(0, 30)}`);
        },
      }),
    );
  }
  return out;
}

/** Free text and numbers of the request (present or not): where hostile values go. */
function hostileSlots(op: Operation, seed: Req): Slot[] {
  const { query, body } = slotsOf(op, seed);
  return [...query, ...body].filter(
    (s) => isFreeText(s.schema) || s.schema.type === 'integer' || s.schema.type === 'number',
  );
}

function withNoise(slots: Slot[], arb: fc.Arbitrary<Req>): fc.Arbitrary<Req> {
  if (slots.length === 0) return arb;
  return fc
    .tuple(arb, fc.array(fc.tuple(fc.nat(), fc.oneof(hostileString, fc.integer())), { maxLength: 2 }))
    .map(([req, noise]) => {
      const r = clone(req);
      for (const [i, v] of noise) {
        const slot = slots[i % slots.length];
        // Never over a field already broken (noise must not mend it), nor into a body that is not an object.
        if (r.why.some((w) => overlaps(w.split(':')[0].split('.'), slot.path.map(String)))) continue;
        if (slot.path[0] === 'body' && (r.raw || !r.body || typeof r.body !== 'object')) continue;
        const value = slot.path[0] === 'query' ? String(v) : v;
        setAt(r, slot.path, value);
        r.why.push(`${slot.path.join('.')}: noise`);
      }
      return r;
    });
}

/**
 * Requests each broken in at least one place, with hostile noise elsewhere; and, as examples run on
 * every run besides the random ones, one request for every way of breaking every place.
 */
function invalidRequests(op: Operation, seed: Req): { arb: fc.Arbitrary<Req>; examples: Req[] } | null {
  const list = violations(op, seed);
  if (list.length === 0) return null;
  const broken = (v: fc.Arbitrary<{ apply: (r: Req) => void }>) =>
    v.map((x) => {
      const r = clone(seed);
      x.apply(r);
      return r;
    });
  return {
    arb: withNoise(hostileSlots(op, seed), fc.oneof(...list.map(broken))),
    examples: list.map((v) => fc.sample(broken(v), { numRuns: 1, seed: SEED })[0]),
  };
}

function hostileRequests(op: Operation, seed: Req): fc.Arbitrary<Req> | null {
  const slots = hostileSlots(op, seed);
  if (slots.length === 0) return null;
  // Mostly on free text, and mostly values that fit, so that hostile text reaches the service and
  // the database rather than stopping at validation.
  const change = fc.oneof(
    ...slots.map((slot) => ({
      weight: isFreeText(slot.schema) ? 3 : 1,
      arbitrary: hostileFor(slot.schema, slot.path[0] === 'query' ? 'query' : 'json')!.map((value) => ({
        slot,
        value,
      })),
    })),
  );
  return fc
    .tuple(
      fc.array(change, { minLength: 1, maxLength: 3 }),
      // Now and then an unknown parameter (refused: the query schemas are strict).
      op.query
        ? fc.oneof(
            { weight: 9, arbitrary: fc.constant(null) },
            { weight: 1, arbitrary: fc.tuple(hostileString, hostileString) },
          )
        : fc.constant(null),
    )
    .map(([changes, extra]) => {
      const r = clone(seed);
      for (const { slot, value } of changes) {
        setAt(r, slot.path, value);
        r.why.push(`${slot.path.join('.')}: hostile`);
      }
      if (extra?.[0]) {
        r.query[extra[0].slice(0, 200)] = extra[1];
        r.why.push('query: unknown parameter');
      }
      return r;
    });
}

/** Every free-text field with one value of every hostile family, cut to fit: run on every run. */
function hostileExamples(op: Operation, seed: Req): Req[] {
  const out: Req[] = [];
  const rnd = fc.sample(fc.nat(), { numRuns: 1, seed: SEED })[0];
  for (const slot of hostileSlots(op, seed).filter((x) => isFreeText(x.schema))) {
    for (const [family, values] of Object.entries(HOSTILE_FAMILIES)) {
      const r = clone(seed);
      setAt(r, slot.path, fitTo(values[rnd % values.length], slot.schema));
      r.why.push(`${slot.path.join('.')}: ${family}`);
      out.push(r);
    }
  }
  return out;
}

function seedRequest(op: Operation, call: Call): Req {
  const params: Record<string, string> = {};
  for (const name of pathParamNames(op.path)) params[name] = call.params?.[name] ?? randomUUID();
  return { params, query: { ...(call.query ?? {}) }, body: call.body, raw: call.raw, why: [] };
}

async function send(op: Operation, agent: Agent, req: Req): Promise<Res> {
  const url = fillPath(op.path, req.params) + queryString(req.query);
  if (req.raw) return agent.request(op.method, url, req.raw.payload, { 'content-type': req.raw.type });
  if (req.body === undefined) return agent.request(op.method, url);
  return agent.request(op.method, url, JSON.stringify(req.body), { 'content-type': 'application/json' });
}

// ── checks ─────────────────────────────────────────────────────────────────────────────────────

const is2xx = (res: Res) => res.status >= 200 && res.status < 300;

function describeRes(res: Res): string {
  const text = typeof res.body === 'string' ? res.body : (JSON.stringify(res.body) ?? '');
  return `${res.status} ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`;
}

/** What is wrong with any answer: a server error, or a refusal not in the error shape. */
function answerProblem(res: Res): string | null {
  if (res.status >= 500) return `server error: ${describeRes(res)}`;
  if (is2xx(res)) return null;
  const e = res.body?.error;
  if (
    typeof e?.code !== 'string' ||
    typeof e?.message !== 'string' ||
    !e.message ||
    typeof e?.requestId !== 'string' ||
    e.requestId !== res.headers['x-request-id'] ||
    (e.fields !== undefined &&
      (typeof e.fields !== 'object' || Object.values(e.fields).some((v) => typeof v !== 'string'))) ||
    Object.keys(res.body).length !== 1
  ) {
    return `refusal not in the error shape: ${describeRes(res)}`;
  }
  return null;
}

type Fingerprint = Record<string, string | number>;

/** The rows of a raw query (the result type is driver-specific; both drivers give `rows`). */
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** Row counts of every table, the audit tail, and a digest of the organisation tables' rows. */
async function fingerprint(): Promise<Fingerprint> {
  const db = t.database.db;
  const tables = rowsOf<{ name: string }>(
    await db.execute(
      sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    ),
  );
  const counts = sql.join(
    tables.map(
      (x) =>
        sql`(select count(*)::int from ${sql.identifier(x.name)}) as ${sql.identifier(`rows:${x.name}`)}`,
    ),
    sql`, `,
  );
  const digests = sql.join(
    ['places', 'users', 'roles', 'user_roles'].map(
      (name) =>
        sql`(select md5(coalesce(string_agg(r::text, '|' order by r.id), '')) from ${sql.identifier(name)} r) as ${sql.identifier(`md5:${name}`)}`,
    ),
    sql`, `,
  );
  const [row] = rowsOf<Fingerprint>(
    await db.execute(
      sql`select ${counts}, ${digests}, (select coalesce(max(seq), 0)::int from audit_log) as "audit:max_seq"`,
    ),
  );
  return row;
}

function fingerprintDiff(a: Fingerprint, b: Fingerprint): string {
  return Object.keys({ ...a, ...b })
    .filter((k) => a[k] !== b[k])
    .map((k) => `${k} ${a[k]} → ${b[k]}`)
    .join(', ');
}

async function auditCount(): Promise<number> {
  const [{ n }] = rowsOf<{ n: number }>(
    await t.database.db.execute(sql`select count(*)::int as n from audit_log`),
  );
  return n;
}

/** The request as a readable report: long strings cut, deep nesting elided. */
function shorten(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return v.length > 80 ? `${v.slice(0, 80)}…(${v.length} chars)` : v;
  if (!v || typeof v !== 'object') return v;
  if (depth > 6) return '(nested deeper)';
  if (Array.isArray(v)) {
    const head = v.slice(0, 5).map((x) => shorten(x, depth + 1));
    return v.length > 5 ? [...head, `…(${v.length} items)`] : head;
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shorten(x, depth + 1)]));
}

/**
 * Every example (one per way of breaking each place) is sent and every failure kept, so that one bug
 * does not hide the others; then RUNS random requests, stopping at the first failure.
 */
async function runProperty(
  arb: fc.Arbitrary<Req>,
  check: (req: Req) => Promise<void>,
  examples: Req[] = [],
): Promise<void> {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const req of examples) {
    try {
      await check(req);
    } catch (e) {
      const message = (e as Error).message;
      // One line per distinct failure: the same refusal from several places says nothing new.
      const key = message
        .replace(/\n[\s\S]*/, '')
        .replace(/"requestId":"[^"]+"/, '')
        .slice(0, 120);
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push(message);
    }
  }
  const details = await fc.check(fc.asyncProperty(arb, check), {
    numRuns: RUNS,
    seed: SEED,
    // No shrinking: each step is a request, the values are 100k characters, and `why` already names
    // what was broken.
    endOnFailure: true,
  });
  if (details.failed) {
    const [req] = details.counterexample ?? [];
    const err = details.errorInstance as Error | undefined;
    problems.push(
      `${err?.message ?? 'failed'}\n  request: ${JSON.stringify(shorten(req), null, 1)}\n  (ANJU_FUZZ_SEED=${details.seed} replays it)`,
    );
  }
  if (problems.length) expect.fail(`${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
}

let requests = 0;

describe(`input fuzzing from /api/openapi.json (${RUNS} runs per operation and mode)`, () => {
  const fuzzable = operations.filter((op) => op.params || op.query || op.body);

  it('finds operations to fuzz', () => {
    expect(fuzzable.length).toBeGreaterThan(10);
  });

  for (const op of fuzzable) {
    it(
      `${op.key} refuses invalid input and changes nothing`,
      async () => {
        const call = FIXTURES[op.key] ? await FIXTURES[op.key].build(kit, admin, kit.street) : {};
        const agent = call.as ?? admin.agent;
        const seed = seedRequest(op, call);
        const gen = invalidRequests(op, seed);
        if (!gen) expect.fail(`${op.key}: its schema refuses nothing the fuzzer can express`);
        const before = await fingerprint();
        await runProperty(
          gen.arb,
          async (req) => {
            requests += 1;
            const res = await send(op, agent, req);
            const problem = answerProblem(res);
            if (problem) throw new Error(`${problem}\n  broken: ${req.why.join('; ')}`);
            if (res.status < 400 || res.status >= 500 || res.status === 401 || res.status === 403) {
              throw new Error(
                `expected a refusal (4xx), got ${describeRes(res)}\n  broken: ${req.why.join('; ')}`,
              );
            }
          },
          gen.examples,
        );
        const after = await fingerprint();
        expect(fingerprintDiff(before, after), 'refused requests changed the database').toBe('');
      },
      TIMEOUT,
    );

    if (hostileSlots(op, { params: {}, query: {}, body: undefined, why: [] }).length === 0) continue;
    it(
      `${op.key} withstands hostile input`,
      async () => {
        const call = FIXTURES[op.key] ? await FIXTURES[op.key].build(kit, admin, kit.street) : {};
        const agent = call.as ?? admin.agent;
        const seed = seedRequest(op, call);
        const arb = hostileRequests(op, seed);
        if (!arb) return;
        const writes = op.method !== 'GET';
        let baseline = await fingerprint();
        await runProperty(
          arb,
          async (req) => {
            requests += 1;
            const res = await send(op, agent, req);
            const problem = answerProblem(res);
            if (problem) throw new Error(`${problem}\n  hostile: ${req.why.join('; ')}`);
            if (!writes) return;
            const now = await fingerprint();
            const changed = fingerprintDiff(baseline, now);
            baseline = now;
            if (changed && !is2xx(res) && !RECORDS_REFUSALS[op.key]) {
              throw new Error(
                `refused with ${describeRes(res)} yet the database changed: ${changed}\n  hostile: ${req.why.join('; ')}`,
              );
            }
          },
          hostileExamples(op, seed),
        );
        if (!writes)
          expect(fingerprintDiff(baseline, await fingerprint()), 'a read changed the database').toBe('');
      },
      TIMEOUT,
    );
  }

  it('the audit chain verifies after the fuzz run', async () => {
    // Whatever ran before, the chain holds at least one entry of hostile text written here (on a
    // full run, also every hostile but valid write above).
    const place = await kit.place(kit.street);
    const name = `'; drop table users; --<img src=x onerror=alert(1)>\u202e锦🏠`;
    const renamed = await admin.agent.patch(`/api/v1/org/places/${place.id}`, { name });
    expect(renamed.status).toBe(200);
    const total = await auditCount();
    expect(total).toBeGreaterThan(auditBefore);
    const res = await admin.agent.get('/api/v1/audit/verify');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, checked: total, broken: null });
    console.info(
      `input fuzzing: ${requests} requests over ${fuzzable.length} operations, ${RUNS} runs each mode`,
    );
  });
});
