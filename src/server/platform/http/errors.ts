import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.js';
import { isApiPath } from './access.js';

const DB_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'DB_CLOSED',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string; cause?: unknown };
  if (e?.code && DB_UNAVAILABLE.has(e.code)) return true;
  const msg = e?.message ?? '';
  if (
    /Connection terminated|timeout exceeded when trying to connect|PGlite is closed|Client has encountered a connection error/i.test(
      msg,
    )
  )
    return true;
  return e?.cause ? isDatabaseUnavailable(e.cause) : false;
}

/** The PostgreSQL error behind a Drizzle error, if any. */
function pgError(err: unknown): { code: string; constraint?: string; detail?: string } | null {
  let e = err as { code?: unknown; cause?: unknown; constraint?: string; detail?: string } | undefined;
  for (let i = 0; e && i < 4; i++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
      return { code: e.code, constraint: e.constraint, detail: e.detail };
    }
    e = e.cause as typeof e;
  }
  return null;
}

// Constraint names → the field and message a person understands.
const UNIQUE_MESSAGES: Record<string, { field: string; message: string }> = {
  users_username_key: { field: 'username', message: '用户名已被使用' },
  places_parent_code_key: { field: 'code', message: '同一上级下已有相同编码的地点' },
  roles_code_key: { field: 'code', message: '角色编码已存在' },
  roles_name_key: { field: 'name', message: '角色名称已存在' },
  user_roles_unique: { field: 'assignments', message: '该用户在此地点已有此角色' },
};

function body(code: string, message: string, requestId: string, fields?: Record<string, string>) {
  return { error: { code, message, requestId, ...(fields && Object.keys(fields).length ? { fields } : {}) } };
}

/** One error shape for every failure; 5xx text never reaches a client. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const id = request.id;
    if (err instanceof AppError) {
      return reply.status(err.status).send(body(err.code, err.message, id, err.fields));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields: Record<string, string> = {};
      for (const v of err.validation) {
        const path = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
        const key = path || (v.keyword === 'unrecognized_keys' ? 'unknown' : '_');
        let message = v.message ?? '格式不正确';
        if (v.keyword === 'unrecognized_keys') {
          const keys = (v.params as { keys?: string[] } | undefined)?.keys ?? [];
          message = `不支持的字段：${keys.join('、')}`;
          for (const k of keys) fields[path ? `${path}.${k}` : k] = '不支持的字段';
          continue;
        }
        if (/^Invalid input: expected/.test(message)) message = '类型不正确';
        fields[key] ??= message;
      }
      const first = Object.values(fields)[0] ?? '请求内容不正确';
      return reply.status(400).send(body('VALIDATION_FAILED', `请求内容有误：${first}`, id, fields));
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.status(400).send(body('INVALID_JSON', '请求内容不是有效的 JSON', id));
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply
          .status(413)
          .send(
            body(
              'BODY_TOO_LARGE',
              `请求内容过大（上限 ${Math.round((request.routeOptions.bodyLimit ?? 1_048_576) / 1_048_576)} MB）`,
              id,
            ),
          );
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.status(415).send(body('UNSUPPORTED_MEDIA_TYPE', '不支持的请求内容类型', id));
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return reply.status(400).send(body('INVALID_REQUEST', '请求长度不正确', id));
    }
    if (isDatabaseUnavailable(err)) {
      request.log.error({ err }, 'database unavailable');
      return reply.status(503).send(body('DATABASE_UNAVAILABLE', '数据库暂时不可用，请稍后重试', id));
    }
    const pg = pgError(err);
    if (pg?.code === '23505') {
      const known = pg.constraint ? UNIQUE_MESSAGES[pg.constraint] : undefined;
      const message = known?.message ?? '记录已存在';
      return reply
        .status(409)
        .send(body('ALREADY_EXISTS', message, id, known ? { [known.field]: message } : undefined));
    }
    if (pg?.code === '23503') {
      return reply
        .status(409)
        .send(body('REFERENCED', '该记录仍被其他记录引用（或引用的记录不存在），无法完成操作', id));
    }
    if (pg && /^22/.test(pg.code)) {
      return reply.status(400).send(body('VALIDATION_FAILED', '数据格式不正确', id));
    }
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send(body('BAD_REQUEST', '请求不正确', id));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send(body('INTERNAL', '服务器内部错误，请稍后重试或联系管理员', id));
  });

  app.setNotFoundHandler((request, reply) => {
    if (isApiPath(request.url) || request.url === '/api') {
      return reply.status(404).send(body('ROUTE_NOT_FOUND', '接口不存在', request.id));
    }
    return reply.status(404).type('text/plain; charset=utf-8').send('404');
  });
}
