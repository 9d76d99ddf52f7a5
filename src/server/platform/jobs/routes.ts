import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { jobIdParams, jobList, jobListQuery, jobView } from '../../../shared/api/jobs.js';
import type { Jobs } from './service.js';

// Jobs belong to the whole installation, not to a place: only whoever runs the system sees them.
const ops = { access: { permission: 'ops.jobs' as const, scoped: false } };
const tags = ['ops'];

export const jobRoutes =
  (jobs: Jobs): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/',
      {
        schema: {
          tags,
          summary: '后台任务列表（可按状态筛选）',
          querystring: jobListQuery,
          response: { 200: jobList },
        },
        config: ops,
      },
      async (request) => jobs.list(request.query),
    );
    app.post(
      '/:id/retry',
      {
        schema: { tags, summary: '重试已失败的任务', params: jobIdParams, response: { 200: jobView } },
        config: ops,
      },
      async (request) => jobs.retry(request.params.id, request.ctx),
    );
  };
