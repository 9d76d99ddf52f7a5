import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from './db/index.js';
import { fireRoutes } from './modules/fire/routes.js';
import { createFireService } from './modules/fire/service.js';
import { governanceRoutes } from './modules/governance/routes.js';
import { createGovernanceService } from './modules/governance/service.js';
import { filesPortOf } from './modules/grid/common.js';
import { gridRoutes } from './modules/grid/routes.js';
import { createGridService } from './modules/grid/service.js';
import { legalRoutes } from './modules/legal/routes.js';
import { createLegalService } from './modules/legal/service.js';
import { mediationRoutes } from './modules/mediation/routes.js';
import { createMediationService } from './modules/mediation/service.js';
import { noticesRoutes } from './modules/notices/routes.js';
import { createNoticesService } from './modules/notices/service.js';
import { orgRoutes } from './modules/org/routes.js';
import { createOrgService } from './modules/org/service.js';
import { registryRoutes } from './modules/registry/routes.js';
import { createRegistryService } from './modules/registry/service.js';
import { createOpen311 } from './modules/requests/open311.js';
import { open311KeyRoutes, open311Routes, requestsRoutes } from './modules/requests/routes.js';
import { createRequestsService } from './modules/requests/service.js';
import { volunteersRoutes } from './modules/volunteers/routes.js';
import { createVolunteersService } from './modules/volunteers/service.js';
import { auditRoutes } from './platform/audit/routes.js';
import { createAuditService } from './platform/audit/service.js';
import { authRoutes } from './platform/auth/routes.js';
import { createAuthService } from './platform/auth/service.js';
import { type Clock, systemClock } from './platform/clock.js';
import { createFiles, createLocalFileStore, type FileStore, sendStoredFile } from './platform/files/index.js';
import { registerAccess } from './platform/http/access.js';
import { registerErrorHandling } from './platform/http/errors.js';
import { registerSecurityHeaders } from './platform/http/security.js';
import { jobRoutes } from './platform/jobs/routes.js';
import { createJobs } from './platform/jobs/service.js';
import { notificationRoutes } from './platform/notify/routes.js';
import { createNotifications } from './platform/notify/service.js';
import { createPiiCipher } from './platform/pii/index.js';

export interface AppDeps {
  database: Database;
  secretKey: string;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
  /** The built web app; served with a fallback to index.html for client-side routes. */
  webDir?: string;
  /** Behind a reverse proxy, trust its X-Forwarded-For for the client's IP. */
  trustProxy?: boolean;
  /** Where uploaded files live; by default a directory under the system's temp dir (tests). */
  fileStore?: FileStore;
  /** The address residents reach the site by, for QR codes (else the address of the request). */
  publicUrl?: string;
  /** Lets notice channels reach 127.0.0.1 over http: for tests' local servers, never production. */
  allowLoopbackEgress?: boolean;
}

export function createServices(
  deps: Pick<AppDeps, 'database' | 'secretKey' | 'clock' | 'fileStore' | 'allowLoopbackEgress'>,
) {
  const db = deps.database.db;
  const clock = deps.clock ?? systemClock;
  const pii = createPiiCipher(deps.secretKey);
  const audit = createAuditService({ db, clock });
  const auth = createAuthService({ db, clock, audit });
  const org = createOrgService({ db, audit, clock, pii });
  const registry = createRegistryService({ db, audit, clock, pii, org });
  const jobs = createJobs({ db, clock, audit });
  const notifications = createNotifications({ db, clock });
  const files = createFiles({
    db,
    clock,
    store: deps.fileStore ?? createLocalFileStore(path.join(tmpdir(), 'anju-files')),
  });
  const filesPort = filesPortOf(db, files);
  const legal = createLegalService({ db, clock, audit, pii, org, registry, files });
  const grid = createGridService({
    db,
    clock,
    audit,
    pii,
    org,
    registry,
    files: filesPort,
    notifications,
    jobs,
    lawContacts: legal.boardContacts,
  });
  const fire = createFireService({ db, clock, audit, pii, org, files: filesPort, notifications, jobs });
  const requestDeps = { db, clock, audit, pii, org, grid, files: filesPort };
  const requests = createRequestsService(requestDeps);
  const open311 = createOpen311(requestDeps, requests);
  const volunteers = createVolunteersService({ db, clock, audit, pii, org });
  const notices = createNoticesService({
    ...{ db, clock, audit, pii, org, files, notifications, jobs },
    teams: volunteers.port,
    allowLoopbackEgress: deps.allowLoopbackEgress,
  });
  const mediation = createMediationService({ db, clock, audit, pii, org, files, notifications, jobs });
  const governance = createGovernanceService({
    ...{ db, clock, audit, org, registry, files, notifications, jobs },
    // A published vote result also goes on the estate's notice board (and its channels).
    publishNotice: (ctx, n) =>
      notices.publish(ctx, {
        placeId: n.estateId,
        title: n.title,
        body: n.body,
        source: { type: 'governance_vote', id: n.voteId },
      }),
  });
  return {
    ...{ db, clock, pii, audit, auth, org, registry, jobs, notifications, files, grid, requests, open311 },
    volunteers,
    notices,
    legal,
    mediation,
    governance,
    fire,
  };
}
export type Services = ReturnType<typeof createServices>;

