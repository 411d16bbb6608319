import { hotIssuesChanged } from '../app/hot-issues.ts';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { getConnInfo } from '@hono/node-server/conninfo';
import { randomUUID } from 'node:crypto';
import { LIMITS } from '../../contract/limits.ts';
import { PUBLIC_FILES_MAX } from '../../contract/online.ts';
import { runInRequestScope } from '../request-scope.ts';
import type { AppDeps } from '../app/context.ts';
import { databaseReachable } from '../app/health.ts';
import type { Env, HttpOptions } from './env.ts';
import { errorBody, toErrorResponse, zodMessage } from './error-map.ts';
import { clientAddressResolver } from './client-address.ts';
import { rateLimit } from './middleware/rate-limit.ts';
import { sessionMiddleware } from './middleware/session.ts';
import { adminRoutes } from './routes/admin.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { grantRoutes } from './routes/grant.routes.ts';
import { itemRoutes } from './routes/items.routes.ts';
import { onlineRoutes } from './routes/online.routes.ts';
import { publicRoutes } from './routes/public.routes.ts';
import { securityRoutes } from './routes/security.routes.ts';
import { textRoutes } from './routes/text.routes.ts';
import { DOCS_JS, docsPage } from './docs-page.ts';

export type RouteModule = (app: OpenAPIHono<Env>) => void;

/** The head of /api/openapi.json (also used to write the web client's generated types). */
export const OPENAPI_CONFIG = { openapi: '3.1.0', info: { title: 'xinfang 信访事项办理平台 API', version: '1' } };

const PUBLIC = [
  /^\/api\/v1\/auth\/login$/,
  /^\/api\/v1\/public\//,
  /^\/api\/openapi\.json$/,
  /^\/api\/docs(\.js)?$/,
  /^\/healthz$/,
];
const isPublic = (p: string) => !p.startsWith('/api/') || PUBLIC.some((r) => r.test(p));

/** Endpoints that hand out personal data or change credentials (rate-limited per account and per address). */
const SENSITIVE = [
  /^\/api\/v1\/items\/[^/]+\/unmask$/,
  /^\/api\/v1\/items\/[^/]+\/documents\//,
  /^\/api\/v1\/attachments\//,
  /^\/api\/v1\/items\/export$/,
  /^\/api\/v1\/reports\/situation$/,
  /^\/api\/v1\/auth\/password$/,
  /^\/api\/v1\/auth\/totp\//,
];

/** The TCP peer's address (absent for in-process requests). */
function peerOf(c: Context<Env>): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Builds the HTTP application: request id → secure headers → body limit → session (401/CSRF) → routes,
 * with one error mapper. Extra route modules (reports, text, …) plug in through `extra`.
 */
