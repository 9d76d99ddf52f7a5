import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, ilike, like, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/index.js';
import { escapeLike } from '../../db/sql.js';
import type { Clock } from '../clock.js';
import type { Ctx } from '../context.js';
import { auditLog } from './schema.js';

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string;
  placeId?: string | null;
  placePath?: string | null;
  before?: unknown;
  after?: unknown;
}

// Serialises appends across every connection and node, so the chain has exactly one tail.
const AUDIT_CHAIN_LOCK = 7_262_027;
const GENESIS = '0'.repeat(64);

/** JSON with sorted keys: jsonb does not keep key order, the hash must not depend on it. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What jsonb will give back: plain JSON values, no undefined, no Dates, no NUL characters. */
function toStoredJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(JSON.stringify(value).replace(/\\u0000/g, ''));
}

interface HashedFields {
  seq: number;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  placeId: string | null;
  placePath: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export function rowHash(prevHash: string, r: HashedFields): string {
  const body = canonicalJson({ ...r, at: r.at.toISOString(), prevHash });
  return createHash('sha256').update(body).digest('hex');
}

export function createAuditService({ db, clock }: { db: Db; clock: Clock }) {
  return {
    /** Appends one entry. Call it inside the transaction of the write it describes. */
    async record(ctx: Ctx, entry: AuditEntry): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
        const [last] = await tx
          .select({ seq: auditLog.seq, hash: auditLog.hash })
          .from(auditLog)
          .orderBy(desc(auditLog.seq))
          .limit(1);
        const fields: HashedFields = {
          seq: (last?.seq ?? 0) + 1,
          at: clock.now(),
          actorId: ctx.actor?.userId ?? null,
          actorName: ctx.actor
            ? `${ctx.actor.displayName}（${ctx.actor.username}）`
            : (ctx.actorLabel ?? null),
          action: entry.action,
          targetType: entry.targetType ?? null,
          targetId: entry.targetId ?? null,
          placeId: entry.placeId ?? null,
          placePath: entry.placePath ?? null,
          before: toStoredJson(entry.before),
          after: toStoredJson(entry.after),
          ip: ctx.ip ?? null,
          userAgent: ctx.userAgent?.slice(0, 500) ?? null,
          requestId: ctx.requestId ?? null,
        };
        const prevHash = last?.hash ?? GENESIS;
        await tx.insert(auditLog).values({ ...fields, prevHash, hash: rowHash(prevHash, fields) });
      });
    },

    async list(
      scope: SQL,
      q: {
        actor?: string;
        action?: string;
        targetType?: string;
        targetId?: string;
        /** The path of the place to narrow to (resolved by the caller). */
        placePath?: string;
        from?: string;
        to?: string;
        page: number;
        pageSize: number;
      },
    ) {
      const filters: SQL[] = [scope];
      if (q.actor) filters.push(ilike(auditLog.actorName, `%${escapeLike(q.actor)}%`));
      if (q.action) filters.push(ilike(auditLog.action, `${escapeLike(q.action)}%`));
      if (q.targetType) filters.push(eq(auditLog.targetType, q.targetType));
      if (q.targetId) filters.push(eq(auditLog.targetId, q.targetId));
      if (q.placePath) filters.push(like(auditLog.placePath, `${escapeLike(q.placePath)}%`));
      // Dates are the user's calendar days in Asia/Shanghai.
      if (q.from) filters.push(gte(auditLog.at, new Date(`${q.from}T00:00:00+08:00`)));
      if (q.to)
        filters.push(lt(auditLog.at, new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000)));
      const where = and(...filters);
      const [rows, [{ total }]] = await Promise.all([
        db
          .select()
          .from(auditLog)
          .where(where)
          .orderBy(desc(auditLog.seq))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        db.select({ total: sql<number>`count(*)::int` }).from(auditLog).where(where),
      ]);
      return {
        items: rows.map((r) => ({
          seq: r.seq,
          at: r.at.toISOString(),
          actorId: r.actorId,
          actorName: r.actorName,
          action: r.action,
          targetType: r.targetType,
          targetId: r.targetId,
          placeId: r.placeId,
          before: r.before ?? null,
          after: r.after ?? null,
          ip: r.ip,
          userAgent: r.userAgent,
        })),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    /** The latest entries about one record, newest first: the history tab of a detail page. */
    async historyOf(targetType: string, targetId: string, limit = 50) {
      const rows = await db
        .select({
          at: auditLog.at,
          actorName: auditLog.actorName,
          action: auditLog.action,
          after: auditLog.after,
        })
        .from(auditLog)
        .where(and(eq(auditLog.targetType, targetType), eq(auditLog.targetId, targetId)))
        .orderBy(desc(auditLog.seq))
        .limit(limit);
      return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
    },

    /** Walks the chain from the start and reports the first row whose link or content is wrong. */
    async verify(): Promise<{
      ok: boolean;
      checked: number;
      broken: { seq: number; reason: string } | null;
    }> {
      let prevHash = GENESIS;
      let expectedSeq = 1;
      let checked = 0;
      for (;;) {
        const batch = await db
          .select()
          .from(auditLog)
          .where(gt(auditLog.seq, expectedSeq - 1))
          .orderBy(asc(auditLog.seq))
          .limit(1000);
        if (batch.length === 0) return { ok: true, checked, broken: null };
        for (const r of batch) {
          if (r.seq !== expectedSeq) {
            return {
              ok: false,
              checked,
              broken: { seq: expectedSeq, reason: `第 ${expectedSeq} 条记录缺失（被删除）` },
            };
          }
          if (r.prevHash !== prevHash) {
            return {
              ok: false,
              checked,
              broken: { seq: r.seq, reason: `第 ${r.seq} 条记录与上一条的链接断裂` },
            };
          }
          const { prevHash: _p, hash, ...fields } = r;
          if (rowHash(prevHash, fields) !== hash) {
            return { ok: false, checked, broken: { seq: r.seq, reason: `第 ${r.seq} 条记录的内容已被篡改` } };
          }
          prevHash = hash;
          expectedSeq += 1;
          checked += 1;
        }
      }
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
