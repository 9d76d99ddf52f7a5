import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, okBody } from '../../../shared/api/common.js';
import {
  createPlaceBody,
  createRoleBody,
  createUserBody,
  movePlaceBody,
  permissionList,
  placeDetail,
  placeList,
  placeListQuery,
  resetPasswordBody,
  revealBody,
  revealResult,
  roleList,
  setAssignmentsBody,
  updatePlaceBody,
  updateRoleBody,
  updateUserBody,
  user,
  userList,
  userListQuery,
} from '../../../shared/api/org.js';
import { PERMISSIONS } from '../../../shared/permissions.js';
import type { OrgService } from './service.js';

const created = z.object({ id: z.string() });
const tags = ['org'];
const read = (permission: 'org.place.read' | 'org.user.read') => ({ access: { permission, scoped: true } });
const manage = (permission: 'org.place.manage' | 'org.user.manage') => ({
  access: { permission, scoped: true },
});
const roleAdmin = { access: { permission: 'org.role.manage' as const, scoped: false } };

export const orgRoutes =
  (org: OrgService): FastifyPluginAsyncZod =>
  async (app) => {
    // ── places ──
    app.get(
      '/places',
      {
        schema: {
          tags,
          summary: '地点列表（下级、范围根或搜索）',
          querystring: placeListQuery,
          response: { 200: placeList },
        },
        config: read('org.place.read'),
      },
      async (request) => org.places.list(request.ctx, request.query),
    );
    app.get(
      '/places/:id',
      {
        schema: { tags, summary: '地点详情', params: idParams, response: { 200: placeDetail } },
        config: read('org.place.read'),
      },
      async (request) => org.places.get(request.ctx, request.params.id),
    );
    app.post(
      '/places',
      {
        schema: { tags, summary: '新增地点', body: createPlaceBody, response: { 201: created } },
        config: manage('org.place.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await org.places.create(request.ctx, request.body) }),
    );
    app.patch(
      '/places/:id',
      {
        schema: {
          tags,
          summary: '修改地点',
          params: idParams,
          body: updatePlaceBody,
          response: { 200: okBody },
        },
        config: manage('org.place.manage'),
      },
      async (request) => {
        await org.places.update(request.ctx, request.params.id, request.body);
        return { ok: true as const };
      },
    );
    app.post(
      '/places/:id/move',
      {
        schema: {
          tags,
          summary: '移动地点',
          params: idParams,
          body: movePlaceBody,
          response: { 200: okBody },
        },
        config: manage('org.place.manage'),
      },
      async (request) => {
        await org.places.move(request.ctx, request.params.id, request.body);
        return { ok: true as const };
      },
    );
    app.delete(
      '/places/:id',
      {
        schema: { tags, summary: '删除地点', params: idParams, response: { 200: okBody } },
        config: manage('org.place.manage'),
      },
      async (request) => {
        await org.places.remove(request.ctx, request.params.id);
        return { ok: true as const };
      },
    );

    // ── users ──
    app.get(
      '/users',
      {
        schema: { tags, summary: '用户列表', querystring: userListQuery, response: { 200: userList } },
        config: read('org.user.read'),
      },
      async (request) => org.users.list(request.ctx, request.query),
    );
    app.get(
      '/users/:id',
      {
        schema: { tags, summary: '用户详情', params: idParams, response: { 200: user } },
        config: read('org.user.read'),
      },
      async (request) => org.users.get(request.ctx, request.params.id),
    );
    app.post(
      '/users',
      {
        schema: { tags, summary: '新增用户', body: createUserBody, response: { 201: created } },
        config: manage('org.user.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await org.users.create(request.ctx, request.body) }),
    );
    app.patch(
      '/users/:id',
      {
        schema: {
          tags,
          summary: '修改用户',
          params: idParams,
          body: updateUserBody,
          response: { 200: okBody },
        },
        config: manage('org.user.manage'),
      },
      async (request) => {
        await org.users.update(request.ctx, request.params.id, request.body);
        return { ok: true as const };
      },
    );
    app.post(
      '/users/:id/reset-password',
      {
        schema: {
          tags,
          summary: '重置密码',
          params: idParams,
          body: resetPasswordBody,
          response: { 200: okBody },
        },
        config: manage('org.user.manage'),
      },
      async (request) => {
        await org.users.resetPassword(request.ctx, request.params.id, request.body.password);
        return { ok: true as const };
      },
    );
    for (const [verb, active] of [
      ['deactivate', false],
      ['activate', true],
    ] as const) {
      app.post(
        `/users/:id/${verb}`,
        {
          schema: {
            tags,
            summary: active ? '启用用户' : '停用用户',
            params: idParams,
            response: { 200: okBody },
          },
          config: manage('org.user.manage'),
        },
        async (request) => {
          await org.users.setActive(request.ctx, request.params.id, active);
          return { ok: true as const };
        },
      );
    }
    app.put(
      '/users/:id/assignments',
      {
        schema: {
          tags,
          summary: '设置用户的角色与地点',
          params: idParams,
          body: setAssignmentsBody,
          response: { 200: okBody },
        },
        config: manage('org.user.manage'),
      },
      async (request) => {
        await org.users.setAssignments(request.ctx, request.params.id, request.body.assignments);
        return { ok: true as const };
      },
    );
    app.post(
      '/users/:id/reveal',
      {
        schema: {
          tags,
          summary: '查看完整手机号（需说明原因，记入审计）',
          params: idParams,
          body: revealBody,
          response: { 200: revealResult },
        },
        config: { access: { permission: 'pii.reveal', scoped: true } },
      },
      async (request) => org.users.revealPhone(request.ctx, request.params.id, request.body.reason),
    );

    // ── roles ──
    app.get(
      '/roles',
      { schema: { tags, summary: '角色列表', response: { 200: roleList } }, config: read('org.user.read') },
      async () => org.roles.list(),
    );
    app.get(
      '/permissions',
      {
        schema: { tags, summary: '权限清单', response: { 200: permissionList } },
        config: read('org.user.read'),
      },
      async () => ({ items: Object.entries(PERMISSIONS).map(([code, label]) => ({ code, label })) }),
    );
    app.post(
      '/roles',
      {
        schema: { tags, summary: '新增自定义角色', body: createRoleBody, response: { 201: created } },
        config: roleAdmin,
      },
      async (request, reply) =>
        reply.status(201).send({ id: await org.roles.create(request.ctx, request.body) }),
    );
    app.patch(
      '/roles/:id',
      {
        schema: {
          tags,
          summary: '修改自定义角色',
          params: idParams,
          body: updateRoleBody,
          response: { 200: okBody },
        },
        config: roleAdmin,
      },
      async (request) => {
        await org.roles.update(request.ctx, request.params.id, request.body);
        return { ok: true as const };
      },
    );
    app.delete(
      '/roles/:id',
      {
        schema: { tags, summary: '删除自定义角色', params: idParams, response: { 200: okBody } },
        config: roleAdmin,
      },
      async (request) => {
        await org.roles.remove(request.ctx, request.params.id);
        return { ok: true as const };
      },
    );
  };
