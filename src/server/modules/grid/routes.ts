import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, okBody, uuid } from '../../../shared/api/common.js';
import {
  assigneeOptions,
  campaignBody,
  campaignList,
  checkin,
  checkinBody,
  diaryBody,
  diaryList,
  diaryListQuery,
  diarySaved,
  duplicateList,
  duplicatesQuery,
  eventActionBody,
  eventBody,
  eventDetail,
  eventExportBody,
  eventList,
  eventListQuery,
  eventStatus,
  memberBody,
  memberList,
  memberListQuery,
  metrics,
  metricsQuery,
  myDay,
  publicBoard,
  scoreRule,
  scoreRuleBody,
  scores,
  scoresQuery,
  serviceCard,
  updateMemberBody,
} from '../../../shared/api/grid.js';
import type { Permission } from '../../../shared/permissions.js';
import { contentDisposition } from '../../platform/files/index.js';
import type { GridService } from './service.js';

const tags = ['grid'];
const may = (permission: Permission) => ({ access: { permission, scoped: true } });
const ok = { ok: true as const };
const created = z.object({ id: z.string() });
const photoParams = z.strictObject({ id: uuid, fileId: uuid });
/** Up to four phone-compressed photos as base64 inside the JSON body. */
export const PHOTO_BODY_LIMIT = 12 * 1024 * 1024;

export type ServeFile = (reply: FastifyReply, fileId: string) => Promise<FastifyReply>;

/** Where QR codes should point: the configured public address, else the address the caller used. */
export const originOf = (request: FastifyRequest, publicUrl?: string) =>
  publicUrl ?? `${request.protocol}://${request.host}`;

