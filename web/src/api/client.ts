/**
 * The session rules every request of the workbench follows: same-origin cookie, the CSRF token on writes, a 401
 * back to sign-in, and the server's Chinese messages as errors. JSON calls go through the typed client (typed.ts);
 * uploads (multipart) use `csrfHeader()` themselves.
 */
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

/** The CSRF header, for the typed client's writes and for requests it does not send (multipart uploads). */
export function csrfHeader(): Record<string, string> {
  return { 'x-csrf-token': csrfToken };
}

let onUnauthenticated: (() => void) | null = null;
export function setUnauthenticatedHandler(fn: () => void): void {
  onUnauthenticated = fn;
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
