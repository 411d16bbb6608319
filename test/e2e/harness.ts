/**
 * Browser test harness: builds web/dist when missing or stale, starts the real HTTP app in process on a free
 * localhost port over a fresh seeded test database (a copy of the run's template under scripts/test.mjs), and
 * connects to the run's shared Chromium (Debian's, through playwright-core) or launches its own.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createApp } from '../../server/http/app.ts';
import { extraRouteModules } from '../../server/http/modules.ts';
import { makeTestEnv, seedPeople, TEST_PASSWORD, type TestEnv } from '../test-db.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const WEB_DIST = join(ROOT, 'web', 'dist');
export const SCREENS = join(ROOT, 'test-artifacts', 'screens');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * How long one browser action (a click, a wait for an element) may take before the test reports a hang.
 * Tests wait on conditions, so this only bounds a real hang: it is generous because a loaded 2-core machine
 * running several suites can take tens of seconds for a first page load. The suites themselves set no
 * timeout at all (a slow machine makes them slower, never red).
 */
export const ACTION_TIMEOUT = 120_000;

/**
 * Waits until `check` holds, polling as the page changes; fails after ACTION_TIMEOUT with `what`.
 * For conditions a locator cannot express (every row of a table matching, a value read through the page).
 */
export async function until(page: Page, check: () => Promise<boolean>, what: string): Promise<void> {
  const end = Date.now() + ACTION_TIMEOUT;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`等待超时：${what}`);
    await page.waitForTimeout(100);
  }
}

/** Why the browser tests cannot run here, or null when they can. */
export function skipReason(): string | null {
  if (!existsSync(CHROMIUM)) return `未找到 Chromium（${CHROMIUM}），跳过浏览器测试；请安装 Debian 的 chromium 软件包`;
  return null;
}

function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = 0;
  for (const name of readdirSync(p)) t = Math.max(t, newest(join(p, name)));
  return t;
}

/** Builds the web workbench like scripts/start.mjs does, when the build is missing or older than its sources. */
export function ensureWebBuild(): void {
  const index = join(WEB_DIST, 'index.html');
  const src = Math.max(
    newest(join(ROOT, 'web', 'src')),
    newest(join(ROOT, 'web', 'index.html')),
    newest(join(ROOT, 'web', 'vite.config.ts')),
    newest(join(ROOT, 'contract')),
  );
  if (existsSync(index) && statSync(index).mtimeMs >= src) return;
  const r = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'web/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error(`网页前端构建失败（退出码 ${r.status}）`);
}

export interface Harness {
  env: TestEnv;
  people: Awaited<ReturnType<typeof seedPeople>>;
  base: string;
  app: ReturnType<typeof createApp>;
  browser: Browser;
  /** Uncaught page errors and CSP violations seen in any page so far. */
  pageErrors: string[];
  /** A fresh browser context (own cookies) at 1366×768, zh-CN, Beijing time. */
  newPage(): Promise<{ ctx: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * The run's shared Chromium when scripts/test.mjs started one (XINFANG_TEST_BROWSER_WS, see prepare.ts), else a
 * Chromium of this file's own. Closing a connected browser closes this file's contexts and disconnects.
 */
export async function openBrowser(): Promise<Browser> {
  const shared = process.env.XINFANG_TEST_BROWSER_WS;
  if (shared) {
    try {
      return await chromium.connect(shared, { timeout: ACTION_TIMEOUT });
    } catch (e) {
      console.log(`# 无法连接共享的 Chromium（${(e as Error).message}），本文件自行启动一个`);
    }
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * A server on a fresh SQLite district with the seeded people, and one shared Chromium. `idleMinutes` is the
 * session idle limit on the injected clock: a walk that moves the clock across months raises it.
 */
export async function startHarness(today = '2025-09-26', opts: { idleMinutes?: number } = {}): Promise<Harness> {
  ensureWebBuild();
  const env = await makeTestEnv('sqlite', today);
  const people = await seedPeople(env.deps);
  const app = createApp(
    env.deps,
    {
      secureCookies: false,
      idleMinutes: opts.idleMinutes ?? 600,
      webDist: WEB_DIST,
      log: null,
      rateLimitPerMinute: 10000,
    },
    extraRouteModules,
  );
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  const browser = await openBrowser();
  mkdirSync(SCREENS, { recursive: true });
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  return {
    env,
    people,
    base: `http://127.0.0.1:${port}`,
    app,
    browser,
    pageErrors,
    async newPage() {
      const ctx = await browser.newContext({
        viewport: { width: 1366, height: 768 },
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      ctx.setDefaultTimeout(ACTION_TIMEOUT);
      contexts.push(ctx);
      const page = await ctx.newPage();
      page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy|Uncaught/i.test(m.text()))
          pageErrors.push(`${page.url()}: ${m.text()}`);
      });
      return { ctx, page };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await env.close();
    },
  };
}

/** Signs in through the login form and waits for the workbench header. */
export async function login(
  page: Page,
  base: string,
  username: string,
  password = TEST_PASSWORD,
  path = '/',
): Promise<void> {
  await page.goto(base + path);
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.locator('button[type=submit]').click();
  await page.getByTestId('user-name').waitFor();
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.screenshot({ path: join(SCREENS, `${name}.png`) });
}
