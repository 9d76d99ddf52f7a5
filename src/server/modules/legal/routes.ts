import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, okBody, uuid } from '../../../shared/api/common.js';
import {
  advisorOptions,
  agreementBody,
  agreementList,
  articleBody,
  articleDetail,
  articleList,
  articleListQuery,
  attendance,
  attendanceQuery,
  boardBody,
  boardHistory,
  boardHistoryQuery,
  boardOverview,
  checkinResult,
  courseBody,
  courseList,
  deskRequestBody,
  dutyBody,
  dutyList,
  dutyQuery,
  feedbackBody,
  fileNameQuery,
  legalActionBody,
  legalContactBody,
  legalContactList,
  legalContactRevealed,
  legalCreated,
  legalPublicPlace,
  legalPublicStatus,
  legalRateBody,
  legalRequestDetail,
  legalRequestList,
  legalRequestListQuery,
  legalRevealBody,
  legalStats,
  legalStatsQuery,
  legalStatusQuery,
  legalSubmitted,
  publicArticle,
  publicArticleList,
  publicArticleQuery,
  publicCheckinBody,
  publicLegalRequestBody,
  publicSession,
  sessionBody,
  sessionDetail,
  sessionList,
  sessionListQuery,
  signupBody,
  signupResult,
  staffCheckinBody,
  tokenParams,
  updateAgreementBody,
  updateArticleBody,
  updateCourseBody,
  updateSessionBody,
} from '../../../shared/api/legal.js';
import { LEGAL_FILE_MAX_BYTES, LEGAL_FILE_TYPES } from '../../../shared/legal.js';
import type { Permission } from '../../../shared/permissions.js';
import { rawBody } from '../../platform/files/index.js';
import type { LegalService } from './service.js';

const tags = ['legal'];
const may = (permission: Permission) => ({ access: { permission, scoped: true } });
const open = { access: { public: true as const } };
const ok = { ok: true as const };
const placeOnly = z.strictObject({ placeId: uuid.optional() });
const materialParams = z.strictObject({ id: uuid, fileId: uuid });
/** A board photo as base64 inside the JSON body. */
const PHOTO_BODY_LIMIT = 8 * 1024 * 1024;

export type ServeFile = (reply: FastifyReply, fileId: string, download?: boolean) => Promise<FastifyReply>;

/** Where QR codes should point: the configured public address, else the address the caller used. */
const originOf = (request: FastifyRequest, publicUrl?: string) =>
  publicUrl ?? `${request.protocol}://${request.host}`;

