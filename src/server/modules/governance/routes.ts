import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, okBody } from '../../../shared/api/common.js';
import {
  ballotChoice,
  ballotSaved,
  committeeBody,
  committeeList,
  designateBody,
  electorateList,
  electorateQuery,
  estateQuery,
  houseParams,
  listBody,
  listDetail,
  listSummaries,
  meetingBody,
  meetingDetail,
  meetingList,
  meetingListQuery,
  meetingRecordBody,
  membersBody,
  myVotes,
  ownerAccountBody,
  ownerAccountList,
  paperBallotBody,
  propertyCompanyBody,
  propertyCompanyList,
  publicEstate,
  recount,
  remindResult,
  resultNotice,
  ruleDetail,
  ruleList,
  ruleVersionBody,
  taskDoneBody,
  taskList,
  taskListQuery,
  userParams,
  voteBody,
  voteDetail,
  voteList,
  voteListQuery,
  voteResult,
} from '../../../shared/api/governance.js';
import type { Permission } from '../../../shared/permissions.js';
import { notFound } from '../../platform/errors.js';
import type { GovernanceService } from './service.js';

const tags = ['governance'];
const may = (permission: Permission) => ({ access: { permission, scoped: true } });
const ok = { ok: true as const };
const created = z.object({ id: z.string() });
/** A scanned ballot (≤ 5 MB) as base64 inside the JSON body. */
const SCAN_BODY_LIMIT = 8 * 1024 * 1024;

export type ServeFile = (reply: FastifyReply, fileId: string) => Promise<FastifyReply>;

