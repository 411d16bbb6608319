import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from '../server/http/env.ts';
import { createApp } from '../server/http/app.ts';
import { extraRouteModules } from '../server/http/modules.ts';
import { TEST_PASSWORD, type TestEnv } from './test-db.ts';

/** The full HTTP application over a test environment (every route module, files in the env's folder). */
export function makeTestApp(
  env: TestEnv,
  opts: { rateLimitPerMinute?: number; idleMinutes?: number; loginFailuresPerMinute?: number } = {},
) {
  return createApp(
    env.deps,
    {
      secureCookies: false,
      idleMinutes: opts.idleMinutes ?? 600,
      webDist: null,
      log: null,
      rateLimitPerMinute: opts.rateLimitPerMinute ?? 100000,
      ...(opts.loginFailuresPerMinute ? { loginFailuresPerMinute: opts.loginFailuresPerMinute } : {}),
      filesDir: `${env.dir}/files`,
    },
    extraRouteModules,
  );
}

/** A logged-in client that drives the app in process through `app.request()`. */
export interface Client {
  get(path: string): Promise<{ status: number; body: any }>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  put(path: string, body: unknown): Promise<{ status: number; body: any }>;
  delete?(path: string): Promise<{ status: number; body: any }>;
  /** The raw response (for binary downloads). */
  raw?(path: string): Promise<Response>;
  /** Uploads one file as multipart form data (field `file`). */
  upload?(path: string, name: string, bytes: Uint8Array, type: string): Promise<{ status: number; body: any }>;
}

/**
 * Signs in and returns the raw session cookie and CSRF token (for requests the Client does not make: uploads, headers).
 */
export async function sessionOf(app: OpenAPIHono<Env>, username: string, password = TEST_PASSWORD) {
  const res = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status}`);
  return {
    cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!,
    csrf: ((await res.json()) as { csrf: string }).csrf,
  };
}

export async function loginAs(app: OpenAPIHono<Env>, username: string, password = TEST_PASSWORD): Promise<Client> {
  const res = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as any;
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(body)}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const csrf = body.csrf as string;
  const call = async (method: string, path: string, payload?: unknown, headers: Record<string, string> = {}) => {
    const r = await app.request(path, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrf,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
    });
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: r.status, body: parsed as any };
  };
  return {
    get: (p) => call('GET', p),
    post: (p, b, h) => call('POST', p, b, h),
    put: (p, b) => call('PUT', p, b),
    delete: (p) => call('DELETE', p),
    raw: (p) => Promise.resolve(app.request(p, { headers: { cookie } })),
    upload: async (p, name, bytes, type) => {
      const fd = new FormData();
      fd.append('file', new File([bytes as BlobPart], name, { type }));
      const r = await app.request(p, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf }, body: fd });
      return { status: r.status, body: (await r.json()) as any };
    },
  };
}

/**
 * Hot issues as stored: asks, and while the answer says a background computation is under way (计算中), waits for
 * this process's triggered computation to finish and asks again.
 */
export async function settledHotIssues(c: Client, path: string): Promise<{ status: number; body: any }> {
  const { hotIssuesSettled } = await import('../server/app/hot-issues.ts');
  for (let i = 0; i < 20; i++) {
    const r = await c.get(path);
    if (r.status !== 200 || !r.body.updating) return r;
    await hotIssuesSettled();
  }
  throw new Error(`热点问题一直处于计算中：${path}`);
}
