import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, okBody } from '../../../shared/api/common.js';
import {
  activityBody,
  applicationList,
  applicationListQuery,
  approveBody,
  hoursQuery,
  memberBody,
  memberDetail,
  publicTeams,
  recordBody,
  recordList,
  recordListQuery,
  recordsCreated,
  rejectBody,
  revealBody,
  revealed,
  shiftBody,
  signupBody,
  teamBody,
  teamDetail,
  teamHours,
  teamList,
  teamListQuery,
  updateMemberBody,
  updateTeamBody,
} from '../../../shared/api/volunteers.js';
import type { Permission } from '../../../shared/permissions.js';
import type { VolunteersService } from './service.js';

const tags = ['volunteers'];
const may = (permission: Permission) => ({ access: { permission, scoped: true } });
const ok = { ok: true as const };
const created = z.object({ id: z.string() });

export const volunteersRoutes =
  (v: VolunteersService): FastifyPluginAsyncZod =>
  async (app) => {
    // ── teams ──
    app.get(
      '/teams',
      {
        schema: { tags, summary: '志愿者队伍', querystring: teamListQuery, response: { 200: teamList } },
        config: may('volunteers.read'),
      },
      async (request) => v.teams.list(request.ctx, request.query),
    );
    app.post(
      '/teams',
      {
        schema: { tags, summary: '新建志愿者队伍', body: teamBody, response: { 201: created } },
        config: may('volunteers.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await v.teams.create(request.ctx, request.body) }),
    );
    app.get(
      '/teams/:id',
      {
        schema: {
          tags,
          summary: '队伍详情（队员、排班、活动、时长）',
          params: idParams,
          response: { 200: teamDetail },
        },
        config: may('volunteers.read'),
      },
      async (request) => v.teams.get(request.ctx, request.params.id),
    );
    app.patch(
      '/teams/:id',
      {
        schema: {
          tags,
          summary: '修改队伍',
          params: idParams,
          body: updateTeamBody,
          response: { 200: okBody },
        },
        config: may('volunteers.manage'),
      },
      async (request) => {
        await v.teams.update(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.get(
      '/teams/:id/hours',
      {
        schema: {
          tags,
          summary: '队伍每月服务时长',
          params: idParams,
          querystring: hoursQuery,
          response: { 200: teamHours },
        },
        config: may('volunteers.read'),
      },
      async (request) => v.teams.hours(request.ctx, request.params.id, request.query.year),
    );

    // ── members ──
    app.post(
      '/teams/:id/members',
      {
        schema: {
          tags,
          summary: '添加队员（从人口库选择）',
          params: idParams,
          body: memberBody,
          response: { 201: created },
        },
        config: may('volunteers.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await v.members.add(request.ctx, request.params.id, request.body) }),
    );
    app.get(
      '/members/:id',
      {
        schema: { tags, summary: '队员服务时长与积分', params: idParams, response: { 200: memberDetail } },
        config: may('volunteers.read'),
      },
      async (request) => v.members.get(request.ctx, request.params.id),
    );
    app.patch(
      '/members/:id',
      {
        schema: {
          tags,
          summary: '修改队员（职务、在册）',
          params: idParams,
          body: updateMemberBody,
          response: { 200: okBody },
        },
        config: may('volunteers.manage'),
      },
      async (request) => {
        await v.members.update(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.delete(
      '/members/:id',
      {
        schema: {
          tags,
          summary: '移出队员（有服务记录的保留为已退出）',
          params: idParams,
          response: { 200: okBody },
        },
        config: may('volunteers.manage'),
      },
      async (request) => {
        await v.members.remove(request.ctx, request.params.id);
        return ok;
      },
    );

    // ── shifts and activities ──
    app.post(
      '/teams/:id/shifts',
      {
        schema: {
          tags,
          summary: '新增排班（每周固定或指定日期）',
          params: idParams,
          body: shiftBody,
          response: { 201: created },
        },
        config: may('volunteers.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await v.shifts.add(request.ctx, request.params.id, request.body) }),
    );
    app.delete(
      '/shifts/:id',
      {
        schema: { tags, summary: '删除排班', params: idParams, response: { 200: okBody } },
        config: may('volunteers.manage'),
      },
      async (request) => {
        await v.shifts.remove(request.ctx, request.params.id);
        return ok;
      },
    );
    app.post(
      '/teams/:id/activities',
      {
        schema: {
          tags,
          summary: '登记活动',
          params: idParams,
          body: activityBody,
          response: { 201: created },
        },
        config: may('volunteers.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await v.activities.add(request.ctx, request.params.id, request.body) }),
    );

    // ── service records ──
    app.get(
      '/records',
      {
        schema: { tags, summary: '服务记录', querystring: recordListQuery, response: { 200: recordList } },
        config: may('volunteers.read'),
      },
      async (request) => v.records.list(request.ctx, request.query),
    );
    app.post(
      '/records',
      {
        schema: {
          tags,
          summary: '登记服务时长（管理员或本队队长）',
          body: recordBody,
          response: { 201: recordsCreated },
        },
        config: may('volunteers.read'),
      },
      async (request, reply) =>
        reply.status(201).send({ ids: await v.records.create(request.ctx, request.body) }),
    );
    app.delete(
      '/records/:id',
      {
        schema: { tags, summary: '删除服务记录', params: idParams, response: { 200: okBody } },
        config: may('volunteers.manage'),
      },
      async (request) => {
        await v.records.remove(request.ctx, request.params.id);
        return ok;
      },
    );

    // ── applications ──
    app.get(
      '/applications',
      {
        schema: {
          tags,
          summary: '居民报名（待审核在前）',
          querystring: applicationListQuery,
          response: { 200: applicationList },
        },
        config: may('volunteers.read'),
      },
      async (request) => v.applications.list(request.ctx, request.query),
    );
    app.post(
      '/applications/:id/approve',
      {
        schema: {
          tags,
          summary: '通过报名（成为队员）',
          params: idParams,
          body: approveBody,
          response: { 200: created },
        },
        config: may('volunteers.manage'),
      },
      async (request) => ({ id: await v.applications.approve(request.ctx, request.params.id, request.body) }),
    );
    app.post(
      '/applications/:id/reject',
      {
        schema: {
          tags,
          summary: '不通过报名',
          params: idParams,
          body: rejectBody,
          response: { 200: okBody },
        },
        config: may('volunteers.manage'),
      },
      async (request) => {
        await v.applications.reject(request.ctx, request.params.id, request.body.note);
        return ok;
      },
    );
    app.post(
      '/applications/:id/reveal',
      {
        schema: {
          tags,
          summary: '查看报名人姓名或手机号（记录查看原因）',
          params: idParams,
          body: revealBody,
          response: { 200: revealed },
        },
        config: may('pii.reveal'),
      },
      async (request) =>
        v.applications.reveal(request.ctx, request.params.id, request.body.field, request.body.reason),
    );

    // ── public sign-up ──
    app.get(
      '/public/estates/:id',
      {
        schema: {
          tags,
          summary: '志愿者招募（公开，扫码进入）',
          params: idParams,
          response: { 200: publicTeams },
        },
        config: { access: { public: true } },
      },
      async (request) => v.public.teams(request.params.id),
    );
    app.post(
      '/public/applications',
      {
        schema: {
          tags,
          summary: '居民报名志愿者（公开；每个 IP 每小时限 5 次）',
          body: signupBody,
          response: { 201: okBody },
        },
        config: { access: { public: true } },
      },
      async (request, reply) => {
        await v.public.signup(request.body, request.ip);
        return reply.status(201).send(ok);
      },
    );
  };
