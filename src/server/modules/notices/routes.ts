import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, okBody } from '../../../shared/api/common.js';
import {
  audienceOptions,
  audienceQuery,
  channelBody,
  channelList,
  channelListQuery,
  channelTest,
  channelTestBody,
  noticeBody,
  noticeDetail,
  noticeList,
  noticeListQuery,
  preview,
  previewBody,
  publicNoticeBoard,
  receiptList,
  receiptsQuery,
  receivedNotice,
  templateBody,
  templateList,
  templateListQuery,
  updateChannelBody,
  updateTemplateBody,
} from '../../../shared/api/notices.js';
import type { Permission } from '../../../shared/permissions.js';
import type { ServeFile } from '../grid/routes.js';
import type { NoticesService } from './service.js';

const tags = ['notices'];
const may = (permission: Permission) => ({ access: { permission, scoped: true } });
const ok = { ok: true as const };
const created = z.object({ id: z.string() });
const sentBody = z.object({ id: z.string(), recipientCount: z.number().int() });
/** A 5 MB attachment as base64 inside the JSON body. */
const ATTACHMENT_BODY_LIMIT = 8 * 1024 * 1024;

export const noticesRoutes =
  (notices: NoticesService, serveFile: ServeFile): FastifyPluginAsyncZod =>
  async (app) => {
    // ── notices ──
    app.get(
      '/items',
      {
        schema: {
          tags,
          summary: '通知公告列表',
          querystring: noticeListQuery,
          response: { 200: noticeList },
        },
        config: may('notices.read'),
      },
      async (request) => notices.list(request.ctx, request.query),
    );
    app.post(
      '/items',
      {
        bodyLimit: ATTACHMENT_BODY_LIMIT,
        schema: {
          tags,
          summary: '发布通知（站内送达并按所选渠道推送）',
          body: noticeBody,
          response: { 201: sentBody },
        },
        config: may('notices.send'),
      },
      async (request, reply) => reply.status(201).send(await notices.send(request.ctx, request.body)),
    );
    app.post(
      '/preview',
      {
        schema: {
          tags,
          summary: '发布前预览（填入占位符、统计接收人）',
          body: previewBody,
          response: { 200: preview },
        },
        config: may('notices.send'),
      },
      async (request) => notices.preview(request.ctx, request.body),
    );
    app.get(
      '/items/:id',
      {
        schema: {
          tags,
          summary: '通知详情（阅读回执统计与各渠道发送情况）',
          params: idParams,
          response: { 200: noticeDetail },
        },
        config: may('notices.read'),
      },
      async (request) => notices.get(request.ctx, request.params.id),
    );
    app.get(
      '/items/:id/receipts',
      {
        schema: {
          tags,
          summary: '阅读回执（已读/未读名单）',
          params: idParams,
          querystring: receiptsQuery,
          response: { 200: receiptList },
        },
        config: may('notices.read'),
      },
      async (request) => notices.receipts(request.ctx, request.params.id, request.query),
    );
    app.get(
      '/items/:id/attachment',
      {
        schema: { tags, summary: '下载通知附件', params: idParams },
        config: may('notices.read'),
      },
      async (request, reply) => serveFile(reply, await notices.attachment(request.ctx, request.params.id)),
    );
    app.post(
      '/items/:id/withdraw',
      {
        schema: {
          tags,
          summary: '撤回通知（公示栏不再显示，未发出的推送取消）',
          params: idParams,
          response: { 200: okBody },
        },
        config: may('notices.send'),
      },
      async (request) => {
        await notices.withdraw(request.ctx, request.params.id);
        return ok;
      },
    );
    app.post(
      '/deliveries/:id/retry',
      {
        schema: { tags, summary: '重发失败的推送', params: idParams, response: { 200: okBody } },
        config: may('notices.send'),
      },
      async (request) => {
        await notices.retryDelivery(request.ctx, request.params.id);
        return ok;
      },
    );
    app.get(
      '/audience',
      {
        schema: {
          tags,
          summary: '发送对象选项（楼栋、队伍、角色、人员）',
          querystring: audienceQuery,
          response: { 200: audienceOptions },
        },
        config: may('notices.send'),
      },
      async (request) => notices.audienceOptions(request.ctx, request.query.placeId, request.query.q),
    );
    app.get(
      '/received/:id',
      {
        schema: {
          tags,
          summary: '我收到的通知（打开即回执已读）',
          params: idParams,
          response: { 200: receivedNotice },
        },
        config: { access: { authenticated: true } },
      },
      async (request) => notices.received(request.ctx, request.params.id),
    );

    app.get(
      '/received/:id/attachment',
      {
        schema: { tags, summary: '下载我收到的通知的附件', params: idParams },
        config: { access: { authenticated: true } },
      },
      async (request, reply) =>
        serveFile(reply, await notices.receivedAttachment(request.ctx, request.params.id)),
    );

    // ── channels ──
    app.get(
      '/channels',
      {
        schema: {
          tags,
          summary: '推送渠道（地址与密钥脱敏）',
          querystring: channelListQuery,
          response: { 200: channelList },
        },
        config: may('notices.read'),
      },
      async (request) => notices.channels.list(request.ctx, request.query),
    );
    app.post(
      '/channels',
      {
        schema: { tags, summary: '新增推送渠道', body: channelBody, response: { 201: created } },
        config: may('notices.channels'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await notices.channels.create(request.ctx, request.body) }),
    );
    app.patch(
      '/channels/:id',
      {
        schema: {
          tags,
          summary: '修改推送渠道（不填地址或密钥则保留原值）',
          params: idParams,
          body: updateChannelBody,
          response: { 200: okBody },
        },
        config: may('notices.channels'),
      },
      async (request) => {
        await notices.channels.update(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.delete(
      '/channels/:id',
      {
        schema: { tags, summary: '删除推送渠道', params: idParams, response: { 200: okBody } },
        config: may('notices.channels'),
      },
      async (request) => {
        await notices.channels.remove(request.ctx, request.params.id);
        return ok;
      },
    );
    app.post(
      '/channels/:id/test',
      {
        schema: {
          tags,
          summary: '测试发送',
          params: idParams,
          body: channelTestBody,
          response: { 200: channelTest },
        },
        config: may('notices.channels'),
      },
      async (request) => notices.channels.test(request.ctx, request.params.id, request.body.phone),
    );

    // ── templates ──
    app.get(
      '/templates',
      {
        schema: {
          tags,
          summary: '通知模板',
          querystring: templateListQuery,
          response: { 200: templateList },
        },
        config: may('notices.read'),
      },
      async (request) => notices.templates.list(request.ctx, request.query.placeId),
    );
    app.post(
      '/templates',
      {
        schema: { tags, summary: '新增通知模板', body: templateBody, response: { 201: created } },
        config: may('notices.send'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await notices.templates.create(request.ctx, request.body) }),
    );
    app.patch(
      '/templates/:id',
      {
        schema: {
          tags,
          summary: '修改通知模板',
          params: idParams,
          body: updateTemplateBody,
          response: { 200: okBody },
        },
        config: may('notices.send'),
      },
      async (request) => {
        await notices.templates.update(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.delete(
      '/templates/:id',
      {
        schema: { tags, summary: '删除通知模板', params: idParams, response: { 200: okBody } },
        config: may('notices.send'),
      },
      async (request) => {
        await notices.templates.remove(request.ctx, request.params.id);
        return ok;
      },
    );

    // ── public ──
    app.get(
      '/public/estates/:id',
      {
        schema: {
          tags,
          summary: '小区公告栏（公开，扫码进入）',
          params: idParams,
          response: { 200: publicNoticeBoard },
        },
        config: { access: { public: true } },
      },
      async (request) => notices.board(request.params.id),
    );
    app.get(
      '/public/notices/:id/attachment',
      {
        schema: { tags, summary: '公告附件（公开）', params: idParams },
        config: { access: { public: true } },
      },
      async (request, reply) => serveFile(reply, await notices.attachment(null, request.params.id)),
    );
  };
