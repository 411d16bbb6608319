import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serve } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { seedDemo, type DemoLogin } from '../../server/demo/seed-demo.ts';
import { createApp } from '../../server/http/app.ts';
import { extraRouteModules } from '../../server/http/modules.ts';
import { makeTestEnv, type TestEnv } from '../test-db.ts';
import { ACTION_TIMEOUT, ensureWebBuild, login, openBrowser, SCREENS, skipReason, until, WEB_DIST } from './harness.ts';

const reason = skipReason();
if (reason) console.log(`# ${reason}`);

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/** What a screen shows that it must not: an error state, an overflow sideways, a short label broken over lines. */
type Fault = string;

/**
 * Reads the screen as it stands: error states, content wider than its pane, and labels (menu entries, tab titles,
 * buttons, table headers, description labels) whose text runs over more than one line.
 */
async function faultsOf(page: Page): Promise<Fault[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const e of document.querySelectorAll('.ant-result-error, .ant-result-404, .ant-alert-error'))
      found.push(`error state: ${(e as HTMLElement).innerText.slice(0, 80)}`);
    const content = document.querySelector('[data-testid=content]') as HTMLElement | null;
    if (content && content.scrollWidth > content.clientWidth + 1)
      found.push(`content overflows sideways: ${content.scrollWidth} > ${content.clientWidth}`);
    if (document.documentElement.scrollWidth > window.innerWidth + 1)
      found.push(`page overflows sideways: ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
    const labels = document.querySelectorAll(
      '.ant-menu-title-content, .ant-tabs-tab-btn, .ant-btn > span:not(.anticon), .ant-table-thead th, ' +
        '.ant-descriptions-item-label, .ant-form-item-label > label, .ant-statistic-title',
    );
    for (const el of labels) {
      const h = el as HTMLElement;
      const text = h.innerText.trim();
      // Only short labels must hold on one line (a long header may wrap by design, a label with its own line
      // break is laid out on two on purpose).
      if (!text || text.length > 8 || text.includes('\n') || h.offsetParent === null) continue;
      // The lines the label's text runs over (icons beside it, such as a sort arrow, are not text).
      const tops: number[] = [];
      const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.textContent?.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) if (r.width > 0) tops.push(r.top);
      }
      tops.sort((a, b) => a - b);
      const lines = tops.filter((t, i) => i === 0 || t - (tops[i - 1] ?? t) > 6).length;
      if (lines > 1) found.push(`label wraps over ${lines} lines: ${text}`);
    }
    return found;
  });
}

/** Waits until the screen has settled: no spinner or skeleton left in the content pane. */
async function settled(page: Page): Promise<void> {
  await until(
    page,
    async () =>
      (await page
        .locator('[data-testid=content] .ant-spin-spinning, [data-testid=content] .ant-skeleton-active')
        .count()) === 0,
    `${page.url()} 加载完成`,
  );
}

/** The screen at both office resolutions: its faults at each, and a full-page screenshot of each. */
async function look(page: Page, name: string, faults: string[]): Promise<void> {
  for (const s of SIZES) {
    await page.setViewportSize(s);
    await settled(page);
    for (const f of await faultsOf(page)) faults.push(`${name} @${s.width}: ${f}`);
    await page.screenshot({ path: join(SCREENS, `screen-${name}-${s.width}.png`), fullPage: true });
  }
  await page.setViewportSize(SIZES[0]);
}

const slug = (path: string) => (path === '/' ? 'home' : path.replace(/^\//, '').replace(/[^a-z0-9]+/gi, '-'));

describe('every screen of every role in Chromium at 1366×768 and 1920×1080, on the demo district', {
  skip: reason ?? false,
}, () => {
  let env: TestEnv;
  let browser: Browser;
  let server: ReturnType<typeof serve>;
  let base = '';
  let logins: DemoLogin[] = [];

  before(async () => {
    ensureWebBuild();
    env = await makeTestEnv('sqlite', '2025-11-20');
    logins = (await seedDemo(env.deps, { today: '2025-11-20', items: 250 })).users;
    const app = createApp(
      env.deps,
      { secureCookies: false, idleMinutes: 600, webDist: WEB_DIST, log: null, rateLimitPerMinute: 10000 },
      extraRouteModules,
    );
    server = await new Promise((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await openBrowser();
    mkdirSync(SCREENS, { recursive: true });
  });
  after(async () => {
    await browser?.close().catch(() => {});
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await env?.close();
  });

  it('each role opens each menu entry and tab: no error, no sideways overflow, no wrapped label', async () => {
    // One login per role: the first demo login of each.
    const roles = new Map<string, DemoLogin>();
    for (const l of logins) if (!roles.has(l.role)) roles.set(l.role, l);
    assert.ok(roles.size >= 7, `the demo has a login for each role: ${[...roles.keys()].join(', ')}`);
    const faults: string[] = [];
    const seen: string[] = [];
    const pageErrors: string[] = [];
    for (const [role, who] of roles) {
      // Reduced motion: the charts are drawn at once, so a screenshot shows them whole, not half-grown.
      const ctx = await browser.newContext({
        viewport: SIZES[0],
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        reducedMotion: 'reduce',
      });
      ctx.setDefaultTimeout(ACTION_TIMEOUT);
      const page = await ctx.newPage();
      page.on('pageerror', (e) => pageErrors.push(`${role} ${page.url()}: ${e.message}`));
      await login(page, base, who.username, who.password);
      const menu = page.locator('.ant-layout-sider .ant-menu-item');
      const entries = await menu.count();
      assert.ok(entries > 0, `${role} has a menu`);
      for (let i = 0; i < entries; i++) {
        const entry = menu.nth(i);
        const label = (await entry.innerText()).trim();
        await entry.click();
        await until(page, async () => (await entry.getAttribute('class'))?.includes('selected') ?? false, label);
        const path = new URL(page.url()).pathname;
        await settled(page);
        const name = `${role}-${slug(path)}`;
        await look(page, name, faults);
        seen.push(`${role} ${label} ${path}`);
        // The screen's own tabs (系统管理, 督办台账 …): each one looked at in turn.
        const tabs = page.locator('[data-testid=content] .ant-tabs-nav').first().locator('.ant-tabs-tab');
        const tabCount = await tabs.count();
        for (let t = 1; t < tabCount; t++) {
          await tabs.nth(t).click();
          await until(page, async () => (await tabs.nth(t).getAttribute('class'))?.includes('active') ?? false, 'tab');
          await settled(page);
          await look(page, `${name}-tab${t}`, faults);
          seen.push(`${role} ${label} · ${(await tabs.nth(t).innerText()).trim()}`);
        }
      }
      // 个人设置 from the user menu, then sign-out back to the sign-in form.
      await page.getByTestId('user-menu').click();
      await page.getByTestId('menu-settings').click();
      await page.waitForURL((u) => u.pathname === '/settings');
      await settled(page);
      await look(page, `${role}-settings`, faults);
      await page.getByTestId('logout').click();
      await page.locator('#login-username').waitFor();
      assert.equal(await page.getByText('未登录或登录已超时').count(), 0, `${role}: no empty shell after sign-out`);
      await ctx.close();
    }
    console.log(`${seen.length} screens looked at:\n${seen.join('\n')}`);
    assert.ok(seen.length >= 30, `screens looked at: ${seen.length}`);
    assert.deepEqual(faults, []);
    assert.deepEqual(pageErrors, []);
  });
});
