/** A failure the caller can act on: a status, a stable code and a Chinese message. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

// One "not found or no access": a record outside the caller's scope must look absent.
export const notFound = (message = '记录不存在或无权访问') => new AppError(404, 'NOT_FOUND', message);
export const badRequest = (message: string, fields?: Record<string, string>) =>
  new AppError(400, 'VALIDATION_FAILED', message, fields);
export const conflict = (code: string, message: string, fields?: Record<string, string>) =>
  new AppError(409, code, message, fields);
export const forbidden = (message = '没有执行此操作的权限', code = 'FORBIDDEN') =>
  new AppError(403, code, message);
export const unauthorized = (message = '请先登录') => new AppError(401, 'UNAUTHENTICATED', message);
