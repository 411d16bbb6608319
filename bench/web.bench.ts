/**
 * Web workbench benchmark. Prints JSON lines {name, value, unit, baseline, ratio}:
 *  - web.first_screen_js_gzip: gzip KB of the built entry script and everything it imports statically
 *    (baseline: the 500 KB budget);
 *  - web.workbench_tti: time from navigation to the interactive workbench (to-do table rendered) on localhost
 *    with a seeded DB in Chromium, median of cold loads (baseline: a blank page load, /healthz, measured
 *    the same way in the same run);
 *  - web.workbench_ttfb: the workbench document's time to first byte (baseline: the same blank page load).
 * Run: node --import tsx bench/web.bench.ts
 */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loginAs } from '../test/http-client.ts';
import { skipReason, startHarness, WEB_DIST, ensureWebBuild } from '../test/e2e/harness.ts';
import { TEST_PASSWORD } from '../test/test-db.ts';

const BUDGET_KB = 500;
const RUNS = 5;

function line(name: string, value: number, unit: string, baseline: number) {
  const r = (x: number) => Math.round(x * 100) / 100;
  console.log(
    JSON.stringify({
      name,
      value: r(value),
      unit,
      baseline: r(baseline),
      ratio: baseline ? r(value / baseline) : null,
    }),
  );
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/** The entry chunk(s) of index.html plus their static imports, transitively (dynamic import() excluded). */
export function firstScreenFiles(dist: string): string[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const start = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1]!.replace(/^\//, ''));
  const seen = new Set<string>();
  const stack = [...start];
  while (stack.length) {
    const rel = stack.pop()!;
    if (seen.has(rel)) continue;
    seen.add(rel);
    const code = readFileSync(join(dist, rel), 'utf8');
    for (const m of code.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g)) {
      stack.push(posix.join(posix.dirname(rel), m[1]!));
    }
  }
  return [...seen];
}

async function main() {
  ensureWebBuild();
  const files = firstScreenFiles(WEB_DIST);
  const gz = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(WEB_DIST, f)), { level: 9 }).length, 0) / 1024;
  line('web.first_screen_js_gzip', gz, 'KB', BUDGET_KB);

  const reason = skipReason();
  if (reason) {
    console.error(reason);
    return;
  }
  const h = await startHarness('2025-09-26');
  try {
    const reg = await loginAs(h.app, 'dengji');
    for (let i = 0; i < 120; i++) {
      const r = await reg.post('/api/v1/items', {
        channel: i % 2 ? '来信' : '网上投诉',
        receivedOn: '2025-09-26',
        headCount: 1,
        petitioners: [{ name: `测试${i}`, phone: `1380000${String(1000 + i)}` }],
        title: `基准测试事项 ${i}`,
        content: `第 ${i} 件：小区物业收费问题。`,
        demands: ['停止违规收费'],
        classCode: '08.01.01',
      });
      if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    }
    const tti: number[] = [];
    const ttfb: number[] = [];
    const blank: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const ctx = await h.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
      const res = await ctx.request.post(`${h.base}/api/v1/auth/login`, {
        data: { username: 'shenhe', password: TEST_PASSWORD },
      });
      if (!res.ok()) throw new Error(`login failed ${res.status()}`);
      const page = await ctx.newPage();
      let t0 = Date.now();
      await page.goto(`${h.base}/healthz`);
      blank.push(Date.now() - t0);
      t0 = Date.now();
      await page.goto(`${h.base}/`, { waitUntil: 'commit' });
      await page.locator('[data-testid^="group-"] .ant-table-row').first().waitFor({ timeout: 30_000 });
      tti.push(Date.now() - t0);
      ttfb.push(
        await page.evaluate(() => {
          const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          return n.responseStart - n.startTime;
        }),
      );
      await ctx.close();
    }
    line('web.workbench_tti', median(tti), 'ms', median(blank));
    line('web.workbench_ttfb', median(ttfb), 'ms', median(blank));
  } finally {
    await h.close();
  }
}

await main();
