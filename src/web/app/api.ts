// The one way the browser talks to the server. Every call goes through `api()` so that the CSRF
// header, the error shape and the "logged out / must change password" reactions live in one place.

export interface ApiErrorBody {
  code: string;
  message: string;
  requestId?: string;
  fields?: Record<string, string>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId?: string;
  readonly fields?: Record<string, string>;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.requestId = body.requestId;
    this.fields = body.fields;
  }
}

export const PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED';

export const AUTH_PATHS = {
  me: '/api/v1/auth/me',
  login: '/api/v1/auth/login',
  logout: '/api/v1/auth/logout',
  changePassword: '/api/v1/auth/password',
} as const;

// The CSRF token lives only in memory: it comes back with login and with GET /auth/me, which the app
// calls on every load, so there is nothing to persist.
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

interface SessionHandlers {
  onUnauthorized(): void;
  onPasswordChangeRequired(): void;
}
let handlers: SessionHandlers | null = null;
export function setSessionHandlers(next: SessionHandlers | null): void {
  handlers = next;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface ApiOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  // Login and the initial /auth/me answer 401 as a normal outcome, not as "the session ended".
  expectUnauthorized?: boolean;
  // Set on the one retry after a stale CSRF token was renewed.
  csrfRetried?: boolean;
}

export function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function fallbackError(status: number): ApiErrorBody {
  if (status === 401) return { code: 'UNAUTHORIZED', message: '登录已失效，请重新登录' };
  if (status === 403) return { code: 'FORBIDDEN', message: '没有权限执行此操作' };
  if (status === 404) return { code: 'NOT_FOUND', message: '记录不存在或无权查看' };
  if (status === 429) return { code: 'TOO_MANY_REQUESTS', message: '操作过于频繁，请稍后再试' };
  if (status >= 500) return { code: `HTTP_${status}`, message: `服务暂时不可用（${status}），请稍后重试` };
  return { code: `HTTP_${status}`, message: `请求失败（${status}）` };
}

export async function api<T>(path: string, options: ApiOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path + buildQuery(options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, { code: 'NETWORK', message: '无法连接服务器，请检查网络后重试' });
  }

  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }

  if (!response.ok) {
    const body =
      data && typeof data === 'object' && 'error' in data && data.error && typeof data.error === 'object'
        ? (data.error as ApiErrorBody)
        : fallbackError(response.status);
    const error = new ApiError(response.status, {
      ...fallbackError(response.status),
      ...body,
    });
    // The token can go stale when the session was renewed in another tab: fetch the current one and
    // try once more, rather than asking the user to reload.
    if (
      response.status === 403 &&
      error.code === 'CSRF_INVALID' &&
      method !== 'GET' &&
      !options.csrfRetried
    ) {
      if (await renewCsrfToken()) return api<T>(path, { ...options, csrfRetried: true });
    }
    if (response.status === 401 && !options.expectUnauthorized) handlers?.onUnauthorized();
    if (response.status === 403 && error.code === PASSWORD_CHANGE_REQUIRED)
      handlers?.onPasswordChangeRequired();
    throw error;
  }
  return data as T;
}

async function renewCsrfToken(): Promise<boolean> {
  try {
    const session = await api<{ csrfToken: string }>(AUTH_PATHS.me, { expectUnauthorized: true });
    csrfToken = session.csrfToken;
    return true;
  } catch {
    return false;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return '操作失败，请稍后重试';
}

/** The file name a download answer carries (`filename*=UTF-8''…`), or the fallback. */
function fileNameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  return m ? decodeURIComponent(m[1]) : fallback;
}

/** Fetches a file (an export, a template, an error report) and hands it to the browser to save. */
export async function download(
  path: string,
  options: Pick<ApiOptions, 'method' | 'query' | 'body'> & { fileName?: string } = {},
): Promise<void> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path + buildQuery(options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, { code: 'NETWORK', message: '无法连接服务器，请检查网络后重试' });
  }
  if (!response.ok) {
    let body: ApiErrorBody = fallbackError(response.status);
    try {
      body = { ...body, ...((await response.json()) as { error: ApiErrorBody }).error };
    } catch {
      // not JSON: keep the fallback
    }
    throw new ApiError(response.status, body);
  }
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameOf(response, options.fileName ?? '下载.xlsx');
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Sends a file as the raw request body, reporting upload progress (0–1): fetch cannot, XHR can.
 * Answers like `api()` does.
 */
export function upload<T>(
  path: string,
  file: Blob,
  options: { query?: Record<string, QueryValue>; onProgress?: (fraction: number) => void } = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path + buildQuery(options.query));
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) options.onProgress?.(e.loaded / e.total);
    };
    xhr.onerror = () =>
      reject(new ApiError(0, { code: 'NETWORK', message: '无法连接服务器，请检查网络后重试' }));
    xhr.onload = () => {
      let data: unknown = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data as T);
      const body = (data as { error?: ApiErrorBody } | null)?.error;
      reject(new ApiError(xhr.status, { ...fallbackError(xhr.status), ...(body ?? {}) }));
    };
    xhr.send(file);
  });
}