export const gridRoutes =
  (grid: GridService, serveFile: ServeFile, publicUrl?: string): FastifyPluginAsyncZod =>
  async (app) => {
    // ── grids and members ──
    app.get(
      '/members',
      {
        schema: { tags, summary: '网格成员', querystring: memberListQuery, response: { 200: memberList } },
        config: may('grid.read'),
      },
      async (request) => grid.members.list(request.ctx, request.query),
    );
    app.post(
      '/members',
      {
        schema: { tags, summary: '添加网格成员', body: memberBody, response: { 201: created } },
        config: may('grid.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await grid.members.create(request.ctx, request.body) }),
    );
    app.patch(
      '/members/:id',
      {
        schema: {
          tags,
          summary: '修改网格成员',
          params: idParams,
          body: updateMemberBody,
          response: { 200: okBody },
        },
        config: may('grid.manage'),
      },
      async (request) => {
        await grid.members.update(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.delete(
      '/members/:id',
      {
        schema: { tags, summary: '移除网格成员', params: idParams, response: { 200: okBody } },
        config: may('grid.manage'),
      },
      async (request) => {
        await grid.members.remove(request.ctx, request.params.id);
        return ok;
      },
    );
    app.get(
      '/members/:id/card',
      {
        schema: {
          tags,
          summary: '服务名片（含诉求二维码）',
          params: idParams,
          response: { 200: serviceCard },
        },
        config: may('grid.read'),
      },
      async (request) => grid.members.card(request.ctx, request.params.id, originOf(request, publicUrl)),
    );
    app.get(
      '/public/estates/:id/board',
      {
        schema: { tags, summary: '小区网格公示牌（公开）', params: idParams, response: { 200: publicBoard } },
        config: { access: { public: true } },
      },
      async (request) => grid.members.board(request.params.id),
    );

    // ── events ──
    app.get(
      '/events',
      {
        schema: { tags, summary: '事件列表', querystring: eventListQuery, response: { 200: eventList } },
        config: may('grid.read'),
      },
      async (request) => grid.events.list(request.ctx, request.query),
    );
    app.get(
      '/events/duplicates',
      {
        schema: {
          tags,
          summary: '疑似重复事件（同地点同类别 7 天内）',
          querystring: duplicatesQuery,
          response: { 200: duplicateList },
        },
        config: may('grid.read'),
      },
      async (request) => grid.events.duplicates(request.ctx, request.query),
    );
    app.post(
      '/events',
      {
        bodyLimit: PHOTO_BODY_LIMIT,
        schema: {
          tags,
          summary: '上报事件（可带照片；带幂等键时重复提交只记一次）',
          body: eventBody,
          response: { 201: z.object({ id: z.string(), no: z.string(), replayed: z.boolean() }) },
        },
        config: may('grid.report'),
      },
      async (request, reply) => {
        const actor = request.ctx.actor!;
        const source = actor.can('grid.work')
          ? actor.grants.some((g) => g.roleCode === 'grid_worker')
            ? 'grid'
            : 'officer'
          : actor.grants.some((g) => g.roleCode === 'community_police')
            ? 'police'
            : 'guard';
        return reply.status(201).send(await grid.events.report(request.ctx, request.body, { source }));
      },
    );
    app.post(
      '/events/export',
      {
        schema: { tags, summary: '导出事件列表（当前筛选条件，xlsx）', body: eventExportBody },
        config: may('grid.read'),
      },
      async (request, reply) =>
        reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', contentDisposition('事件列表.xlsx'))
          .header('cache-control', 'no-store')
          .send(await grid.events.exportList(request.ctx, request.body.filters)),
    );
    app.get(
      '/events/:id',
      {
        schema: { tags, summary: '事件详情与处理过程', params: idParams, response: { 200: eventDetail } },
        config: may('grid.read'),
      },
      async (request) => grid.events.detail(request.ctx, request.params.id),
    );
    app.post(
      '/events/:id/actions',
      {
        schema: {
          tags,
          summary: '处理事件：受理、处置、退回、改派、督办、办结、回访、重开、归档（不合规的流转返回 409）',
          params: idParams,
          body: eventActionBody,
          response: { 200: z.object({ status: eventStatus }) },
        },
        config: may('grid.work'),
      },
      async (request) => grid.events.act(request.ctx, request.params.id, request.body),
    );
    app.get(
      '/events/:id/assignees',
      {
        schema: { tags, summary: '可改派的对象', params: idParams, response: { 200: assigneeOptions } },
        config: may('grid.manage'),
      },
      async (request) => grid.events.assigneeOptions(request.ctx, request.params.id),
    );
    app.get(
      '/events/:id/photos/:fileId',
      {
        schema: { tags, summary: '事件照片', params: photoParams },
        config: may('grid.read'),
      },
      async (request, reply) =>
        serveFile(reply, await grid.events.photo(request.ctx, request.params.id, request.params.fileId)),
    );

    // ── campaigns ──
    app.get(
      '/campaigns',
      {
        schema: {
          tags,
          summary: '专项行动',
          querystring: z.strictObject({ placeId: uuid.optional() }),
          response: { 200: campaignList },
        },
        config: may('grid.read'),
      },
      async (request) => grid.campaigns.list(request.ctx, request.query),
    );
    app.post(
      '/campaigns',
      {
        schema: { tags, summary: '发起专项行动', body: campaignBody, response: { 201: created } },
        config: may('grid.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await grid.campaigns.create(request.ctx, request.body) }),
    );

    // ── the grid worker's day ──
    app.get(
      '/my-day',
      {
        schema: { tags, summary: '我的今日：签到、待走访、待办事件', response: { 200: myDay } },
        config: may('grid.work'),
      },
      async (request) => grid.diary.myDay(request.ctx),
    );
    app.get(
      '/diary',
      {
        schema: { tags, summary: '民情日记', querystring: diaryListQuery, response: { 200: diaryList } },
        config: may('grid.read'),
      },
      async (request) => grid.diary.list(request.ctx, request.query),
    );
    app.post(
      '/diary',
      {
        bodyLimit: PHOTO_BODY_LIMIT,
        schema: {
          tags,
          summary: '记民情日记（离线补传时按幂等键只记一次）',
          body: diaryBody,
          response: { 201: diarySaved, 200: diarySaved },
        },
        config: may('grid.work'),
      },
      async (request, reply) => {
        const saved = await grid.diary.create(request.ctx, request.body);
        return reply.status(saved.replayed ? 200 : 201).send(saved);
      },
    );
    app.get(
      '/diary/:id/photos/:fileId',
      {
        schema: { tags, summary: '民情日记照片', params: photoParams },
        config: may('grid.read'),
      },
      async (request, reply) =>
        serveFile(reply, await grid.diary.photo(request.ctx, request.params.id, request.params.fileId)),
    );
    app.post(
      '/checkins',
      {
        schema: {
          tags,
          summary: '每日巡查签到',
          body: checkinBody,
          response: { 201: checkin, 200: checkin },
        },
        config: may('grid.work'),
      },
      async (request, reply) => {
        const c = await grid.diary.checkin(request.ctx, request.body);
        return reply.status(c.replayed ? 200 : 201).send(c);
      },
    );

    // ── metrics ──
    app.get(
      '/metrics',
      {
        schema: {
          tags,
          summary: '事件三率与办理统计',
          querystring: metricsQuery,
          response: { 200: metrics },
        },
        config: may('grid.read'),
      },
      async (request) => grid.metrics.of(request.ctx, request.query),
    );

    // ── 月考评 ──
    app.get(
      '/scores',
      {
        schema: {
          tags,
          summary: '网格员月考评（每项可查看依据记录）',
          querystring: scoresQuery,
          response: { 200: scores },
        },
        config: may('grid.read'),
      },
      async (request) => grid.scores.monthly(request.ctx, request.query),
    );
    app.get(
      '/score-rules',
      {
        schema: {
          tags,
          summary: '月考评计分规则（最近一级地点的规则，没有则为默认）',
          querystring: z.strictObject({ placeId: uuid.optional() }),
          response: { 200: scoreRule },
        },
        config: may('grid.read'),
      },
      async (request) => grid.scores.rule(request.ctx, request.query.placeId),
    );
    app.put(
      '/score-rules',
      {
        schema: {
          tags,
          summary: '设置本地点的月考评计分规则',
          body: scoreRuleBody,
          response: { 200: okBody },
        },
        config: may('grid.manage'),
      },
      async (request) => {
        await grid.scores.setRule(request.ctx, request.body);
        return ok;
      },
    );
  };
