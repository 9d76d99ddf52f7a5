import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, okBody } from '../../../shared/api/common.js';
import {
  buildingGrid,
  careCaseBody,
  caseDetail,
  caseList,
  caseListQuery,
  EXPORT_LISTS,
  endCaseBody,
  endTenancyBody,
  exportBody,
  houseBody,
  houseCard,
  houseList,
  houseListQuery,
  IMPORT_KIND_LABELS,
  importKind,
  importList,
  importListQuery,
  importQuery,
  importStatus,
  moveInBody,
  moveOutBody,
  ownersBody,
  personBody,
  personDetail,
  personList,
  personListQuery,
  personRevealBody,
  registryStats,
  specialCaseBody,
  statsQuery,
  tenancyBody,
  tenancyList,
  tenancyListQuery,
  updateCaseBody,
  updateHouseBody,
  updatePersonBody,
  visitBody,
} from '../../../shared/api/registry.js';
import type { Permission } from '../../../shared/permissions.js';
import { badRequest } from '../../platform/errors.js';
import type { CaseKind } from './cases.js';
import { buildTemplate } from './excel/writer.js';
import { IMPORT_MAX_BYTES } from './imports.js';
import type { RegistryService } from './service.js';

const created = z.object({ id: z.string() });
const revealResult = z.object({ value: z.string().nullable() });
const tags = ['registry'];
const may = (permission: Permission) => ({ access: { permission, scoped: true } });
const ok = { ok: true as const };

