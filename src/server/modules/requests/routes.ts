import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, okBody } from '../../../shared/api/common.js';
import {
  discovery,
  jurisdictionQuery,
  open311Key,
  open311KeyBody,
  postRequestAnswer,
  postRequestBody,
  requestIdParams,
  requestsQuery,
  service,
  serviceCodeParams,
  serviceDefinition,
  serviceRequest,
  serviceRequestUpdate,
  updatesQuery,
} from '../../../shared/api/open311.js';
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
import type { Open311 } from './open311.js';
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

/** Open311 GeoReport v2 at the paths the standard fixes (`/open311/v2/…json`). */
export const open311Routes =
  (open311: Open311): FastifyPluginAsyncZod =>
  async (app) => {
    const tags311 = ['open311'];
    // The standard posts requests form-encoded.
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    app.get(
      '/discovery.json',
      {
        schema: { tags: tags311, summary: 'GeoReport v2 服务发现', response: { 200: discovery } },
        config: open,
      },
      async (request) => ({
        changeset: '2026-11-23T00:00:00+08:00',
        contact: '所在街道平安办',
        key_service: '向街道平安办申请 api_key',
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: `${request.protocol}://${request.host}/open311/v2`,
            changeset: '2026-11-23T00:00:00+08:00',
            type: 'production' as const,
            formats: ['application/json'],
          },
        ],
      }),
    );
    app.get(
      '/services.json',
      {
        schema: {
          tags: tags311,
          summary: '可受理的诉求类别',
          querystring: z.strictObject(jurisdictionQuery),
          response: { 200: z.array(service) },
        },
        config: open,
      },
      async () => open311.services(),
    );
    app.get(
      '/services/:service_code.json',
      {
        schema: {
          tags: tags311,
          summary: '诉求类别定义',
          params: serviceCodeParams,
          querystring: z.strictObject(jurisdictionQuery),
          response: { 200: serviceDefinition },
        },
        config: open,
      },
      async (request) => open311.service(request.params.service_code),
    );
    app.post(
      '/requests.json',
      {
        schema: {
          tags: tags311,
          summary: '提交诉求（需 api_key；表单或 JSON）',
          body: postRequestBody,
          response: { 201: postRequestAnswer },
        },
        config: open,
      },
      async (request, reply) => reply.status(201).send(await open311.post(request.body, request.ip)),
    );
    app.get(
      '/requests.json',
      {
        schema: {
          tags: tags311,
          summary: '诉求列表（默认近 90 天，最多 1000 条）',
          querystring: requestsQuery,
          response: { 200: z.array(serviceRequest) },
        },
        config: open,
      },
      async (request) => open311.list(request.query),
    );
    app.get(
      '/requests/:id.json',
      {
        schema: {
          tags: tags311,
          summary: '单个诉求',
          params: requestIdParams,
          querystring: z.strictObject(jurisdictionQuery),
          response: { 200: z.array(serviceRequest) },
        },
        config: open,
      },
      async (request) => open311.one(request.params.id, request.query.jurisdiction_id),
    );
    app.get(
      '/servicerequestupdates.json',
      {
        schema: {
          tags: tags311,
          summary: '诉求进展更新（扩展，默认近 24 小时）',
          querystring: updatesQuery,
          response: { 200: z.array(serviceRequestUpdate) },
        },
        config: open,
      },
      async (request) => open311.updates(request.query),
    );
  };

/** Administrators issue and revoke the api_keys of Open311 clients. */
export const open311KeyRoutes =
  (open311: Open311): FastifyPluginAsyncZod =>
  async (app) => {
    const manage = { access: { permission: 'requests.open311' as const, scoped: false } };
    app.get(
      '/open311/keys',
      {
        schema: {
          tags,
          summary: 'Open311 接入密钥',
          response: { 200: z.object({ items: z.array(open311Key) }) },
        },
        config: manage,
      },
      async () => open311.keys(),
    );
    app.post(
      '/open311/keys',
      {
        schema: {
          tags,
          summary: '签发 Open311 接入密钥（只显示一次）',
          body: open311KeyBody,
          response: { 201: z.object({ id: z.string(), name: z.string(), apiKey: z.string() }) },
        },
        config: manage,
      },
      async (request, reply) => reply.status(201).send(await open311.issueKey(request.ctx, request.body)),
    );
    app.delete(
      '/open311/keys/:id',
      {
        schema: { tags, summary: '停用 Open311 接入密钥', params: idParams, response: { 200: okBody } },
        config: manage,
      },
      async (request) => {
        await open311.revokeKey(request.ctx, request.params.id);
        return ok;
      },
    );
  };
