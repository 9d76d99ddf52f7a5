import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, okBody, uuid } from '../../../shared/api/common.js';
import {
  brigadeBody,
  brigadeList,
  brigadeListQuery,
  checklist,
  checklistBody,
  checklistQuery,
  contactParams,
  drillBody,
  drillList,
  drillListQuery,
  equipmentBody,
  equipmentList,
  equipmentListQuery,
  estateParams,
  hazardActionBody,
  hazardBody,
  hazardDetail,
  hazardList,
  hazardListQuery,
  hazardPhotoBody,
  hazardStatusBody,
  inspectionBody,
  inspectionCreated,
  inspectionDetail,
  inspectionList,
  inspectionListQuery,
  missingList,
  missingQuery,
  planBody,
  planDetail,
  planList,
  planListQuery,
  revealBody,
  revealed,
  updateEquipmentBody,
  updatePlanBody,
} from '../../../shared/api/fire.js';
import type { Permission } from '../../../shared/permissions.js';
import type { FireService } from './service.js';

const tags = ['fire'];
const may = (permission: Permission) => ({ access: { permission, scoped: true } });
const ok = { ok: true as const };
const created = z.object({ id: z.string() });
const photoParams = z.strictObject({ id: uuid, fileId: uuid });
/** Up to four phone-compressed photos as base64 inside the JSON body (as the grid's). */
const PHOTO_BODY_LIMIT = 12 * 1024 * 1024;

export type ServeFile = (reply: FastifyReply, fileId: string) => Promise<FastifyReply>;

