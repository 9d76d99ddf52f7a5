import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, okBody, uuid } from '../../../shared/api/common.js';
import {
  agreementBody,
  assignedMediator,
  caseActionBody,
  caseBody,
  caseDetail,
  caseExportBody,
  caseList,
  caseListQuery,
  caseStatusBody,
  committeeBody,
  committeeList,
  committeeListQuery,
  documentQuery,
  documentSaved,
  explanationBody,
  followupBody,
  followupDueList,
  leadBody,
  mediatorsBody,
  memberBody,
  partyBody,
  progressBody,
  responseBody,
  revealBody,
  revealed,
  sessionBody,
  stats,
  statsQuery,
  sweepBody,
  sweepList,
  sweepListQuery,
  updateCaseBody,
  updateCommitteeBody,
  updateMemberBody,
  warningList,
} from '../../../shared/api/mediation.js';
import { EVIDENCE_MAX_BYTES } from '../../../shared/mediation.js';
import type { Permission } from '../../../shared/permissions.js';
import { contentDisposition, rawBody } from '../../platform/files/index.js';
import type { MediationService } from './service.js';

const tags = ['mediation'];
const may = (permission: Permission) => ({ access: { permission, scoped: true } });
const ok = { ok: true as const };
const created = z.object({ id: z.string() });
const partyParams = z.strictObject({ id: uuid, partyId: uuid });
const documentParams = z.strictObject({ id: uuid, documentId: uuid });
const followupParams = z.strictObject({ id: uuid, followupId: uuid });
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** Evidence arrives as the raw body; anything up to this is read, then judged by its bytes. */
const EVIDENCE_BODY_LIMIT = EVIDENCE_MAX_BYTES * 2;

export type ServeFile = (reply: FastifyReply, fileId: string) => Promise<FastifyReply>;

const download = (reply: FastifyReply, type: string, name: string, bytes: Buffer) =>
  reply
    .type(type)
    .header('content-disposition', contentDisposition(name))
    .header('cache-control', 'no-store')
    .send(bytes);

