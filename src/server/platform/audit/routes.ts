import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditList, auditQuery, verifyResult } from '../../../shared/api/audit.js';
import type { PlacesService } from '../../modules/org/places.js';
import { auditLog } from './schema.js';
import type { AuditService } from './service.js';

export const auditRoutes =
  (audit: AuditService, places: Pick<PlacesService, 'find'>): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['audit'];
    app.get(
      '/events',
      {
        schema: { tags, summary: '审计日志', querystring: auditQuery, response: { 200: auditList } },
        config: { access: { permission: 'audit.read', scoped: true } },
      },
      async (request) => {
        const { placeId, ...query } = request.query;
        // A place outside the caller's reach answers 404 like everywhere else.
        let placePath: string | undefined;
        if (placeId) {
          const place = await places.find(placeId);
          request.ctx.actor!.assertInScope('audit.read', place?.path ?? null);
          placePath = place!.path;
        }
        return audit.list(request.ctx.actor!.scopeFilter('audit.read', auditLog.placePath), {
          ...query,
          placePath,
        });
      },
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