export const fireRoutes =
  (fire: FireService, serveFile: ServeFile): FastifyPluginAsyncZod =>
  async (app) => {
    // ── equipment ──
    app.get(
      '/equipment',
      {
        schema: {
          tags,
          summary: '消防器材（可筛选即将到期、已过期）',
          querystring: equipmentListQuery,
          response: { 200: equipmentList },
        },
        config: may('fire.read'),
      },
      async (request) => fire.equipment.list(request.ctx, request.query),
    );
    app.post(
      '/equipment',
      {
        schema: { tags, summary: '登记消防器材', body: equipmentBody, response: { 201: created } },
        config: may('fire.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await fire.equipment.create(request.ctx, request.body) }),
    );
    app.patch(
      '/equipment/:id',
      {
        schema: {
          tags,
          summary: '修改消防器材',
          params: idParams,
          body: updateEquipmentBody,
          response: { 200: okBody },
        },
        config: may('fire.manage'),
      },
      async (request) => {
        await fire.equipment.update(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.delete(
      '/equipment/:id',
      {
        schema: { tags, summary: '删除消防器材', params: idParams, response: { 200: okBody } },
        config: may('fire.manage'),
      },
      async (request) => {
        await fire.equipment.remove(request.ctx, request.params.id);
        return ok;
      },
    );

    // ── checklists and inspections ──
    app.get(
      '/checklist',
      {
        schema: {
          tags,
          summary: '某地点所在小区的月度防火检查表',
          querystring: checklistQuery,
          response: { 200: checklist },
        },
        config: may('fire.read'),
      },
      async (request) => fire.inspections.checklist(request.ctx, request.query.placeId),
    );
    app.put(
      '/estates/:id/checklist',
      {
        schema: {
          tags,
          summary: '设置小区防火检查表',
          params: estateParams,
          body: checklistBody,
          response: { 200: okBody },
        },
        config: may('fire.manage'),
      },
      async (request) => {
        await fire.inspections.setChecklist(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.get(
      '/inspections',
      {
        schema: {
          tags,
          summary: '防火检查记录',
          querystring: inspectionListQuery,
          response: { 200: inspectionList },
        },
        config: may('fire.read'),
      },
      async (request) => fire.inspections.list(request.ctx, request.query),
    );
    app.get(
      '/inspections/missing',
      {
        schema: {
          tags,
          summary: '本月未检查的小区',
          querystring: missingQuery,
          response: { 200: missingList },
        },
        config: may('fire.read'),
      },
      async (request) => fire.inspections.missing(request.ctx, request.query),
    );
    app.get(
      '/inspections/:id',
      {
        schema: { tags, summary: '检查记录详情', params: idParams, response: { 200: inspectionDetail } },
        config: may('fire.read'),
      },
      async (request) => fire.inspections.detail(request.ctx, request.params.id),
    );
    app.post(
      '/inspections',
      {
        schema: {
          tags,
          summary: '提交防火检查（不合格项可直接登记隐患）',
          body: inspectionBody,
          response: { 201: inspectionCreated },
        },
        config: may('fire.manage'),
      },
      async (request, reply) =>
        reply.status(201).send(await fire.inspections.create(request.ctx, request.body)),
    );

    // ── hazards ──
    app.get(
      '/hazards',
      {
        schema: { tags, summary: '火灾隐患', querystring: hazardListQuery, response: { 200: hazardList } },
        config: may('fire.read'),
      },
      async (request) => fire.hazards.list(request.ctx, request.query),
    );
    app.post(
      '/hazards',
      {
        schema: { tags, summary: '登记火灾隐患', body: hazardBody, response: { 201: created } },
        config: may('fire.manage'),
        bodyLimit: PHOTO_BODY_LIMIT,
      },
      async (request, reply) =>
        reply.status(201).send({ id: await fire.hazards.create(request.ctx, request.body) }),
    );
    app.get(
      '/hazards/:id',
      {
        schema: { tags, summary: '隐患详情', params: idParams, response: { 200: hazardDetail } },
        config: may('fire.read'),
      },
      async (request) => fire.hazards.detail(request.ctx, request.params.id),
    );
    app.post(
      '/hazards/:id/actions',
      {
        schema: {
          tags,
          summary: '隐患整改流程：下达整改、提交整改、复查',
          params: idParams,
          body: hazardActionBody,
          response: { 200: hazardStatusBody },
        },
        config: may('fire.manage'),
        bodyLimit: PHOTO_BODY_LIMIT,
      },
      async (request) => fire.hazards.act(request.ctx, request.params.id, request.body),
    );
    app.post(
      '/hazards/:id/photos',
      {
        schema: {
          tags,
          summary: '补充隐患照片（整改前/整改后）',
          params: idParams,
          body: hazardPhotoBody,
          response: { 200: okBody },
        },
        config: may('fire.manage'),
        bodyLimit: PHOTO_BODY_LIMIT,
      },
      async (request) => {
        await fire.hazards.addPhotos(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.get(
      '/hazards/:id/photos/:fileId',
      {
        schema: { tags, summary: '隐患照片', params: photoParams },
        config: may('fire.read'),
      },
      async (request, reply) =>
        serveFile(reply, await fire.hazards.photo(request.ctx, request.params.id, request.params.fileId)),
    );

    // ── emergency plans ──
    app.get(
      '/plans',
      {
        schema: { tags, summary: '应急预案', querystring: planListQuery, response: { 200: planList } },
        config: may('fire.read'),
      },
      async (request) => fire.plans.list(request.ctx, request.query),
    );
    app.post(
      '/plans',
      {
        schema: { tags, summary: '新建应急预案', body: planBody, response: { 201: created } },
        config: may('fire.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await fire.plans.create(request.ctx, request.body) }),
    );
    app.get(
      '/plans/:id',
      {
        schema: {
          tags,
          summary: '应急预案详情（联系人、演练）',
          params: idParams,
          response: { 200: planDetail },
        },
        config: may('fire.read'),
      },
      async (request) => fire.plans.detail(request.ctx, request.params.id),
    );
    app.patch(
      '/plans/:id',
      {
        schema: {
          tags,
          summary: '修改应急预案',
          params: idParams,
          body: updatePlanBody,
          response: { 200: okBody },
        },
        config: may('fire.manage'),
      },
      async (request) => {
        await fire.plans.update(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.delete(
      '/plans/:id',
      {
        schema: { tags, summary: '删除应急预案', params: idParams, response: { 200: okBody } },
        config: may('fire.manage'),
      },
      async (request) => {
        await fire.plans.remove(request.ctx, request.params.id);
        return ok;
      },
    );
    app.post(
      '/plans/:id/contacts/:contactId/reveal',
      {
        schema: {
          tags,
          summary: '查看预案联系人完整电话（留痕）',
          params: contactParams,
          body: revealBody,
          response: { 200: revealed },
        },
        config: may('pii.reveal'),
      },
      async (request) =>
        fire.plans.revealPhone(request.ctx, request.params.id, request.params.contactId, request.body.reason),
    );

    // ── drills and trainings ──
    app.get(
      '/drills',
      {
        schema: {
          tags,
          summary: '消防演练与培训',
          querystring: drillListQuery,
          response: { 200: drillList },
        },
        config: may('fire.read'),
      },
      async (request) => fire.drills.list(request.ctx, request.query),
    );
    app.post(
      '/drills',
      {
        schema: { tags, summary: '登记演练或培训', body: drillBody, response: { 201: created } },
        config: may('fire.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await fire.drills.create(request.ctx, request.body) }),
    );
    app.delete(
      '/drills/:id',
      {
        schema: { tags, summary: '删除演练记录', params: idParams, response: { 200: okBody } },
        config: may('fire.manage'),
      },
      async (request) => {
        await fire.drills.remove(request.ctx, request.params.id);
        return ok;
      },
    );

    // ── volunteer fire brigade ──
    app.get(
      '/brigade',
      {
        schema: {
          tags,
          summary: '义务消防队队员',
          querystring: brigadeListQuery,
          response: { 200: brigadeList },
        },
        config: may('fire.read'),
      },
      async (request) => fire.brigade.list(request.ctx, request.query),
    );
    app.post(
      '/brigade',
      {
        schema: { tags, summary: '添加义务消防队队员', body: brigadeBody, response: { 201: created } },
        config: may('fire.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await fire.brigade.add(request.ctx, request.body) }),
    );
    app.delete(
      '/brigade/:id',
      {
        schema: { tags, summary: '移出义务消防队', params: idParams, response: { 200: okBody } },
        config: may('fire.manage'),
      },
      async (request) => {
        await fire.brigade.remove(request.ctx, request.params.id);
        return ok;
      },
    );
  };
