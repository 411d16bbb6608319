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
  /** The raw response (for binary downloads). */
  raw?(path: string): Promise<Response>;
}

/** Signs in and returns the raw session cookie and CSRF token (for requests the Client does not make: uploads, headers). */
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
    raw: (p) => Promise.resolve(app.request(p, { headers: { cookie } })),
  };
}
