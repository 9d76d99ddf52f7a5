import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParams, okBody } from '../../../shared/api/common.js';
import {
  contact,
  maskedContact,
  publicPlace,
  publicRequestBody,
  rateBody,
  reopenBody,
  requestStatus,
  revealContactBody,
  statusQuery,
  submitted,
} from '../../../shared/api/requests.js';
import { PHOTO_BODY_LIMIT } from '../grid/routes.js';
import type { RequestsService } from './service.js';

const tags = ['requests'];
const open = { access: { public: true as const } };
const ok = { ok: true as const };

export const requestsRoutes =
  (requests: RequestsService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/public/places/:id',
      {
        schema: {
          tags,
          summary: '诉求表单的地点（公开，扫码进入）',
          params: idParams,
          response: { 200: publicPlace },
        },
        config: open,
      },
      async (request) => requests.publicPlace(request.params.id),
    );
    app.post(
      '/public',
      {
        bodyLimit: PHOTO_BODY_LIMIT,
        schema: {
          tags,
          summary: '居民提交诉求（公开；每个 IP 每小时限 5 件）',
          body: publicRequestBody,
          response: { 201: submitted },
        },
        config: open,
      },
      async (request, reply) => {
        const r = await requests.submit(request.body, request.ip);
        return reply.status(201).send({ trackingNo: r.trackingNo });
      },
    );
    app.get(
      '/public/status',
      {
        schema: {
          tags,
          summary: '按受理编号和手机号查询办理进度（公开）',
          querystring: statusQuery,
          response: { 200: requestStatus },
        },
        config: open,
      },
      async (request) => requests.status(request.query.trackingNo, request.query.phone),
    );
    app.post(
      '/public/rating',
      {
        schema: { tags, summary: '居民评价（办结后 1–5 星）', body: rateBody, response: { 200: okBody } },
        config: open,
      },
      async (request) => {
        await requests.rate(request.body);
        return ok;
      },
    );
    app.post(
      '/public/reopen',
      {
        schema: { tags, summary: '办结 7 天内未解决可要求重办', body: reopenBody, response: { 200: okBody } },
        config: open,
      },
      async (request) => {
        await requests.reopen(request.body);
        return ok;
      },
    );
    app.get(
      '/events/:id/contact',
      {
        schema: {
          tags,
          summary: '诉求人联系方式（脱敏）',
          params: idParams,
          response: { 200: maskedContact },
        },
        config: { access: { permission: 'grid.read', scoped: true } },
      },
      async (request) => requests.contactOf(request.ctx, request.params.id),
    );
    app.post(
      '/events/:id/contact/reveal',
      {
        schema: {
          tags,
          summary: '查看诉求人完整联系方式（需说明理由，记入审计）',
          params: idParams,
          body: revealContactBody,
          response: { 200: contact },
        },
        config: { access: { permission: 'pii.reveal', scoped: true } },
      },
      async (request) => requests.revealContact(request.ctx, request.params.id, request.body),
    );
  };
