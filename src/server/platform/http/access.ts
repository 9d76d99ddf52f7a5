import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Permission } from '../../../shared/permissions.js';
import { type AuthService, SESSION_COOKIE, type SessionView } from '../auth/service.js';
import type { Ctx } from '../context.js';
import { AppError, forbidden, unauthorized } from '../errors.js';

/**
 * Who may call a route, declared beside it. The authorization matrix reads this from the
 * OpenAPI document (`x-access`), and the hook below enforces it, so the two cannot drift apart.
 */
export type Access =
  | { public: true }
  | { authenticated: true; duringPasswordChange?: boolean }
  | { permission: Permission; scoped: boolean };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    session: SessionView | null;
    ctx: Ctx;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The machine interfaces: our API and the Open311 GeoReport endpoints (whose paths the standard fixes). */
export const isApiPath = (url: string) => url.startsWith('/api/') || url.startsWith('/open311/');

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function registerAccess(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('session', null);
  app.decorateRequest('ctx', null as unknown as Ctx);

  app.addHook('onRoute', (route) => {
    if (!isApiPath(route.url) || route.method === 'HEAD') return;
    if (route.url.startsWith('/api/openapi') || route.url.startsWith('/api/docs')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`route ${route.method} ${route.url} declares no access`);
    route.schema = { ...(route.schema ?? {}), 'x-access': access } as typeof route.schema;
  });

  app.addHook('onRequest', async (request) => {
    request.ctx = {
      actor: null,
      ip: request.ip,
      userAgent: request.headers['user-agent'],
      requestId: request.id,
    };
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    request.session = await auth.resolve(token);
    if (request.session) request.ctx.actor = request.session.actor;
  });

  // Before validation: a caller without the right is told so whatever the body holds, and never
  // learns the shape of an operation they may not use.
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const access = request.routeOptions.config?.access;
    if (!access || 'public' in access) return;
    const session = request.session;
    if (!session) throw unauthorized('登录已过期或尚未登录，请重新登录');
    // The cookie alone must not be enough to change anything (CSRF).
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || !sameToken(header, session.csrfToken)) {
        throw new AppError(403, 'CSRF_INVALID', '请求校验失败，请刷新页面后重试');
      }
    }
    const actor = session.actor;
    if (actor.mustChangePassword && !('duringPasswordChange' in access && access.duringPasswordChange)) {
      throw new AppError(403, 'PASSWORD_CHANGE_REQUIRED', '首次登录或密码被重置后，请先修改密码');
    }
    if ('permission' in access && !actor.can(access.permission)) throw forbidden();
  });
}