export const registryRoutes =
  (registry: RegistryService): FastifyPluginAsyncZod =>
  async (app) => {
    // ── houses and 楼盘表 ──
    app.get(
      '/houses',
      {
        schema: {
          tags,
          summary: '房屋列表与按地址查找',
          querystring: houseListQuery,
          response: { 200: houseList },
        },
        config: may('registry.read'),
      },
      async (request) => registry.houses.list(request.ctx, request.query),
    );
    app.get(
      '/houses/:id',
      {
        schema: {
          tags,
          summary: '房屋卡片（产权人、住户、出租、历史）',
          params: idParams,
          response: { 200: houseCard },
        },
        config: may('registry.read'),
      },
      async (request) => registry.houses.card(request.ctx, request.params.id),
    );
    app.post(
      '/houses',
      {
        schema: { tags, summary: '登记房屋', body: houseBody, response: { 201: created } },
        config: may('registry.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await registry.houses.create(request.ctx, request.body) }),
    );
    app.patch(
      '/houses/:id',
      {
        schema: {
          tags,
          summary: '修改房屋',
          params: idParams,
          body: updateHouseBody,
          response: { 200: okBody },
        },
        config: may('registry.manage'),
      },
      async (request) => {
        await registry.houses.update(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.delete(
      '/houses/:id',
      {
        schema: {
          tags,
          summary: '删除房屋（无居住与出租记录时）',
          params: idParams,
          response: { 200: okBody },
        },
        config: may('registry.manage'),
      },
      async (request) => {
        await registry.houses.remove(request.ctx, request.params.id);
        return ok;
      },
    );
    app.put(
      '/houses/:id/owners',
      {
        schema: {
          tags,
          summary: '设置产权人与份额',
          params: idParams,
          body: ownersBody,
          response: { 200: okBody },
        },
        config: may('registry.manage'),
      },
      async (request) => {
        await registry.houses.setOwners(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.get(
      '/buildings/:id/grid',
      {
        schema: { tags, summary: '楼盘表', params: idParams, response: { 200: buildingGrid } },
        config: may('registry.read'),
      },
      async (request) => registry.houses.buildingGrid(request.ctx, request.params.id),
    );

    // ── people ──
    app.get(
      '/people',
      {
        schema: {
          tags,
          summary: '人员列表与综合查询（姓名、拼音、证件号后 4 位以上、手机号、地址）',
          querystring: personListQuery,
          response: { 200: personList },
        },
        config: may('registry.read'),
      },
      async (request) => registry.people.list(request.ctx, request.query),
    );
    app.get(
      '/people/unregistered-floating',
      {
        schema: {
          tags,
          summary: '未登记出租的流动人口',
          querystring: personListQuery.omit({ populationType: true }),
          response: { 200: personList },
        },
        config: may('registry.read'),
      },
      async (request) => registry.people.list(request.ctx, { ...request.query, unregistered: 'true' }),
    );
    app.get(
      '/people/:id',
      {
        schema: { tags, summary: '人员详情', params: idParams, response: { 200: personDetail } },
        config: may('registry.read'),
      },
      async (request) => registry.people.detail(request.ctx, request.params.id),
    );
    app.post(
      '/people',
      {
        schema: { tags, summary: '登记人员', body: personBody, response: { 201: created } },
        config: may('registry.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await registry.people.create(request.ctx, request.body) }),
    );
    app.patch(
      '/people/:id',
      {
        schema: {
          tags,
          summary: '修改人员信息',
          params: idParams,
          body: updatePersonBody,
          response: { 200: okBody },
        },
        config: may('registry.manage'),
      },
      async (request) => {
        await registry.people.update(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.post(
      '/people/:id/reveal',
      {
        schema: {
          tags,
          summary: '查看完整证件号或手机号（记录原因）',
          params: idParams,
          body: personRevealBody,
          response: { 200: revealResult },
        },
        config: may('pii.reveal'),
      },
      async (request) => registry.people.reveal(request.ctx, request.params.id, request.body),
    );
    app.post(
      '/people/:id/move-in',
      {
        schema: { tags, summary: '入住房屋', params: idParams, body: moveInBody, response: { 200: okBody } },
        config: may('registry.manage'),
      },
      async (request) => {
        await registry.people.moveIn(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.post(
      '/residencies/:id/move-out',
      {
        schema: {
          tags,
          summary: '迁出（保留居住历史）',
          params: idParams,
          body: moveOutBody,
          response: { 200: okBody },
        },
        config: may('registry.manage'),
      },
      async (request) => {
        await registry.people.moveOut(request.ctx, request.params.id, request.body.moveOut);
        return ok;
      },
    );

    // ── tenancies ──
    app.get(
      '/tenancies',
      {
        schema: {
          tags,
          summary: '出租登记列表',
          querystring: tenancyListQuery,
          response: { 200: tenancyList },
        },
        config: may('registry.read'),
      },
      async (request) => registry.tenancies.list(request.ctx, request.query),
    );
    app.post(
      '/tenancies',
      {
        schema: { tags, summary: '出租登记', body: tenancyBody, response: { 201: created } },
        config: may('registry.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await registry.tenancies.create(request.ctx, request.body) }),
    );
    app.post(
      '/tenancies/:id/end',
      {
        schema: { tags, summary: '退租', params: idParams, body: endTenancyBody, response: { 200: okBody } },
        config: may('registry.manage'),
      },
      async (request) => {
        await registry.tenancies.end(request.ctx, request.params.id, request.body.endedOn);
        return ok;
      },
    );

    // ── special and care groups: the same routes under two permissions ──
    const caseRoutes = (kind: CaseKind, base: string, label: string, read: Permission, write: Permission) => {
      app.get(
        base,
        {
          schema: {
            tags,
            summary: `${label}名单（含走访逾期）`,
            querystring: caseListQuery,
            response: { 200: caseList },
          },
          config: may(read),
        },
        async (request) => registry.cases.list(request.ctx, kind, request.query),
      );
      app.get(
        `${base}/:id`,
        {
          schema: {
            tags,
            summary: `${label}详情与走访记录`,
            params: idParams,
            response: { 200: caseDetail },
          },
          config: may(read),
        },
        async (request) => registry.cases.detail(request.ctx, kind, request.params.id),
      );
      app.post(
        base,
        {
          schema: {
            tags,
            summary: `新增${label}`,
            body: kind === 'special' ? specialCaseBody : careCaseBody,
            response: { 201: created },
          },
          config: may(write),
        },
        async (request, reply) =>
          reply
            .status(201)
            .send({ id: await registry.cases.create(request.ctx, kind, request.body as never) }),
      );
      app.patch(
        `${base}/:id`,
        {
          schema: {
            tags,
            summary: `修改${label}`,
            params: idParams,
            body: updateCaseBody,
            response: { 200: okBody },
          },
          config: may(write),
        },
        async (request) => {
          await registry.cases.update(request.ctx, kind, request.params.id, request.body);
          return ok;
        },
      );
      app.post(
        `${base}/:id/end`,
        {
          schema: {
            tags,
            summary: `${label}结束列管`,
            params: idParams,
            body: endCaseBody,
            response: { 200: okBody },
          },
          config: may(write),
        },
        async (request) => {
          await registry.cases.end(
            request.ctx,
            kind,
            request.params.id,
            request.body.endedOn,
            request.body.reason,
          );
          return ok;
        },
      );
      app.post(
        `${base}/:id/visits`,
        {
          schema: {
            tags,
            summary: `登记${label}走访`,
            params: idParams,
            body: visitBody,
            response: { 201: created },
          },
          config: may(write),
        },
        async (request, reply) =>
          reply
            .status(201)
            .send({ id: await registry.cases.visit(request.ctx, kind, request.params.id, request.body) }),
      );
    };
    caseRoutes('special', '/special-cases', '特殊人群', 'registry.special', 'registry.special');
    caseRoutes('care', '/care-cases', '关爱对象', 'registry.read', 'registry.manage');

    // ── export, templates, import ──
    const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const sendFile = (reply: FastifyReply, file: Buffer, name: string) =>
      reply
        .type(xlsx)
        .header(
          'content-disposition',
          `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
        )
        .header('cache-control', 'no-store')
        .send(file);
    for (const list of EXPORT_LISTS) {
      app.post(
        `/${list}/export`,
        {
          schema: {
            tags,
            summary: `导出${{ people: '人口', houses: '房屋', tenancies: '出租登记' }[list]}（默认脱敏；含敏感信息须有权限并填写原因）`,
            body: exportBody,
          },
          config: may('registry.read'),
        },
        async (request, reply) => {
          const { file, name } = await registry.export(request.ctx, list, request.body);
          return sendFile(reply, file, name);
        },
      );
    }
    app.get(
      '/import-templates/:kind',
      {
        schema: { tags, summary: '下载导入模板', params: z.strictObject({ kind: importKind }) },
        // The same blank template for everyone: nothing in it belongs to a place.
        config: { access: { permission: 'registry.import' as const, scoped: false } },
      },
      async (request, reply) =>
        sendFile(
          reply,
          await buildTemplate(request.params.kind),
          `${IMPORT_KIND_LABELS[request.params.kind]}导入模板.xlsx`,
        ),
    );
    app.register(async (upload) => {
      // The spreadsheet is the body itself: no multipart wrapper to parse, and the limit is the file's.
      upload.addContentTypeParser(
        [xlsx, 'application/octet-stream'],
        { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES },
        (_request, body, done) => done(null, body),
      );
      upload.post(
        '/imports',
        {
          bodyLimit: IMPORT_MAX_BYTES,
          schema: {
            tags,
            summary: 'Excel 导入（请求体为 .xlsx 文件，上限 30 MB；先整体校验再写入）',
            querystring: importQuery,
            response: { 202: created },
          },
          config: may('registry.import'),
        },
        async (request, reply) => {
          if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
            throw badRequest('请上传 Excel（.xlsx）文件');
          }
          return reply.status(202).send({
            id: await registry.imports.start(
              request.ctx,
              request.query as z.infer<typeof importQuery>,
              request.body,
            ),
          });
        },
      );
    });
    app.get(
      '/imports',
      {
        schema: { tags, summary: '导入记录', querystring: importListQuery, response: { 200: importList } },
        config: may('registry.import'),
      },
      async (request) => registry.imports.list(request.ctx, request.query.placeId),
    );
    app.get(
      '/imports/:id',
      {
        schema: { tags, summary: '导入进度与结果', params: idParams, response: { 200: importStatus } },
        config: may('registry.import'),
      },
      async (request) => registry.imports.status(request.ctx, request.params.id),
    );
    app.get(
      '/imports/:id/report',
      {
        schema: { tags, summary: '下载错误报告（出错单元格标红）', params: idParams },
        config: may('registry.import'),
      },
      async (request, reply) => {
        const { file, name } = await registry.imports.report(request.ctx, request.params.id);
        return sendFile(reply, file, name);
      },
    );

    // ── statistics ──
    app.get(
      '/stats',
      {
        schema: {
          tags,
          summary: '房屋与人口统计',
          querystring: statsQuery,
          response: { 200: registryStats },
        },
        config: may('registry.read'),
      },
      async (request) => registry.stats(request.ctx, request.query.placeId),
    );
  };