export const mediationRoutes =
  (mediation: MediationService, serveFile: ServeFile): FastifyPluginAsyncZod =>
  async (app) => {
    const { committees, cases, sweeps } = mediation;

    // ── committees ──
    app.get(
      '/committees',
      {
        schema: {
          tags,
          summary: '人民调解委员会及其成员（含组成合法性提示）',
          querystring: committeeListQuery,
          response: { 200: committeeList },
        },
        config: may('mediation.read'),
      },
      async (request) => committees.list(request.ctx, request.query),
    );
    app.post(
      '/committees',
      {
        schema: { tags, summary: '设立调解委员会', body: committeeBody, response: { 201: created } },
        config: may('mediation.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await committees.create(request.ctx, request.body) }),
    );
    app.patch(
      '/committees/:id',
      {
        schema: {
          tags,
          summary: '修改调解委员会（含应急联动部门）',
          params: idParams,
          body: updateCommitteeBody,
          response: { 200: okBody },
        },
        config: may('mediation.manage'),
      },
      async (request) => {
        await committees.update(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.post(
      '/committees/:id/members',
      {
        schema: {
          tags,
          summary: '添加调委会成员',
          params: idParams,
          body: memberBody,
          response: { 201: created },
        },
        config: may('mediation.manage'),
      },
      async (request, reply) =>
        reply
          .status(201)
          .send({ id: await committees.addMember(request.ctx, request.params.id, request.body) }),
    );
    app.patch(
      '/members/:id',
      {
        schema: {
          tags,
          summary: '修改或停用调委会成员',
          params: idParams,
          body: updateMemberBody,
          response: { 200: okBody },
        },
        config: may('mediation.manage'),
      },
      async (request) => {
        await committees.updateMember(request.ctx, request.params.id, request.body);
        return ok;
      },
    );

    // ── sweeps ──
    app.get(
      '/sweeps',
      {
        schema: {
          tags,
          summary: '矛盾纠纷排查记录',
          querystring: sweepListQuery,
          response: { 200: sweepList },
        },
        config: may('mediation.read'),
      },
      async (request) => sweeps.list(request.ctx, request.query),
    );
    app.post(
      '/sweeps',
      {
        schema: {
          tags,
          summary: '登记排查（发现的纠纷逐条立案）',
          body: sweepBody,
          response: { 201: z.object({ id: z.string(), caseIds: z.array(z.string()) }) },
        },
        config: may('mediation.manage'),
      },
      async (request, reply) => reply.status(201).send(await sweeps.create(request.ctx, request.body)),
    );

    // ── cases ──
    app.get(
      '/cases',
      {
        schema: { tags, summary: '调解案件', querystring: caseListQuery, response: { 200: caseList } },
        config: may('mediation.read'),
      },
      async (request) => cases.list(request.ctx, request.query),
    );
    app.post(
      '/cases/export',
      {
        schema: { tags, summary: '导出调解案件（当前筛选条件，xlsx；留痕）', body: caseExportBody },
        config: may('mediation.read'),
      },
      async (request, reply) =>
        download(
          reply,
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          '调解案件.xlsx',
          await mediation.exportList(request.ctx, request.body.filters),
        ),
    );
    app.get(
      '/cases/warnings',
      {
        schema: { tags, summary: '矛盾纠纷预警（有激化风险的在办案件）', response: { 200: warningList } },
        config: may('mediation.read'),
      },
      async (request) => cases.warnings(request.ctx),
    );
    app.get(
      '/followups/due',
      {
        schema: { tags, summary: '近期待回访', response: { 200: followupDueList } },
        config: may('mediation.read'),
      },
      async (request) => cases.dueFollowups(request.ctx),
    );
    app.get(
      '/stats',
      {
        schema: {
          tags,
          summary: '调解统计：层级、类别、结果、成功率、平均用时',
          querystring: statsQuery,
          response: { 200: stats },
        },
        config: may('mediation.read'),
      },
      async (request) => mediation.stats(request.ctx, request.query),
    );
    app.post(
      '/cases',
      {
        schema: { tags, summary: '纠纷登记', body: caseBody, response: { 201: created } },
        config: may('mediation.work'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: (await cases.create(request.ctx, request.body)).id }),
    );
    app.get(
      '/cases/:id',
      {
        schema: { tags, summary: '案件详情与卷宗', params: idParams, response: { 200: caseDetail } },
        config: may('mediation.read'),
      },
      async (request) => cases.detail(request.ctx, request.params.id),
    );
    app.patch(
      '/cases/:id',
      {
        schema: {
          tags,
          summary: '修改案件信息',
          params: idParams,
          body: updateCaseBody,
          response: { 200: okBody },
        },
        config: may('mediation.work'),
      },
      async (request) => {
        await cases.update(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.post(
      '/cases/:id/actions',
      {
        schema: {
          tags,
          summary: '案件流转：受理、不予受理、上交、达成协议、调解不成、结案',
          params: idParams,
          body: caseActionBody,
          response: { 200: caseStatusBody },
        },
        config: may('mediation.work'),
      },
      async (request) => cases.act(request.ctx, request.params.id, request.body),
    );
    app.post(
      '/cases/:id/parties',
      {
        schema: {
          tags,
          summary: '添加当事人',
          params: idParams,
          body: partyBody,
          response: { 201: created },
        },
        config: may('mediation.work'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await cases.addParty(request.ctx, request.params.id, request.body) }),
    );
    app.delete(
      '/cases/:id/parties/:partyId',
      {
        schema: { tags, summary: '移除当事人', params: partyParams, response: { 200: okBody } },
        config: may('mediation.work'),
      },
      async (request) => {
        await cases.removeParty(request.ctx, request.params.id, request.params.partyId);
        return ok;
      },
    );
    app.post(
      '/cases/:id/parties/:partyId/reveal',
      {
        schema: {
          tags,
          summary: '查看当事人完整证件号或电话（留痕）',
          params: partyParams,
          body: revealBody,
          response: { 200: revealed },
        },
        config: may('pii.reveal'),
      },
      async (request) =>
        cases.revealParty(request.ctx, request.params.id, request.params.partyId, request.body),
    );
    app.get(
      '/cases/:id/mediator-options',
      {
        schema: {
          tags,
          summary: '可指派的调解员（本地及上级调委会）',
          params: idParams,
          response: {
            200: z.object({
              items: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
            }),
          },
        },
        config: may('mediation.work'),
      },
      async (request) => {
        const c = await cases.caseFor(request.ctx, request.params.id, 'mediation.work');
        return { items: await committees.assignable(c.placePath) };
      },
    );
    app.put(
      '/cases/:id/mediators',
      {
        schema: {
          tags,
          summary: '指派调解员（检查回避）',
          params: idParams,
          body: mediatorsBody,
          response: { 200: z.array(assignedMediator) },
        },
        config: may('mediation.work'),
      },
      async (request) => cases.setMediators(request.ctx, request.params.id, request.body),
    );
    app.post(
      '/cases/:id/sessions',
      {
        schema: {
          tags,
          summary: '记录调解（调解笔录）',
          params: idParams,
          body: sessionBody,
          response: { 201: created },
        },
        config: may('mediation.work'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await cases.addSession(request.ctx, request.params.id, request.body) }),
    );
    app.put(
      '/cases/:id/agreement',
      {
        schema: {
          tags,
          summary: '编辑调解协议书',
          params: idParams,
          body: agreementBody,
          response: { 200: okBody },
        },
        config: may('mediation.work'),
      },
      async (request) => {
        await cases.saveAgreement(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.get(
      '/cases/:id/agreement.docx',
      {
        schema: {
          tags,
          summary: '下载人民调解协议书（.docx）；full=true 时显示完整证件号（需查看权限，留痕）',
          params: idParams,
          querystring: z.strictObject({ full: z.enum(['true', 'false']).default('false') }),
        },
        config: may('mediation.read'),
      },
      async (request, reply) => {
        const f = await mediation.agreementFile(
          request.ctx,
          request.params.id,
          request.query.full === 'true',
        );
        return download(reply, DOCX, f.name, f.bytes);
      },
    );
    app.get(
      '/cases/:id/file.zip',
      {
        schema: { tags, summary: '导出卷宗（.docx 与证据材料，.zip）', params: idParams },
        config: may('mediation.read'),
      },
      async (request, reply) => {
        const f = await mediation.caseFile(request.ctx, request.params.id);
        return download(reply, 'application/zip', f.name, f.bytes);
      },
    );
    app.post(
      '/cases/:id/lead',
      {
        schema: {
          tags,
          summary: '包案：定领导、定专人、定方案、定时限',
          params: idParams,
          body: leadBody,
          response: { 200: okBody },
        },
        config: may('mediation.manage'),
      },
      async (request) => {
        await cases.setLead(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.post(
      '/cases/:id/responses',
      {
        schema: {
          tags,
          summary: '记录应急处置（现场稳控、疏导、依法处置）',
          params: idParams,
          body: responseBody,
          response: { 200: okBody },
        },
        config: may('mediation.work'),
      },
      async (request) => {
        await cases.addResponse(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.post(
      '/cases/:id/followups/:followupId',
      {
        schema: {
          tags,
          summary: '记录回访',
          params: followupParams,
          body: followupBody,
          response: { 200: okBody },
        },
        config: may('mediation.work'),
      },
      async (request) => {
        await cases.recordFollowup(request.ctx, request.params.id, request.params.followupId, request.body);
        return ok;
      },
    );
    app.patch(
      '/cases/:id/progress',
      {
        schema: {
          tags,
          summary: '权利义务告知、司法确认与履行情况',
          params: idParams,
          body: progressBody,
          response: { 200: okBody },
        },
        config: may('mediation.work'),
      },
      async (request) => {
        await cases.progress(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.put(
      '/cases/:id/explanations',
      {
        schema: {
          tags,
          summary: '卷宗材料缺失的情况说明',
          params: idParams,
          body: explanationBody,
          response: { 200: okBody },
        },
        config: may('mediation.work'),
      },
      async (request) => {
        await cases.explain(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.register(async (plugin) => {
      const upload = plugin.withTypeProvider<ZodTypeProvider>();
      // The file is the body itself (any type; it is judged by its bytes), named in the query.
      upload.addContentTypeParser(
        '*',
        { parseAs: 'buffer', bodyLimit: EVIDENCE_BODY_LIMIT },
        (_request, body, done) => done(null, body),
      );
      upload.post(
        '/cases/:id/documents',
        {
          bodyLimit: EVIDENCE_BODY_LIMIT,
          schema: {
            tags,
            summary: '上传证据或卷宗材料（请求体为文件本身，上限 20 MB；记录 SHA-256）',
            params: idParams,
            querystring: documentQuery,
            response: { 201: documentSaved },
          },
          config: may('mediation.work'),
        },
        async (request, reply) =>
          reply
            .status(201)
            .send(
              await cases.addDocument(
                request.ctx,
                request.params.id,
                rawBody(request.body, '文件'),
                request.query,
              ),
            ),
      );
    });
    app.get(
      '/cases/:id/documents/:documentId',
      { schema: { tags, summary: '下载证据或材料', params: documentParams }, config: may('mediation.read') },
      async (request, reply) =>
        serveFile(reply, await cases.documentFile(request.ctx, request.params.id, request.params.documentId)),
    );
  };
