import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createApp } from '../server/http/app.ts';
import { ensureWebBuild, WEB_DIST } from './e2e/harness.ts';
import { makeTestEnv, type TestEnv } from './test-db.ts';

interface Chunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, Chunk>;

/** Compressed size of a built file: its `.br` twin, or the file itself when too small to be compressed. */
function brSize(file: string): number {
  const p = join(WEB_DIST, file);
  return existsSync(`${p}.br`) ? statSync(`${p}.br`).size : statSync(p).size;
}

/** Manifest keys of a chunk and everything it imports statically (what the browser fetches with it). */
function closure(m: Manifest, keys: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (k: string) => {
    if (seen.has(k)) return;
    seen.add(k);
    for (const i of m[k]?.imports ?? []) visit(i);
  };
  for (const k of keys) visit(k);
  return seen;
}

describe('the web build: first screen size, charts split out, precompressed assets served with cache headers', () => {
  let m: Manifest;
  let env: TestEnv;
  let app: ReturnType<typeof createApp>;
  before(async () => {
    ensureWebBuild();
    m = JSON.parse(readFileSync(join(WEB_DIST, '.vite', 'manifest.json'), 'utf8')) as Manifest;
    env = await makeTestEnv('sqlite');
    app = createApp(env.deps, {
      secureCookies: false,
      idleMinutes: 30,
      webDist: WEB_DIST,
      log: null,
      rateLimitPerMinute: 1000,
    });
  });
  after(async () => {
    await env?.close();
  });

  it('the first route (sign-in and 工作台) loads at most 500 KB compressed and no chart code', () => {
    const first = closure(m, ['index.html', 'src/scenes/workbench/WorkbenchPage.tsx']);
    const files = [...first].flatMap((k) => [m[k]!.file, ...(m[k]!.css ?? [])]);
    const total = files.reduce((s, f) => s + brSize(f), 0);
    assert.ok(total > 50_000, `first route is ${total} bytes: the manifest walk found too little`);
    assert.ok(total <= 500 * 1024, `first route is ${Math.round(total / 1024)} KB compressed: ${files.join(', ')}`);
    const charts = Object.entries(m).find(([, c]) => c.name === 'charts');
    assert.ok(charts, 'ECharts has its own chunk');
    assert.ok(!first.has(charts[0]), 'the first route does not load the charts chunk');
    assert.ok(closure(m, ['src/scenes/dashboard/DashboardPage.tsx']).has(charts[0]), 'the dashboard loads the charts');
  });

  it('serves brotli or gzip by Accept-Encoding, hashed assets cached for a year, the page revalidated', async () => {
    const js = m['index.html']!.file;
    const raw = readFileSync(join(WEB_DIST, js));
    const br = await app.request(`/${js}`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(br.status, 200);
    assert.equal(br.headers.get('content-encoding'), 'br');
    assert.equal(br.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.match(br.headers.get('vary') ?? '', /Accept-Encoding/i);
    assert.match(br.headers.get('content-type') ?? '', /javascript/);
    const brBody = Buffer.from(await br.arrayBuffer());
    assert.ok(brBody.length < raw.length / 2, 'brotli body is much smaller');
    assert.ok(brotliDecompressSync(brBody).equals(raw), 'brotli body decodes to the file');

    const gz = await app.request(`/${js}`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers.get('content-encoding'), 'gzip');
    assert.ok(gunzipSync(Buffer.from(await gz.arrayBuffer())).equals(raw));

    const plain = await app.request(`/${js}`);
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.ok(Buffer.from(await plain.arrayBuffer()).equals(raw));

    const page = await app.request('/items/some-id', { headers: { 'accept-encoding': 'br' } });
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    const html =
      page.headers.get('content-encoding') === 'br'
        ? brotliDecompressSync(Buffer.from(await page.arrayBuffer())).toString('utf8')
        : await page.text();
    assert.match(html, /<div id="root">/);
  });
});