export function createApp(deps: AppDeps, opts: HttpOptions, extra: RouteModule[] = []): OpenAPIHono<Env> {
  const resolveClient = clientAddressResolver(opts.trustedProxies ?? []);
  const app = new OpenAPIHono<Env>({
    defaultHook: (result, c) => {
      if (!result.success) return c.json(errorBody('VALIDATION', zodMessage(result.error as never)), 400);
      return undefined;
    },
  });
  // A path that is not valid percent-encoding is a client error, answered before anything else looks at it.
  app.use('*', async (c, next) => {
    try {
      decodeURIComponent(c.req.path);
    } catch {
      return c.json(errorBody('VALIDATION', '请求地址含有无效的百分号编码（%），请检查链接'), 400);
    }
    return next();
  });
  // The request id is always the server's own: a client's x-request-id is kept beside it (logs, audit), marked as
  // the client's, and never stands in for it.
  app.use('*', async (c, next) => {
    const id = randomUUID();
    const sent = c.req.header('x-request-id');
    const clientRequestId = sent && /^[\w.:=-]{1,64}$/.test(sent) ? sent : null;
    c.set('requestId', id);
    c.set('clientAddress', resolveClient(peerOf(c), c.req.header('x-forwarded-for')));
    c.header('x-request-id', id);
    c.set('deps', deps);
    c.set(
      'log',
      opts.log ? opts.log.child({ reqId: id, ...(clientRequestId ? { clientReqId: clientRequestId } : {}) }) : null,
    );
    await runInRequestScope({ clientRequestId }, next);
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
      xFrameOptions: 'DENY',
      xContentTypeOptions: 'nosniff',
      referrerPolicy: 'same-origin',
    }),
  );
  // Items registered or changed (registration, online intake, imports, any step on an item): the stored hot
  // issues are recomputed in the background after a quiet moment (the trigger is debounced and cheap when the
  // periods asked for did not change).
  app.use('/api/v1/*', async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.res.status < 400 && /^\/api\/v1\/(items|online|import)/.test(c.req.path))
      hotIssuesChanged(deps);
  });
  // API answers carry personal data: no browser or proxy may keep them.
  app.use('/api/*', async (c, next) => {
    await next();
    if (!c.res.headers.has('cache-control')) c.header('Cache-Control', 'no-store');
  });
  const jsonLimit = bodyLimit({
    maxSize: LIMITS.bodyBytes,
    onError: (c) => c.json(errorBody('PAYLOAD_TOO_LARGE', `请求内容超过 ${LIMITS.bodyBytes / 1024 / 1024} MB`), 413),
  });
  const fileLimit = bodyLimit({
    maxSize: LIMITS.attachmentBytes + 64 * 1024,
    onError: (c) =>
      c.json(
        errorBody('FILE_TOO_LARGE', `文件超过 ${LIMITS.attachmentBytes / 1024 / 1024} MB，请压缩或拆分后上传`),
        413,
      ),
  });
  // A petitioner's submission or 补充材料 carries its files in the JSON body (Base64), at most PUBLIC_FILES_MAX.
  const publicFilesLimit = bodyLimit({
    maxSize: PUBLIC_FILES_MAX * Math.ceil((LIMITS.attachmentBytes * 4) / 3) + LIMITS.bodyBytes,
    onError: (c) =>
      c.json(
        errorBody(
          'FILE_TOO_LARGE',
          `材料过大：一次最多 ${PUBLIC_FILES_MAX} 份，每份不超过 ${LIMITS.attachmentBytes / 1024 / 1024} MB`,
        ),
        413,
      ),
  });
  const PUBLIC_FILE_PATHS = /^\/api\/v1\/public\/(online\/submissions|items\/[^/]+\/materials)$/;
  app.use('/api/*', (c, next) =>
    /\/attachments$/.test(c.req.path)
      ? fileLimit(c, next)
      : PUBLIC_FILE_PATHS.test(c.req.path)
        ? publicFilesLimit(c, next)
        : jsonLimit(c, next),
  );
  const byIp = (bucket: string, limit: number) => (c: Context<Env>) => [
    { key: `${bucket}:ip:${c.get('clientAddress')}`, limit },
  ];
  const wall = opts.now ?? Date.now;
  app.use('/api/v1/auth/login', rateLimit(byIp('login', opts.rateLimitPerMinute), wall));
  app.use('/api/v1/public/*', rateLimit(byIp('public', opts.rateLimitPerMinute), wall));
  app.use('/api/*', sessionMiddleware(opts.idleMinutes, isPublic));
  // Where personal data leaves the system or credentials change, count per account as well as per address.
  const sensitive = opts.sensitivePerMinute ?? 120;
  const sensitiveLimit = rateLimit(
    (c) => [
      { key: `sensitive:acct:${c.get('actor')?.userId ?? '-'}`, limit: sensitive },
      { key: `sensitive:ip:${c.get('clientAddress')}`, limit: sensitive * 5 },
    ],
    wall,
  );
  app.use('/api/*', (c, next) => (SENSITIVE.some((r) => r.test(c.req.path)) ? sensitiveLimit(c, next) : next()));
  app.onError((err, c) => toErrorResponse(c, err));

  app.get('/healthz', async (c) =>
    (await databaseReachable(deps))
      ? c.json({ ok: true, db: deps.dialect })
      : c.json({ ok: false, db: deps.dialect }, 503),
  );
  authRoutes(app, opts);
  itemRoutes(app, opts);
  adminRoutes(app);
  publicRoutes(app, opts);
  securityRoutes(app);
  grantRoutes(app);
  textRoutes(app);
  onlineRoutes(app, opts);
  for (const m of extra) m(app);

  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'xf_session',
  });
  app.doc31('/api/openapi.json', OPENAPI_CONFIG);
  app.get('/api/docs', (c) => c.html(docsPage()));
  app.get('/api/docs.js', (c) => c.body(DOCS_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.all('/api/*', (c) => c.json(errorBody('NOT_FOUND', '接口不存在'), 404));

  if (opts.webDist && existsSync(opts.webDist)) {
    const root = opts.webDist;
    const index = readFileSync(join(root, 'index.html'));
    app.get('*', (c) => {
      const rel = normalize(decodeURIComponent(c.req.path)).replace(/^(\.\.[/\\])+/, '');
      const file = join(root, rel);
      if (file.startsWith(root) && existsSync(file) && statSync(file).isFile()) {
        // Hashed file names change with their content: browsers keep them for a year.
        const cache = rel.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
        return sendPrecompressed(c, file, MIME[extname(file)] ?? 'application/octet-stream', cache);
      }
      return sendPrecompressed(c, join(root, 'index.html'), 'text/html; charset=utf-8', 'no-cache', index);
    });
  }
  return app;
}

/**
 * Sends the build's `.br` or `.gz` twin of a file when the browser accepts it (written at build time by
 * web/vite.config.ts), else the file itself.
 */
function sendPrecompressed(
  c: Context<Env>,
  file: string,
  type: string,
  cache: string,
  raw?: Buffer<ArrayBuffer>,
): Response {
  const accepted = (c.req.header('accept-encoding') ?? '').split(',').map((t) => t.trim().split(';')[0]);
  const headers: Record<string, string> = { 'content-type': type, 'cache-control': cache, vary: 'Accept-Encoding' };
  for (const [enc, ext] of [
    ['br', '.br'],
    ['gzip', '.gz'],
  ] as const) {
    if (accepted.includes(enc) && existsSync(file + ext)) {
      return c.body(readFileSync(file + ext), 200, { ...headers, 'content-encoding': enc });
    }
  }
  return c.body(raw ?? readFileSync(file), 200, headers);
}