export async function buildApp(deps: AppDeps): Promise<App> {
  const services = createServices(deps);
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: 1024 * 1024,
    trustProxy: deps.trustProxy ?? false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    // Ids in responses let a user quote a request to support; never the internals.
    requestIdHeader: false,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // A URL the router cannot even parse still gets the one error shape (and never echoes the URL).
    frameworkErrors: (error, request, raw) => {
      const reply = raw as unknown as FastifyReply;
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      reply
        .code(tooLong ? 414 : 400)
        .header('x-request-id', request.id)
        .header('x-content-type-options', 'nosniff')
        .send({
          error: {
            code: tooLong ? 'URL_TOO_LONG' : 'INVALID_URL',
            message: tooLong ? '请求地址过长' : '请求地址不正确',
            requestId: request.id,
          },
        });
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerErrorHandling(app);
  // An import answers 202 and goes on writing: closing waits for it rather than pulling the database away.
  app.addHook('onClose', async () => services.registry.imports.drain());
  // The job poller (started by main.ts) finishes the job in hand before the database goes away.
  app.addHook('onClose', async () => services.jobs.stop());
  await registerSecurityHeaders(app);
  await app.register(cookie);
  registerAccess(app, services.auth);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: '安居 Anju API',
        description: '平安法治小区综合管理平台。每个操作的 x-access 说明谁可以调用。',
        version: '0.1.0',
      },
      tags: [
        { name: 'system', description: '健康检查' },
        { name: 'auth', description: '登录与会话' },
        { name: 'org', description: '区域架构、用户与角色' },
        { name: 'audit', description: '审计日志' },
        { name: 'registry', description: '以房管人：房屋、人口、出租、特殊人群与关爱对象' },
        { name: 'notifications', description: '站内通知：我的通知与已读' },
        { name: 'ops', description: '运维：后台任务' },
        { name: 'grid', description: '网格化管理：网格成员、民情日记、事件处置与三清上报' },
        {
          name: 'fire',
          description: '消防安全：消防器材与到期提醒、月度防火检查、隐患整改销号、演练培训与应急预案',
        },
        { name: 'requests', description: '居民诉求：公开提交、进度查询与评价' },
        { name: 'open311', description: 'Open311 GeoReport v2 开放接口（字段名遵循标准）' },
        { name: 'notices', description: '通知公告：定向发布、阅读回执、公告栏与多渠道推送' },
        { name: 'volunteers', description: '志愿服务：队伍、队员、排班、服务时长与居民报名' },
        {
          name: 'governance',
          description: '业主自治：业委会、会议与决定事项、业主表决（民法典第278条）、规约与清单',
        },
        { name: 'mediation', description: '矛盾纠纷排查调处：调委会、排查、案件、协议书、卷宗与统计' },
        {
          name: 'legal',
          description: '法律服务：咨询援助、值班表、法律明白人、顾问协议、知识库、宣传专栏与法治夜校',
        },
      ],
    },
    transform: jsonSchemaTransform,
  });

  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: '健康检查',
        response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgresql']) }) },
      },
      config: { access: { public: true } },
    },
    async () => {
      await deps.database.ping();
      return { status: 'ok' as const, database: deps.database.driver };
    },
  );
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(authRoutes(services.auth), { prefix: '/api/v1/auth' });
  await app.register(orgRoutes(services.org), { prefix: '/api/v1/org' });
  await app.register(auditRoutes(services.audit, services.org.places), { prefix: '/api/v1/audit' });
  await app.register(registryRoutes(services.registry), { prefix: '/api/v1/registry' });
  await app.register(notificationRoutes(services.notifications), { prefix: '/api/v1/notifications' });
  await app.register(jobRoutes(services.jobs), { prefix: '/api/v1/ops/jobs' });
  const serveFile = async (reply: FastifyReply, fileId: string) =>
    sendStoredFile(reply, await services.files.read(fileId));
  await app.register(gridRoutes(services.grid, serveFile, deps.publicUrl), { prefix: '/api/v1/grid' });
  await app.register(fireRoutes(services.fire, serveFile), { prefix: '/api/v1/fire' });
  await app.register(requestsRoutes(services.requests), { prefix: '/api/v1/requests' });
  await app.register(open311KeyRoutes(services.open311), { prefix: '/api/v1/requests' });
  await app.register(open311Routes(services.open311), { prefix: '/open311/v2' });
  await app.register(noticesRoutes(services.notices, serveFile), { prefix: '/api/v1/notices' });
  await app.register(volunteersRoutes(services.volunteers), { prefix: '/api/v1/volunteers' });
  await app.register(governanceRoutes(services.governance, serveFile), { prefix: '/api/v1/governance' });
  await app.register(mediationRoutes(services.mediation, serveFile), { prefix: '/api/v1/mediation' });
  await app.register(
    legalRoutes(
      services.legal,
      async (reply, fileId, download) =>
        sendStoredFile(reply, await services.files.read(fileId), { download }),
      deps.publicUrl,
    ),
    { prefix: '/api/v1/legal' },
  );

  if (deps.webDir && existsSync(path.join(deps.webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: deps.webDir, wildcard: false, maxAge: '1h' });
    // Client-side routes (/org/places, …) all load the same page.
    app.get('/*', { schema: { hide: true } }, (request, reply) => {
      if (request.url.startsWith('/api/')) return reply.callNotFound();
      const file = request.url.split('?')[0];
      if (file.startsWith('/assets/')) return reply.status(404).type('text/plain').send('404');
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  }

  return Object.assign(app as unknown as FastifyInstance, { services });
}

export type App = FastifyInstance & { services: Services };