export const legalRoutes =
  (legal: LegalService, serveFile: ServeFile, publicUrl?: string): FastifyPluginAsyncZod =>
  async (app) => {
    // ── requests ──
    app.get(
      '/requests',
      {
        schema: {
          tags,
          summary: '法律服务申请列表',
          querystring: legalRequestListQuery,
          response: { 200: legalRequestList },
        },
        config: may('legal.read'),
      },
      async (request) => legal.requests.list(request.ctx, request.query),
    );
    app.post(
      '/requests',
      {
        schema: {
          tags,
          summary: '窗口登记法律服务申请',
          body: deskRequestBody,
          response: { 201: z.object({ id: z.string(), trackingNo: z.string() }) },
        },
        config: may('legal.work'),
      },
      async (request, reply) =>
        reply.status(201).send(await legal.requests.createAtDesk(request.ctx, request.body)),
    );
    app.get(
      '/requests/:id',
      {
        schema: {
          tags,
          summary: '法律服务申请详情',
          params: idParams,
          response: { 200: legalRequestDetail },
        },
        config: may('legal.read'),
      },
      async (request) => legal.requests.detail(request.ctx, request.params.id),
    );
    app.get(
      '/requests/:id/advisors',
      {
        schema: { tags, summary: '可指派的法律顾问', params: idParams, response: { 200: advisorOptions } },
        config: may('legal.work'),
      },
      async (request) => legal.requests.advisors(request.ctx, request.params.id),
    );
    app.post(
      '/requests/:id/actions',
      {
        schema: {
          tags,
          summary: '办理：指派、答复、办结（不允许的步骤答 409 并列出可做的）',
          params: idParams,
          body: legalActionBody,
          response: { 200: okBody },
        },
        config: may('legal.work'),
      },
      async (request) => {
        await legal.requests.act(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.post(
      '/requests/:id/contact/reveal',
      {
        schema: {
          tags,
          summary: '查看申请人完整姓名和电话（需说明理由，记入审计）',
          params: idParams,
          body: legalRevealBody,
          response: { 200: legalContactRevealed },
        },
        config: may('pii.reveal'),
      },
      async (request) => legal.requests.reveal(request.ctx, request.params.id, request.body),
    );

    // ── public: requests, knowledge, night school ──
    app.get(
      '/public/places/:id',
      {
        schema: {
          tags,
          summary: '法律服务公开页的地点、近两周值班与可报名的夜校（公开）',
          params: idParams,
          response: { 200: legalPublicPlace },
        },
        config: open,
      },
      async (request) => legal.publicPlace(request.params.id),
    );
    app.post(
      '/public/requests',
      {
        schema: {
          tags,
          summary: '居民在线申请法律服务（公开；每个 IP 每小时限 5 件）',
          body: publicLegalRequestBody,
          response: { 201: legalSubmitted },
        },
        config: open,
      },
      async (request, reply) =>
        reply.status(201).send(await legal.requests.submit(request.ctx, request.body, request.ip)),
    );
    app.get(
      '/public/requests/status',
      {
        schema: {
          tags,
          summary: '按受理编号和手机号查询办理进度（公开）',
          querystring: legalStatusQuery,
          response: { 200: legalPublicStatus },
        },
        config: open,
      },
      async (request) => legal.requests.status(request.query.trackingNo, request.query.phone),
    );
    app.post(
      '/public/requests/rating',
      {
        schema: {
          tags,
          summary: '居民评价（答复后 1–5 星）',
          body: legalRateBody,
          response: { 200: okBody },
        },
        config: open,
      },
      async (request) => {
        await legal.requests.rate(request.ctx, request.body);
        return ok;
      },
    );
    app.get(
      '/public/articles',
      {
        schema: {
          tags,
          summary: '普法知识（公开，本地及上级发布的文章）',
          querystring: publicArticleQuery,
          response: { 200: publicArticleList },
        },
        config: open,
      },
      async (request) => legal.records.publicArticles(request.query),
    );
    app.get(
      '/public/articles/:id',
      {
        schema: { tags, summary: '普法文章（公开）', params: idParams, response: { 200: publicArticle } },
        config: open,
      },
      async (request) => legal.records.publicArticle(request.params.id),
    );
    app.get(
      '/public/sessions/:id',
      {
        schema: {
          tags,
          summary: '夜校课程报名页（公开）',
          params: idParams,
          response: { 200: publicSession },
        },
        config: open,
      },
      async (request) => legal.school.publicSession(request.params.id),
    );
    app.post(
      '/public/sessions/:id/signups',
      {
        schema: {
          tags,
          summary: '报名夜校（公开；每个手机号每期一次，满额即止）',
          params: idParams,
          body: signupBody,
          response: { 200: signupResult },
        },
        config: open,
      },
      async (request) => legal.school.signup(request.ctx, request.params.id, request.body, request.ip),
    );
    app.post(
      '/public/sessions/:id/feedback',
      {
        schema: {
          tags,
          summary: '课后评价（公开，凭签到手机号）',
          params: idParams,
          body: feedbackBody,
          response: { 200: okBody },
        },
        config: open,
      },
      async (request) => {
        await legal.school.feedback(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.get(
      '/public/checkin/:token',
      {
        schema: {
          tags,
          summary: '扫码签到页的课程（公开）',
          params: tokenParams,
          response: { 200: publicSession },
        },
        config: open,
      },
      async (request) => legal.school.checkinSession(request.params.token),
    );
    app.post(
      '/public/checkin/:token',
      {
        schema: {
          tags,
          summary: '扫码签到（公开；重复签到答「已签到」）',
          params: tokenParams,
          body: publicCheckinBody,
          response: { 200: checkinResult },
        },
        config: open,
      },
      async (request) =>
        legal.school.publicCheckin(request.ctx, request.params.token, request.body, request.ip),
    );

    // ── duty roster ──
    app.get(
      '/duty',
      {
        schema: {
          tags,
          summary: '值班表（按日期范围）',
          querystring: dutyQuery,
          response: { 200: dutyList },
        },
        config: may('legal.read'),
      },
      async (request) => legal.roster.duty(request.ctx, request.query),
    );
    app.post(
      '/duty',
      {
        schema: {
          tags,
          summary: '排班（同一顾问或同一地点时段冲突答 409 并说明冲突）',
          body: dutyBody,
          response: { 201: legalCreated },
        },
        config: may('legal.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await legal.roster.addSlot(request.ctx, request.body) }),
    );
    app.delete(
      '/duty/:id',
      {
        schema: { tags, summary: '取消值班安排', params: idParams, response: { 200: okBody } },
        config: may('legal.manage'),
      },
      async (request) => {
        await legal.roster.removeSlot(request.ctx, request.params.id);
        return ok;
      },
    );

    // ── 法律明白人 ──
    app.get(
      '/contacts',
      {
        schema: {
          tags,
          summary: '法律明白人（按楼栋）',
          querystring: placeOnly,
          response: { 200: legalContactList },
        },
        config: may('legal.read'),
      },
      async (request) => legal.roster.contacts(request.ctx, request.query.placeId),
    );
    app.post(
      '/contacts',
      {
        schema: {
          tags,
          summary: '设置楼栋法律明白人',
          body: legalContactBody,
          response: { 201: legalCreated },
        },
        config: may('legal.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await legal.roster.addContact(request.ctx, request.body) }),
    );
    app.delete(
      '/contacts/:id',
      {
        schema: { tags, summary: '移除法律明白人', params: idParams, response: { 200: okBody } },
        config: may('legal.manage'),
      },
      async (request) => {
        await legal.roster.removeContact(request.ctx, request.params.id);
        return ok;
      },
    );
    app.post(
      '/contacts/:id/reveal',
      {
        schema: {
          tags,
          summary: '查看法律明白人完整电话（需说明理由，记入审计）',
          params: idParams,
          body: legalRevealBody,
          response: { 200: legalContactRevealed },
        },
        config: may('pii.reveal'),
      },
      async (request) => legal.roster.revealContact(request.ctx, request.params.id, request.body),
    );

    // ── service log ──
    app.get(
      '/stats',
      {
        schema: {
          tags,
          summary: '服务台账：按类型、月份与地点统计',
          querystring: legalStatsQuery,
          response: { 200: legalStats },
        },
        config: may('legal.read'),
      },
      async (request) => legal.stats(request.ctx, request.query),
    );

    // ── agreements ──
    app.get(
      '/agreements',
      {
        schema: {
          tags,
          summary: '法律顾问协议（含 30 天内到期）',
          querystring: placeOnly,
          response: { 200: agreementList },
        },
        config: may('legal.read'),
      },
      async (request) => legal.records.agreements(request.ctx, request.query.placeId),
    );
    app.post(
      '/agreements',
      {
        schema: { tags, summary: '登记法律顾问协议', body: agreementBody, response: { 201: legalCreated } },
        config: may('legal.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await legal.records.createAgreement(request.ctx, request.body) }),
    );
    app.patch(
      '/agreements/:id',
      {
        schema: {
          tags,
          summary: '修改法律顾问协议（续签改到期日）',
          params: idParams,
          body: updateAgreementBody,
          response: { 200: okBody },
        },
        config: may('legal.manage'),
      },
      async (request) => {
        await legal.records.updateAgreement(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.get(
      '/agreements/:id/file',
      {
        schema: { tags, summary: '下载签署的协议文件', params: idParams },
        config: may('legal.read'),
      },
      async (request, reply) =>
        serveFile(reply, await legal.records.agreementFile(request.ctx, request.params.id), true),
    );
    app.get(
      '/boards/:id/photo',
      {
        schema: { tags, summary: '宣传专栏照片', params: idParams },
        config: may('legal.read'),
      },
      async (request, reply) =>
        serveFile(reply, await legal.records.boardPhoto(request.ctx, request.params.id)),
    );
    app.get(
      '/sessions/:id/materials/:fileId',
      {
        schema: { tags, summary: '下载课件', params: materialParams },
        config: may('legal.read'),
      },
      async (request, reply) =>
        serveFile(
          reply,
          await legal.school.material(request.ctx, request.params.id, request.params.fileId),
          true,
        ),
    );
    app.register(async (plain) => {
      const upload = plain.withTypeProvider<ZodTypeProvider>();
      // The document is the body itself (PDF or a photo of it): no multipart wrapper to parse.
      upload.addContentTypeParser(
        [...Object.keys(LEGAL_FILE_TYPES), 'application/octet-stream'],
        { parseAs: 'buffer', bodyLimit: LEGAL_FILE_MAX_BYTES },
        (_request, body, done) => done(null, body),
      );
      upload.post(
        '/agreements/:id/file',
        {
          bodyLimit: LEGAL_FILE_MAX_BYTES,
          schema: {
            tags,
            summary: '上传签署的协议（请求体为 PDF/JPEG/PNG 文件，上限 10 MB）',
            params: idParams,
            querystring: fileNameQuery,
            response: { 200: z.object({ id: z.string(), name: z.string() }) },
          },
          config: may('legal.manage'),
        },
        async (request) =>
          legal.records.uploadAgreementFile(
            request.ctx,
            request.params.id,
            rawBody(request.body, '协议文件'),
            request.query.name,
          ),
      );
      upload.post(
        '/sessions/:id/materials',
        {
          bodyLimit: LEGAL_FILE_MAX_BYTES,
          schema: {
            tags,
            summary: '上传课件（请求体为 PDF/JPEG/PNG 文件，上限 10 MB）',
            params: idParams,
            querystring: fileNameQuery,
            response: { 201: z.object({ id: z.string(), name: z.string() }) },
          },
          config: may('legal.manage'),
        },
        async (request, reply) =>
          reply
            .status(201)
            .send(
              await legal.school.addMaterial(
                request.ctx,
                request.params.id,
                rawBody(request.body, '课件'),
                request.query.name,
              ),
            ),
      );
    });

    // ── knowledge base ──
    app.get(
      '/articles',
      {
        schema: {
          tags,
          summary: '知识库文章',
          querystring: articleListQuery,
          response: { 200: articleList },
        },
        config: may('legal.read'),
      },
      async (request) => legal.records.articles(request.ctx, request.query),
    );
    app.get(
      '/articles/:id',
      {
        schema: { tags, summary: '知识库文章详情', params: idParams, response: { 200: articleDetail } },
        config: may('legal.read'),
      },
      async (request) => legal.records.article(request.ctx, request.params.id),
    );
    app.post(
      '/articles',
      {
        schema: { tags, summary: '新增文章', body: articleBody, response: { 201: legalCreated } },
        config: may('legal.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await legal.records.createArticle(request.ctx, request.body) }),
    );
    app.patch(
      '/articles/:id',
      {
        schema: {
          tags,
          summary: '修改文章',
          params: idParams,
          body: updateArticleBody,
          response: { 200: okBody },
        },
        config: may('legal.manage'),
      },
      async (request) => {
        await legal.records.updateArticle(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.delete(
      '/articles/:id',
      {
        schema: { tags, summary: '删除文章', params: idParams, response: { 200: okBody } },
        config: may('legal.manage'),
      },
      async (request) => {
        await legal.records.removeArticle(request.ctx, request.params.id);
        return ok;
      },
    );

    // ── notice boards ──
    app.get(
      '/boards',
      {
        schema: {
          tags,
          summary: '宣传专栏：各小区当前内容与本月未更换的小区',
          querystring: placeOnly,
          response: { 200: boardOverview },
        },
        config: may('legal.read'),
      },
      async (request) => legal.records.boards(request.ctx, request.query.placeId),
    );
    app.get(
      '/boards/history',
      {
        schema: {
          tags,
          summary: '宣传专栏更换记录',
          querystring: boardHistoryQuery,
          response: { 200: boardHistory },
        },
        config: may('legal.read'),
      },
      async (request) => legal.records.boardHistory(request.ctx, request.query.placeId),
    );
    app.post(
      '/boards',
      {
        bodyLimit: PHOTO_BODY_LIMIT,
        schema: { tags, summary: '更换宣传专栏内容', body: boardBody, response: { 201: legalCreated } },
        config: may('legal.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await legal.records.changeBoard(request.ctx, request.body) }),
    );

    // ── night school ──
    app.get(
      '/courses',
      {
        schema: { tags, summary: '夜校课程', querystring: placeOnly, response: { 200: courseList } },
        config: may('legal.read'),
      },
      async (request) => legal.school.courses(request.ctx, request.query.placeId),
    );
    app.post(
      '/courses',
      {
        schema: { tags, summary: '新增夜校课程', body: courseBody, response: { 201: legalCreated } },
        config: may('legal.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await legal.school.createCourse(request.ctx, request.body) }),
    );
    app.patch(
      '/courses/:id',
      {
        schema: {
          tags,
          summary: '修改夜校课程',
          params: idParams,
          body: updateCourseBody,
          response: { 200: okBody },
        },
        config: may('legal.manage'),
      },
      async (request) => {
        await legal.school.updateCourse(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.get(
      '/sessions',
      {
        schema: {
          tags,
          summary: '夜校各期课程',
          querystring: sessionListQuery,
          response: { 200: sessionList },
        },
        config: may('legal.read'),
      },
      async (request) => legal.school.sessions(request.ctx, request.query),
    );
    app.post(
      '/sessions',
      {
        schema: { tags, summary: '安排一期夜校', body: sessionBody, response: { 201: legalCreated } },
        config: may('legal.manage'),
      },
      async (request, reply) =>
        reply.status(201).send({ id: await legal.school.createSession(request.ctx, request.body) }),
    );
    app.patch(
      '/sessions/:id',
      {
        schema: {
          tags,
          summary: '修改一期夜校（名额不少于已报名人数）',
          params: idParams,
          body: updateSessionBody,
          response: { 200: okBody },
        },
        config: may('legal.manage'),
      },
      async (request) => {
        await legal.school.updateSession(request.ctx, request.params.id, request.body);
        return ok;
      },
    );
    app.get(
      '/sessions/:id',
      {
        schema: {
          tags,
          summary: '一期夜校：报名与签到名单、签到二维码、课件',
          params: idParams,
          response: { 200: sessionDetail },
        },
        config: may('legal.read'),
      },
      async (request) => legal.school.session(request.ctx, request.params.id, originOf(request, publicUrl)),
    );
    app.post(
      '/sessions/:id/checkins',
      {
        schema: {
          tags,
          summary: '工作人员代签到（重复签到答「已签到」）',
          params: idParams,
          body: staffCheckinBody,
          response: { 200: checkinResult },
        },
        config: may('legal.work'),
      },
      async (request) => legal.school.staffCheckin(request.ctx, request.params.id, request.body),
    );
    app.get(
      '/attendance',
      {
        schema: {
          tags,
          summary: '夜校参学统计：人次与人数（按小区、月份）',
          querystring: attendanceQuery,
          response: { 200: attendance },
        },
        config: may('legal.read'),
      },
      async (request) => legal.school.attendance(request.ctx, request.query),
    );
  };
