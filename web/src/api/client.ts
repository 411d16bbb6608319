/** The one HTTP client of the workbench: same-origin cookie session, CSRF header on writes, Chinese errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken = '';
export function setCsrf(token: string): void {
  csrfToken = token;
}

/** The CSRF header for requests the client does not send itself (uploads). */
export function csrfHeader(): Record<string, string> {
  return { 'x-csrf-token': csrfToken };
}

let onUnauthenticated: (() => void) | null = null;
export function setUnauthenticatedHandler(fn: () => void): void {
  onUnauthenticated = fn;
}

export async function api<T = unknown>(
  path: string,
  opts: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...(opts.headers ?? {}) };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) throw failure(res.status, data, path);
  return data as T;
}

/**
 * The ApiError of a failed answer (the server's code and Chinese message). A 401 outside sign-in means the session
 * ended: the shell goes back to the sign-in page.
 */
export function failure(status: number, data: unknown, path: string): ApiError {
  const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
  // A wrong current password (LOGIN_FAILED on 个人设置) is a 401 too, but the session is still alive.
  if (status === 401 && err?.code !== 'LOGIN_FAILED' && !path.endsWith('/auth/login') && !path.endsWith('/auth/me'))
    onUnauthenticated?.();
  return new ApiError(status, err?.code ?? `HTTP_${status}`, err?.message ?? `请求失败（${status}）`);
}

export function qs(params: Record<string, string | number | undefined | null | false>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '' && v !== false) u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return '操作失败，请稍后重试';
}