export const governanceRoutes =
  (gov: GovernanceService, serveFile: ServeFile): FastifyPluginAsyncZod =>
  async (app) => {
    // ── committee, property company, lists ──
    app.get(
      '/committees',
      {
        schema: {
          tags,
          summary: '业主委员会（各届及成员）',
          querystring: estateQuery,
          response: { 200: committeeList },
        },
        config: may('governance.read'),
      },
      async (request) => gov.committee.committees(request.ctx, request.query.estateId),
    );
    app.post(
      '/committees',
      {
        schema: {
          tags,
          summary: '新一届业主委员会（含成员）',
          body: committeeBody,
          response: { 201: created },
        },
        config: may('governance.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await gov.committee.createCommittee(request.ctx, request.body) }),
    );
    app.put(
      '/committees/:id/members',
      {
        schema: {
          tags,
          summary: '调整业委会成员',
          params: idParams,
          body: membersBody,
          response: { 200: okBody },
        },
        config: may('governance.manage'),
      },
      async (request) => {
        await gov.committee.setMembers(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.get(
      '/property-companies',
      {
        schema: {
          tags,
          summary: '物业服务企业（合同期）',
          querystring: estateQuery,
          response: { 200: propertyCompanyList },
        },
        config: may('governance.read'),
      },
      async (request) => gov.committee.companies(request.ctx, request.query.estateId),
    );
    app.post(
      '/property-companies',
      {
        schema: {
          tags,
          summary: '登记物业服务企业及合同',
          body: propertyCompanyBody,
          response: { 201: created },
        },
        config: may('governance.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await gov.committee.createCompany(request.ctx, request.body) }),
    );
    app.get(
      '/lists',
      {
        schema: {
          tags,
          summary: '四张清单与物业服务清单（现行版本）',
          querystring: estateQuery,
          response: { 200: listSummaries },
        },
        config: may('governance.read'),
      },
      async (request) => gov.committee.lists(request.ctx, request.query.estateId),
    );
    app.get(
      '/lists/:id',
      {
        schema: { tags, summary: '清单及其历次版本', params: idParams, response: { 200: listDetail } },
        config: may('governance.read'),
      },
      async (request) => gov.committee.listDetail(request.ctx, request.params.id),
    );
    app.put(
      '/lists',
      {
        schema: {
          tags,
          summary: '保存清单（每次保存为新版本）',
          body: listBody,
          response: { 200: z.object({ id: z.string(), version: z.number().int() }) },
        },
        config: may('governance.manage'),
      },
      async (request) => gov.committee.saveList(request.ctx, request.body),
    );

    // ── meetings and tasks ──
    app.get(
      '/meetings',
      {
        schema: { tags, summary: '会议列表', querystring: meetingListQuery, response: { 200: meetingList } },
        config: may('governance.read'),
      },
      async (request) => gov.meetings.list(request.ctx, request.query),
    );
    app.post(
      '/meetings',
      {
        schema: {
          tags,
          summary: '召集会议（议程自动带入未销号任务）',
          body: meetingBody,
          response: { 201: created },
        },
        config: may('governance.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await gov.meetings.create(request.ctx, request.body) }),
    );
    app.get(
      '/meetings/:id',
      {
        schema: {
          tags,
          summary: '会议详情：议程、出席、纪要、决定与任务',
          params: idParams,
          response: { 200: meetingDetail },
        },
        config: may('governance.read'),
      },
      async (request) => gov.meetings.detail(request.ctx, request.params.id),
    );
    app.post(
      '/meetings/:id/record',
      {
        schema: {
          tags,
          summary: '记录会议：出席、纪要，决定事项生成任务（只能记录一次）',
          params: idParams,
          body: meetingRecordBody,
          response: { 200: okBody },
        },
        config: may('governance.manage'),
      },
      async (request) => {
        await gov.meetings.record(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.get(
      '/tasks',
      {
        schema: {
          tags,
          summary: '决定事项任务（可筛选逾期）',
          querystring: taskListQuery,
          response: { 200: taskList },
        },
        config: may('governance.read'),
      },
      async (request) => gov.meetings.tasks(request.ctx, request.query),
    );
    app.post(
      '/tasks/:id/done',
      {
        schema: {
          tags,
          summary: '任务销号',
          params: idParams,
          body: taskDoneBody,
          response: { 200: okBody },
        },
        config: may('governance.manage'),
      },
      async (request) => {
        await gov.meetings.done(request.ctx, request.params.id, request.body);
        return ok;
      },
    );

    // ── votes ──
    app.get(
      '/votes',
      {
        schema: { tags, summary: '表决与选举', querystring: voteListQuery, response: { 200: voteList } },
        config: may('governance.read'),
      },
      async (request) => gov.votes.list(request.ctx, request.query),
    );
    app.post(
      '/votes',
      {
        schema: { tags, summary: '发起表决或选举（草稿）', body: voteBody, response: { 201: created } },
        config: may('governance.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await gov.votes.create(request.ctx, request.body) }),
    );
    app.get(
      '/votes/:id',
      {
        schema: {
          tags,
          summary: '表决详情与投票进度（面积与人数）',
          params: idParams,
          response: { 200: voteDetail },
        },
        config: may('governance.read'),
      },
      async (request) => gov.votes.detail(request.ctx, request.params.id),
    );
    app.post(
      '/votes/:id/open',
      {
        schema: {
          tags,
          summary: '开始表决：锁定业主名册（房屋、专有面积、业主、表决人）',
          params: idParams,
          response: { 200: okBody },
        },
        config: may('governance.manage'),
      },
      async (request) => {
        await gov.votes.open(request.ctx, request.params.id);
        return ok;
      },
    );
    app.get(
      '/votes/:id/electorate',
      {
        schema: {
          tags,
          summary: '表决业主名册与投票情况',
          params: idParams,
          querystring: electorateQuery,
          response: { 200: electorateList },
        },
        config: may('governance.read'),
      },
      async (request) => gov.votes.electorate(request.ctx, request.params.id, request.query),
    );
    app.put(
      '/votes/:id/electorate/:houseId/voter',
      {
        schema: {
          tags,
          summary: '变更共有房屋的表决人（投票前）',
          params: houseParams,
          body: designateBody,
          response: { 200: okBody },
        },
        config: may('governance.manage'),
      },
      async (request) => {
        await gov.votes.designate(
          request.ctx,
          request.params.id,
          request.params.houseId,
          request.body.personId,
        );
        return ok;
      },
    );
    app.post(
      '/votes/:id/paper-ballots',
      {
        bodyLimit: SCAN_BODY_LIMIT,
        schema: {
          tags,
          summary: '录入纸质表决票（附扫描件；每户一票，重复返回 409）',
          params: idParams,
          body: paperBallotBody,
          response: { 201: ballotSaved },
        },
        config: may('governance.manage'),
      },
      async (request, reply) =>
        reply.status(201).send(await gov.votes.castPaper(request.ctx, request.params.id, request.body)),
    );
    app.get(
      '/votes/:id/ballots/:houseId/scan',
      {
        schema: { tags, summary: '纸质表决票扫描件', params: houseParams },
        config: may('governance.read'),
      },
      async (request, reply) =>
        serveFile(reply, await gov.votes.scan(request.ctx, request.params.id, request.params.houseId)),
    );
    app.post(
      '/votes/:id/remind',
      {
        schema: {
          tags,
          summary: '提醒未投票业主（站内通知）',
          params: idParams,
          response: { 200: remindResult },
        },
        config: may('governance.manage'),
      },
      async (request) => gov.votes.remind(request.ctx, request.params.id),
    );
    app.post(
      '/votes/:id/close',
      {
        schema: {
          tags,
          summary: '截止并计票（同一事务内精确计算）',
          params: idParams,
          response: { 200: z.object({ result: voteResult }) },
        },
        config: may('governance.manage'),
      },
      async (request) => ({ result: await gov.votes.close(request.ctx, request.params.id) }),
    );
    app.get(
      '/votes/:id/recount',
      {
        schema: {
          tags,
          summary: '复核计票（重新计算并与已存结果比对）',
          params: idParams,
          response: { 200: recount },
        },
        config: may('governance.read'),
      },
      async (request) => gov.votes.recount(request.ctx, request.params.id),
    );
    app.post(
      '/votes/:id/publish',
      {
        schema: { tags, summary: '公告表决结果', params: idParams, response: { 201: created } },
        config: may('governance.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await gov.votes.publish(request.ctx, request.params.id) }),
    );
    app.get(
      '/votes/:id/notice',
      {
        schema: { tags, summary: '表决结果公告（打印）', params: idParams, response: { 200: resultNotice } },
        config: may('governance.read'),
      },
      async (request) => gov.votes.notice(request.ctx, request.params.id, 'vote'),
    );

    // ── owner accounts ──
    app.get(
      '/owner-accounts',
      {
        schema: {
          tags,
          summary: '已核验的业主账号',
          querystring: estateQuery,
          response: { 200: ownerAccountList },
        },
        config: may('governance.read'),
      },
      async (request) => gov.votes.ownerAccounts(request.ctx, request.query.estateId),
    );
    app.post(
      '/owner-accounts',
      {
        schema: {
          tags,
          summary: '核验业主身份：把居民账号关联到登记的业主',
          body: ownerAccountBody,
          response: { 200: okBody },
        },
        config: may('governance.manage'),
      },
      async (request) => {
        await gov.votes.verifyOwner(request.ctx, request.body);
        return ok;
      },
    );
    app.delete(
      '/owner-accounts/:userId',
      {
        schema: { tags, summary: '解除业主账号关联', params: userParams, response: { 200: okBody } },
        config: may('governance.manage'),
      },
      async (request) => {
        await gov.votes.unlinkOwner(request.ctx, request.params.userId);
        return ok;
      },
    );

    // ── rules ──
    app.get(
      '/rules',
      {
        schema: {
          tags,
          summary: '管理规约、议事规则与章程',
          querystring: estateQuery,
          response: { 200: ruleList },
        },
        config: may('governance.read'),
      },
      async (request) => gov.rules.list(request.ctx, request.query.estateId),
    );
    app.get(
      '/rules/:id',
      {
        schema: { tags, summary: '规约及其历次版本', params: idParams, response: { 200: ruleDetail } },
        config: may('governance.read'),
      },
      async (request) => gov.rules.detail(request.ctx, request.params.id),
    );
    app.post(
      '/rules/versions',
      {
        schema: {
          tags,
          summary: '登记规约新版本（可注明通过它的表决）',
          body: ruleVersionBody,
          response: { 201: z.object({ id: z.string(), versionId: z.string(), version: z.number().int() }) },
        },
        config: may('governance.manage'),
      },
      async (request, reply) => reply.status(201).send(await gov.rules.addVersion(request.ctx, request.body)),
    );

    // ── owners themselves ──
    app.get(
      '/my/votes',
      {
        schema: { tags, summary: '我的表决（已核验业主：名下房屋的表决）', response: { 200: myVotes } },
        config: { access: { authenticated: true } },
      },
      async (request) => gov.votes.mine(request.ctx),
    );
    app.post(
      '/my/votes/:id/ballots',
      {
        schema: {
          tags,
          summary: '业主在线投票（须为该房屋的表决人；每户一票）',
          params: idParams,
          body: ballotChoice,
          response: { 201: ballotSaved },
        },
        config: { access: { authenticated: true } },
      },
      async (request, reply) =>
        reply.status(201).send(await gov.votes.castOnline(request.ctx, request.params.id, request.body)),
    );

    // ── public ──
    app.get(
      '/public/estates/:id',
      {
        schema: {
          tags,
          summary: '小区自治公示（公开）：业委会、物业、清单、规约、表决结果',
          params: idParams,
          response: { 200: publicEstate },
        },
        config: { access: { public: true } },
      },
      async (request) => gov.publicEstate(request.params.id),
    );
    app.get(
      '/public/notices/:id',
      {
        schema: { tags, summary: '表决结果公告（公开）', params: idParams, response: { 200: resultNotice } },
        config: { access: { public: true } },
      },
      async (request) => gov.votes.notice(null, request.params.id, 'notice'),
    );
    app.get(
      '/public/rules/:id',
      {
        schema: {
          tags,
          summary: '规约全文及历次版本（公开）',
          params: idParams,
          response: { 200: ruleDetail },
        },
        config: { access: { public: true } },
      },
      async (request) => {
        const r = await gov.rules.publicDetail(request.params.id);
        if (!r) throw notFound('规约不存在');
        return r;
      },
    );
  };
