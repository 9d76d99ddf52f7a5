import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditList, auditQuery, verifyResult } from '../../../shared/api/audit.js';
import { auditLog } from './schema.js';
import type { AuditService } from './service.js';

export const auditRoutes =
  (audit: AuditService): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['audit'];
    app.get(
      '/events',
      {
        schema: { tags, summary: '审计日志', querystring: auditQuery, response: { 200: auditList } },
        config: { access: { permission: 'audit.read', scoped: true } },
      },
      async (request) =>
        audit.list(request.ctx.actor!.scopeFilter('audit.read', auditLog.placePath), request.query),
    );

    app.get(
      '/verify',
      {
        schema: { tags, summary: '校验审计链完整性', response: { 200: verifyResult } },
        // The chain is one across all places: only whoever reads the whole trail may check it.
        config: { access: { permission: 'audit.read', scoped: false } },
      },
      async () => audit.verify(),
    );
  };
