import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { seedDemo, type DemoLogin } from '../../server/demo/seed-demo.ts';
import { createApp } from '../../server/http/app.ts';
import { extraRouteModules } from '../../server/http/modules.ts';
import { makeTestEnv, type TestEnv } from '../test-db.ts';
import {
  ACTION_TIMEOUT,
  CHROMIUM,
  CHROMIUM_ARGS,
  ensureWebBuild,
  login,
  SCREENS,
  shot,
  skipReason,
  WEB_DIST,
} from './harness.ts';

const ELEVATOR = {
  title: '小区电梯经常故障困人',
  content: '我们小区的电梯经常出故障，已经困人好几次了，物业公司只是简单重启，一直不彻底维修，老人上下楼很不方便。',
};

describe('registration advice in Chromium on the demo district', { skip: skipReason() ?? false }, () => {
  let env: TestEnv;
  let browser: Browser;
  let server: ReturnType<typeof serve>;
  let base = '';
  let registrar: DemoLogin;
  before(async () => {
    ensureWebBuild();
    env = await makeTestEnv('sqlite', '2025-11-20');
    const seeded = await seedDemo(env.deps, { today: '2025-11-20', items: 900 });
    registrar = seeded.users.find((u) => u.role === 'registrar') as DemoLogin;
    const app = createApp(
      env.deps,
      { secureCookies: false, idleMinutes: 600, webDist: WEB_DIST, log: null, rateLimitPerMinute: 10000 },
      extraRouteModules,
    );
    server = await new Promise((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    mkdirSync(SCREENS, { recursive: true });
  });
  after(async () => {
    await browser?.close().catch(() => {});
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await env?.close();
  });

  async function typeMatter(page: Page, title: string, content: string): Promise<void> {
    await page.locator('#f-title').fill(title);
    await page.locator('#f-content').fill(content);
  }

  it('an elevator complaint gets the office’s class, not a confident 商贸旅游', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    ctx.setDefaultTimeout(ACTION_TIMEOUT);
    const page = await ctx.newPage();
    await login(page, base, registrar.username, registrar.password, '/register');
    await typeMatter(page, ELEVATOR.title, ELEVATOR.content);
    const advice = page.getByTestId('class-advice');
    await advice.waitFor();
    const status = await advice.getAttribute('data-status');
    const first = await page.getByTestId('suggest-class-0').innerText();
    const all = await page.getByTestId('suggest-classes').innerText();
    // The demo office files elevator failures under 城乡建设/物业管理: that class leads, or the advice is unsure
    // and offers it among three; a confident 商贸旅游 would be the old, wrong answer.
    assert.ok(first.startsWith('城乡建设') || status !== 'confident', `${status}: ${all}`);
    assert.match(all, /城乡建设\/物业管理/);
    assert.match(all, /已确认的相似事项/);
    assert.match(await page.getByTestId('class-why').innerText(), /电梯/);
    await page.getByTestId('suggest-classes').scrollIntoViewIfNeeded();
    await shot(page, 'suggest-elevator');
    // Adopting the class brings the unit advice with its counts.
    await page.getByTestId('adopt-class-0').click();
    await page.getByTestId('suggest-unit-0').waitFor();
    assert.match(await page.getByTestId('suggest-units').innerText(), /近一年.* \d+ 件中 \d+ 件交/);
    await shot(page, 'suggest-elevator-units');
    // Punctuation only: no class at all.
    await typeMatter(page, '！！！！！！', '。。。。。。，，，，，');
    await page.getByTestId('suggest-classes').getByText('内容为空，无法给出分类建议').waitFor();
    await ctx.close();
  });
});
