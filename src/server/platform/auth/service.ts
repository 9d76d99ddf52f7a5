import { createHash, randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { PlaceKind } from '../../../shared/places.js';
import type { Db } from '../../db/index.js';
import { rows } from '../../db/sql.js';
import { users } from '../../modules/org/schema.js';
import { Actor, loadActor } from '../access/actor.js';
import type { AuditService } from '../audit/service.js';
import type { Clock } from '../clock.js';
import type { Ctx } from '../context.js';
import { AppError } from '../errors.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password.js';
import { loginAttempts, sessions } from './schema.js';

export const SESSION_COOKIE = 'anju_session';
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
/** Failed logins from one IP within the window before it must wait. */
export const IP_FAILURE_LIMIT = 20;
export const IP_WINDOW_MINUTES = 15;
// A working day of inactivity ends a session; a week ends it whatever happens.
export const SESSION_IDLE_HOURS = 12;
export const SESSION_MAX_DAYS = 7;

const MINUTE = 60_000;
const tokenId = (token: string) => createHash('sha256').update(token).digest('hex');

interface GrantRow {
  roleId: string;
  roleCode: string;
  roleName: string;
  permissions: string[];
  placeId: string | null;
  placeName: string | null;
  placeKind: string | null;
  placePath: string | null;
}

/** A database error's SQLSTATE, whether Drizzle wrapped it or not. */
const pgCode = (e: unknown) =>
  (e as { code?: string }).code ?? (e as { cause?: { code?: string } }).cause?.code;

/** The session check as PGlite prepares it: the same as the Drizzle statement in the service. */
const EMBEDDED_RESOLVE = `select s.csrf_token,
    extract(epoch from s.last_seen_at)::float8 * 1000 as last_seen_at,
    extract(epoch from s.expires_at)::float8 * 1000 as expires_at,
    u.id as user_id, u.username, u.display_name, u.must_change_password, u.active,
    coalesce((
      select json_agg(json_build_object(
          'roleId', r.id, 'roleCode', r.code, 'roleName', r.name, 'permissions', r.permissions,
          'placeId', p.id, 'placeName', p.name, 'placeKind', p.kind, 'placePath', p.path)
        order by p.depth, r.name)
      from user_roles ur join roles r on r.id = ur.role_id left join places p on p.id = ur.place_id
      where ur.user_id = u.id), '[]') as grants
  from sessions s join users u on u.id = s.user_id
  where s.id = $1`;

interface EmbeddedRow {
  csrf_token: string;
  /** Epoch milliseconds. */
  last_seen_at: number;
  expires_at: number;
  user_id: string;
  username: string;
  display_name: string;
  must_change_password: boolean;
  active: boolean;
  grants: GrantRow[];
}

export interface SessionView {
  actor: Actor;
  sessionId: string;
  csrfToken: string;
}

export function createAuthService({ db, clock, audit }: { db: Db; clock: Clock; audit: AuditService }) {
  async function createSession(userId: string, ctx: Ctx) {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const now = clock.now();
    await db.insert(sessions).values({
      id: tokenId(token),
      userId,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_MAX_DAYS * 24 * 60 * MINUTE),
      ip: ctx.ip ?? null,
      userAgent: ctx.userAgent?.slice(0, 500) ?? null,
    });
    return { token, csrfToken };
  }

  // One round trip for the session, its user and their grants, prepared once: it runs before every
  // request. Grants come in actorOf's order (place depth, global ones last, then role name).
  const resolveSession = db
    .select({
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      mustChangePassword: users.mustChangePassword,
      active: users.active,
      grants: sql<GrantRow[]>`coalesce((
        select json_agg(json_build_object(
            'roleId', r.id, 'roleCode', r.code, 'roleName', r.name, 'permissions', r.permissions,
            'placeId', p.id, 'placeName', p.name, 'placeKind', p.kind, 'placePath', p.path)
          order by p.depth, r.name)
        from user_roles ur join roles r on r.id = ur.role_id left join places p on p.id = ur.place_id
        where ur.user_id = ${users.id}), '[]')`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare('auth_resolve_session');

  // PGlite plans every statement it is sent, and planning is most of this one's cost there (measured
  // at 50,000 people: 2.6 ms a call, 0.9 ms as EXECUTE of a statement PREPAREd once). It is one
  // session, so the statement prepared once stays; node-postgres gets the same from the named
  // statement above, per pooled connection.
  const embedded = (db as unknown as { $client?: unknown }).$client instanceof PGlite;
  let preparedEmbedded = false;
  async function embeddedRows(id: string, retry = true): Promise<EmbeddedRow[]> {
    if (!preparedEmbedded) {
      await db.execute(sql.raw(`prepare auth_resolve_session (text) as ${EMBEDDED_RESOLVE}`)).catch((e) => {
        // Another app on the same embedded database prepared it already.
        if (pgCode(e) !== '42P05') throw e;
      });
      preparedEmbedded = true;
    }
    try {
      return await rows<EmbeddedRow>(db, sql.raw(`execute auth_resolve_session ('${id}')`));
    } catch (e) {
      // Deallocated meanwhile (DISCARD ALL): prepare it again, once.
      if (!retry || pgCode(e) !== '26000') throw e;
      preparedEmbedded = false;
      return embeddedRows(id, false);
    }
  }
  async function resolveEmbedded(id: string) {
    // The id is a SHA-256 in hex, never caller text: safe to inline (EXECUTE takes no parameters).
    if (!/^[0-9a-f]{64}$/.test(id)) return undefined;
    const [r] = await embeddedRows(id);
    if (!r) return undefined;
    return {
      csrfToken: r.csrf_token,
      lastSeenAt: new Date(r.last_seen_at),
      expiresAt: new Date(r.expires_at),
      userId: r.user_id,
      username: r.username,
      displayName: r.display_name,
      mustChangePassword: r.must_change_password,
      active: r.active,
      grants: r.grants,
    };
  }

  return {
    /** `previousSessionId`: a session the browser already carried, ended so no id outlives a login. */
    async login(ctx: Ctx, username: string, password: string, previousSessionId?: string) {
      const now = clock.now();
      const ip = ctx.ip ?? 'unknown';
      const [{ failures }] = await db
        .select({ failures: sql<number>`count(*)::int` })
        .from(loginAttempts)
        .where(
          and(
            eq(loginAttempts.ip, ip),
            eq(loginAttempts.success, false),
            gt(loginAttempts.at, new Date(now.getTime() - IP_WINDOW_MINUTES * MINUTE)),
          ),
        );
      if (failures >= IP_FAILURE_LIMIT) {
        throw new AppError(429, 'RATE_LIMITED', `登录尝试过于频繁，请 ${IP_WINDOW_MINUTES} 分钟后再试`);
      }

      const name = username.trim().toLowerCase();
      const [user] = await db.select().from(users).where(eq(users.username, name));
      const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);

      const fail = async (error: AppError, audited: boolean) => {
        await db.transaction(async (tx) => {
          await tx.insert(loginAttempts).values({ ip, username: name.slice(0, 64), success: false, at: now });
          if (audited && user) {
            await audit.record(
              { ...ctx, actorLabel: user.username },
              {
                action: 'auth.login_failed',
                targetType: 'user',
                targetId: user.id,
                after: { reason: error.code },
              },
            );
          }
        });
        return error;
      };

      if (!user) throw await fail(new AppError(401, 'INVALID_CREDENTIALS', '用户名或密码错误'), false);
      if (user.lockedUntil && user.lockedUntil > now) {
        throw await fail(lockedError(user.lockedUntil), true);
      }
      if (!ok) {
        const failed = user.failedLogins + 1;
        const lock = failed >= MAX_FAILED_LOGINS;
        const lockedUntil = lock ? new Date(now.getTime() + LOCKOUT_MINUTES * MINUTE) : null;
        await db
          .update(users)
          .set({ failedLogins: lock ? 0 : failed, lockedUntil })
          .where(eq(users.id, user.id));
        throw await fail(
          lock
            ? lockedError(lockedUntil!)
            : new AppError(
                401,
                'INVALID_CREDENTIALS',
                `用户名或密码错误，再错 ${MAX_FAILED_LOGINS - failed} 次账号将锁定 ${LOCKOUT_MINUTES} 分钟`,
              ),
          true,
        );
      }
      if (!user.active) {
        throw await fail(new AppError(403, 'ACCOUNT_DISABLED', '账号已停用，请联系管理员'), true);
      }

      return db.transaction(async () => {
        await db
          .update(users)
          .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now })
          .where(eq(users.id, user.id));
        await db.insert(loginAttempts).values({ ip, username: name, success: true, at: now });
        if (previousSessionId) await db.delete(sessions).where(eq(sessions.id, previousSessionId));
        const session = await createSession(user.id, ctx);
        const actor = (await loadActor(db, user.id))!;
        await audit.record(
          { ...ctx, actor },
          { action: 'auth.login', targetType: 'user', targetId: user.id },
        );
        return { ...session, actor };
      });
    },

    /** The session behind a cookie token, or null when it is unknown, expired or its user inactive. */
    async resolve(token: string): Promise<SessionView | null> {
      if (!token || token.length > 100) return null;
      const id = tokenId(token);
      const now = clock.now();
      const row = embedded ? await resolveEmbedded(id) : (await resolveSession.execute({ id }))[0];
      if (!row) return null;
      const idleLimit = new Date(row.lastSeenAt.getTime() + SESSION_IDLE_HOURS * 60 * MINUTE);
      if (row.expiresAt <= now || idleLimit <= now) {
        await db.delete(sessions).where(eq(sessions.id, id));
        return null;
      }
      if (!row.active) return null;
      const actor = new Actor(
        row.userId,
        row.username,
        row.displayName,
        row.mustChangePassword,
        row.grants.map((g) => ({
          roleId: g.roleId,
          roleCode: g.roleCode,
          roleName: g.roleName,
          permissions: new Set(g.permissions),
          place:
            g.placeId === null
              ? null
              : { id: g.placeId, name: g.placeName!, kind: g.placeKind as PlaceKind, path: g.placePath! },
        })),
      );
      // Touch at most once a minute: a write per request would serialise every page load.
      if (now.getTime() - row.lastSeenAt.getTime() > MINUTE) {
        await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
      }
      return { actor, sessionId: id, csrfToken: row.csrfToken };
    },

    async logout(ctx: Ctx, sessionId: string) {
      await db.transaction(async () => {
        await db.delete(sessions).where(eq(sessions.id, sessionId));
        await audit.record(ctx, { action: 'auth.logout', targetType: 'user', targetId: ctx.actor?.userId });
      });
    },

    async changePassword(ctx: Ctx, sessionId: string, currentPassword: string, newPassword: string) {
      const actor = ctx.actor!;
      const [user] = await db.select().from(users).where(eq(users.id, actor.userId));
      if (!(await verifyPassword(user.passwordHash, currentPassword))) {
        throw new AppError(400, 'VALIDATION_FAILED', '当前密码不正确', { currentPassword: '当前密码不正确' });
      }
      if (currentPassword === newPassword) {
        throw new AppError(400, 'VALIDATION_FAILED', '新密码不能与当前密码相同', {
          newPassword: '新密码不能与当前密码相同',
        });
      }
      const passwordHash = await hashPassword(newPassword);
      await db.transaction(async () => {
        await db
          .update(users)
          .set({ passwordHash, mustChangePassword: false, updatedAt: clock.now() })
          .where(eq(users.id, actor.userId));
        // Other sessions of this user end: a changed password must lock out whoever knew the old one.
        await db
          .delete(sessions)
          .where(and(eq(sessions.userId, actor.userId), sql`${sessions.id} <> ${sessionId}`));
        await audit.record(ctx, {
          action: 'auth.password_changed',
          targetType: 'user',
          targetId: actor.userId,
        });
      });
    },

    /** Removes expired sessions and old login attempts (run by the housekeeping job). */
    async purge() {
      const now = clock.now();
      await db.delete(sessions).where(lt(sessions.expiresAt, now));
      await db.delete(loginAttempts).where(lt(loginAttempts.at, new Date(now.getTime() - 24 * 60 * MINUTE)));
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

function lockedError(until: Date) {
  const hhmm = until.toLocaleTimeString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  return new AppError(423, 'ACCOUNT_LOCKED', `密码错误次数过多，账号已锁定，请于 ${hhmm} 后再试`);
}
