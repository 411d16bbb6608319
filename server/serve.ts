import { existsSync } from 'node:fs';
import { resumeRulesRecompute } from './app/rules-edit.ts';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { pino } from 'pino';
import { ROLE_LABELS, type Role } from '../contract/enums.ts';
import { todayOf } from './app/context.ts';
import { DEMO_PASSWORD } from './demo-password.ts';
import type { Config } from './config.ts';
import { openApp } from './compose.ts';
import { createApp, type RouteModule } from './http/app.ts';
import { extraRouteModules } from './http/modules.ts';
import { countUnits } from './store/reference.store.ts';
import { getSetting, setSetting } from './store/settings.store.ts';
import type { DemoLogin } from './demo/seed-demo.ts';
import type { FileStore } from './app/attachments.ts';
import { progressBar } from './cli-progress.ts';
import { scheduleDailyBackup } from './jobs/daily-backup.job.ts';
import { scheduleTextIndexer } from './jobs/text-index.job.ts';
import { createServerScheduler, jobCatalogue } from './jobs/registry.ts';
import { setJobCatalogue } from './app/scheduled-jobs.ts';
import { configureHotIssues } from './app/hot-issues.ts';
import { adaptersFromEnv } from './notify/adapters.ts';

export const WEB_DIST = fileURLToPath(new URL('../web/dist', import.meta.url));

export type { DemoLogin } from './demo/seed-demo.ts';

/** The demo accounts as remembered in the database: who they are, never their password. */
type StoredDemoLogin = Omit<DemoLogin, 'password'>;

async function demoLogins(db: Awaited<ReturnType<typeof openApp>>['deps']['db']): Promise<DemoLogin[] | null> {
  const stored = await getSetting<StoredDemoLogin[] | null>(db, 'demo_logins', null);
  // The password printed is the documented demo password (README); it is not read from the database.
  return stored?.map((l) => ({ ...l, password: DEMO_PASSWORD })) ?? null;
}

/** Seeds the demo district when the database has no units yet (first start); returns the demo logins. */
export async function seedIfEmpty(
  deps: Awaited<ReturnType<typeof openApp>>['deps'],
  items?: number,
  files?: FileStore,
): Promise<DemoLogin[] | null> {
  if ((await countUnits(deps.db)) > 0) return demoLogins(deps.db);
  process.stderr.write('首次启动：正在生成演示数据（演示区、责任单位、用户与两年的信访事项）…\n');
  // The demo district (its data and plans) loads only here, never on an ordinary start.
  const { seedDemo } = await import('./demo/seed-demo.ts');
  const bar = progressBar('演示数据');
  const res = await seedDemo(deps, {
    today: todayOf(deps.clock()),
    ...(items ? { items } : {}),
    ...(files ? { files } : {}),
    onProgress: (d, t) => bar.update(d, t),
  });
  bar.stop();
  await setSetting(
    deps.db,
    'demo_logins',
    res.users.map(({ password: _notStored, ...who }) => who),
  );
  return res.users;
}

/** Starts the server: open and migrate the database, seed on first start, print URL and logins, listen. */
export async function startServer(cfg: Config, extra: RouteModule[] = extraRouteModules) {
  const log = pino({ level: cfg.logLevel });
  const app0 = await openApp(cfg.db, cfg.keyFile);
  const { deps } = app0;
  const logins = cfg.seedDemo ? await seedIfEmpty(deps, undefined, { dir: cfg.filesDir }) : await demoLogins(deps.db);
  const webDist = existsSync(WEB_DIST) ? WEB_DIST : null;
  const app = createApp(
    deps,
    {
      secureCookies: cfg.secureCookies,
      idleMinutes: cfg.idleMinutes,
      webDist,
      log,
      rateLimitPerMinute: cfg.rateLimitPerMinute,
      sensitivePerMinute: cfg.sensitivePerMinute,
      loginFailuresPerMinute: cfg.loginFailuresPerMinute,
      trustedProxies: cfg.trustedProxies,
      filesDir: cfg.filesDir,
    },
    extra,
  );
  const stopBackups =
    cfg.backupKeep > 0
      ? scheduleDailyBackup(deps, { dir: cfg.backupDir, keep: cfg.backupKeep, pgUrl: cfg.db, log })
      : () => {};
  const stopIndexer = scheduleTextIndexer(deps, log);
  // Hot issues are clustered on a worker thread over its own read-only connection to the same database.
  configureHotIssues({ dbTarget: cfg.db });
  // XINFANG_JOBS=0 leaves the scheduled jobs to other instances (or turns them off); the lease runs each slot once.
  const adapters = adaptersFromEnv();
  const scheduler = cfg.jobs ? createServerScheduler(deps, adapters, { log, digestAt: cfg.digestAt }) : null;
  setJobCatalogue(jobCatalogue(deps, adapters, { digestAt: cfg.digestAt }));
  scheduler?.start();
  // A rules recompute left running by a stopped process (this one before a restart, or another instance) goes
  // on from its cursor once its state has gone stale; checked now and every minute.
  const resumeRecompute = () => void resumeRulesRecompute(deps).catch((err) => log.error({ err }, '期限重算续跑失败'));
  resumeRecompute();
  const resumeTimer = setInterval(resumeRecompute, 60_000);
  resumeTimer.unref();
  const server = serve({ fetch: app.fetch, port: cfg.port, hostname: cfg.host });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const url = `http://localhost:${cfg.port}/`;
  const lines = [
    `xinfang 信访事项办理平台已启动：${url}`,
    `数据库：${app0.opened.location}（${deps.dialect}）`,
    `接口文档：${url}api/docs`,
  ];
  if (!webDist) lines.push('（未找到网页前端构建产物 web/dist，请运行 npm start 或 npm run build）');
  if (logins?.length) {
    lines.push('演示账号（仅供演示，请勿用于生产）：');
    for (const l of logins)
      lines.push(
        `  ${ROLE_LABELS[l.role as Role] ?? l.role}${l.unit ? `（${l.unit}）` : ''}：${l.username} / ${l.password}`,
      );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = async () => {
    stopBackups();
    stopIndexer();
    clearInterval(resumeTimer);
    await scheduler?.stop();
    server.close();
    await app0.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { server, deps, close: stop };
}
