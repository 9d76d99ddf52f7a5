/**
 * A failure an operator can act on (wrong file, target not empty, tool missing): a stable code and a
 * Chinese message the command-line tools print as they are, without a stack trace.
 */
export class OpsError extends Error {
  constructor(
    readonly code: OpsErrorCode,
    message: string,
    /** Line-by-line detail, e.g. which tables differ after a restore. */
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'OpsError';
  }
}

export type OpsErrorCode =
  | 'NO_DATABASE'
  | 'IN_USE'
  | 'OUT_EXISTS'
  | 'OUT_UNWRITABLE'
  | 'BAD_ARCHIVE'
  | 'ARCHIVE_DAMAGED'
  | 'WRONG_TARGET'
  | 'TARGET_NOT_EMPTY'
  | 'TARGET_HAS_USERS'
  | 'SCHEMA_NEWER'
  | 'SCHEMA_MISMATCH'
  | 'FK_CYCLE'
  | 'PG_TOOL_FAILED'
  | 'CONNECT_FAILED'
  | 'VERIFY_FAILED';

/** Connection failures are expected (wrong host, password, database name): say which in Chinese. */
export function describeConnectError(err: unknown, where: string): OpsError {
  const e = err as { code?: string; message?: string };
  const reason =
    e.code === 'ECONNREFUSED'
      ? '连接被拒绝（服务器未启动或地址、端口有误）'
      : e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN'
        ? '找不到该主机'
        : e.code === '28P01' || e.code === '28000'
          ? '用户名或密码错误'
          : e.code === '3D000'
            ? '数据库不存在（请先建库）'
            : e.code === 'ETIMEDOUT' || /timeout/i.test(e.message ?? '')
              ? '连接超时'
              : (e.message ?? String(err));
  return new OpsError('CONNECT_FAILED', `无法连接 ${where}：${reason}`);
}
