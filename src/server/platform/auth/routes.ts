import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { changePasswordBody, loginBody, session as sessionSchema } from '../../../shared/api/auth.js';
import { okBody } from '../../../shared/api/common.js';
import type { Actor } from '../access/actor.js';
import { type AuthService, SESSION_COOKIE, SESSION_MAX_DAYS } from './service.js';

export function meView(actor: Actor) {
  const roots = new Map<string, { id: string; name: string; kind: string; path: string }>();
  for (const g of actor.grants) if (g.place) roots.set(g.place.id, g.place);
  const paths = [...roots.values()];
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    mustChangePassword: actor.mustChangePassword,
    permissions: actor.permissions,
    global: actor.global,
    roles: actor.grants.map((g) => ({
      roleId: g.roleId,
      roleCode: g.roleCode,
      roleName: g.roleName,
      placeId: g.place?.id ?? null,
      placeName: g.place?.name ?? null,
    })),
    scopeRoots: paths
      .filter((p) => !paths.some((q) => q !== p && p.path.startsWith(q.path)))
      .map((p) => ({ ...p, kind: p.kind as never })),
  };
}

function setCookie(request: FastifyRequest, reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: SESSION_MAX_DAYS * 24 * 3600,
  });
}

export const authRoutes =
  (auth: AuthService): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['auth'];

    app.post(
      '/login',
      {
        schema: { tags, summary: '登录', body: loginBody, response: { 200: sessionSchema } },
        config: { access: { public: true } },
      },
      async (request, reply) => {
        const { token, csrfToken, actor } = await auth.login(
          request.ctx,
          request.body.username,
          request.body.password,
          request.session?.sessionId,
        );
        setCookie(request, reply, token);
        return { user: meView(actor), csrfToken };
      },
    );

    app.post(
      '/logout',
      {
        schema: { tags, summary: '退出登录', response: { 200: okBody } },
        config: { access: { authenticated: true, duringPasswordChange: true } },
      },
      async (request, reply) => {
        await auth.logout(request.ctx, request.session!.sessionId);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    );

    app.get(
      '/me',
      {
        schema: { tags, summary: '当前用户', response: { 200: sessionSchema } },
        config: { access: { authenticated: true, duringPasswordChange: true } },
      },
      async (request) => ({ user: meView(request.session!.actor), csrfToken: request.session!.csrfToken }),
    );

    app.post(
      '/password',
      {
        schema: { tags, summary: '修改自己的密码', body: changePasswordBody, response: { 200: okBody } },
        config: { access: { authenticated: true, duringPasswordChange: true } },
      },
      async (request) => {
        await auth.changePassword(
          request.ctx,
          request.session!.sessionId,
          request.body.currentPassword,
          request.body.newPassword,
        );
        return { ok: true as const };
      },
    );
  };
