import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { README, withGuide } from '../scripts/write-api-guide.ts';
import { todayOf } from '../server/app/context.ts';
import { getItemView } from '../server/app/item-queries.ts';
import { seedDemo } from '../server/demo/seed-demo.ts';
import { SYSTEM_ACTOR } from '../server/domain/item.policy.ts';
import { API_GUIDE, escapeHtml, guideScript } from '../server/http/api-guide.ts';
import { createApp } from '../server/http/app.ts';
import { extraRouteModules } from '../server/http/modules.ts';
import { makeTestEnv, type TestEnv } from './test-db.ts';

const missingTools = ['bash', 'curl', 'jq'].filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);

describe('the API guide (README and /api/docs)', () => {
  it('the README carries the current guide (run `npm run docs:api` after editing server/http/api-guide.ts)', () => {
    const readme = readFileSync(README, 'utf8');
    assert.equal(readme, withGuide(readme));
  });

  it('/api/docs shows the guide: sign-in, cookie, CSRF header, step body and every example', async () => {
    const env = await makeTestEnv('sqlite');
    try {
      const app = createApp(env.deps, {
        secureCookies: false,
        idleMinutes: 30,
        webDist: null,
        log: null,
        rateLimitPerMinute: 1000,
      });
      const res = await app.request('/api/docs');
      assert.equal(res.status, 200);
      const html = await res.text();
      for (const term of ['/api/v1/auth/login', 'xf_session', 'x-csrf-token', '{&#34;version&#34;, &#34;input&#34;}'])
        assert.ok(html.includes(term), term);
      for (const s of API_GUIDE) {
        assert.ok(html.includes(escapeHtml(s.title)), s.title);
        if (s.shell) assert.ok(html.includes(escapeHtml(s.shell)), `example of ${s.title}`);
      }
    } finally {
      await env.close();
    }
  });
});

describe('the API guide examples, run with bash, curl and jq against a started server', {
  skip: missingTools.length ? `missing ${missingTools.join(', ')} (scripts/system-deps.sh installs them)` : false,
}, () => {
  let env: TestEnv;
  let server: ServerType;
  let url: string;
  let dir: string;
  const today = todayOf(new Date());

  before(async () => {
    env = await makeTestEnv('sqlite', today);
    await seedDemo(env.deps, { today, items: 5 });
    const app = createApp(
      env.deps,
      { secureCookies: false, idleMinutes: 30, webDist: null, log: null, rateLimitPerMinute: 1000 },
      extraRouteModules,
    );
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((r) => server.once('listening', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'xinfang-guide-'));
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    await env.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every example succeeds, in order, and does what its text says', async () => {
    const script = `set -euo pipefail\n${guideScript()}\necho "ITEM=$ITEM"\n`;
    // Asynchronously: the server answers from this very process while bash runs.
    const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn('bash', ['-c', script], {
        cwd: dir,
        // The server's dates are Beijing dates; so are the examples' `date +%F`.
        env: { ...process.env, XF: url, TZ: 'Asia/Shanghai' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.once('error', reject);
      child.once('close', (status) => resolve({ status, stdout, stderr }));
    });
    assert.equal(r.status, 0, `${r.stderr}\n${r.stdout}`);
    const out = r.stdout;
    assert.match(out, /"total": \d+/, 'the list answered');
    // The server runs on the real date: when the 15th day is a rest day the explanation says where it moved to.
    assert.match(
      out,
      /"explanation": "15 日，自 \d{4}-\d{2}-\d{2} 收到之日起算，截至 (\d{4}-\d{2}-\d{2})(（[^"]*顺延至 \1）)?"/,
    );
    assert.match(out, /"summary": "转送至责任单位",\s+"status": "routed",\s+"version": 2/);
    assert.match(out, /"code":"CONFLICT".*"details":\{"current":2\}/);
    assert.match(out, /"code":"CSRF"/);
    assert.match(out, /共受理信访事项\d+件/);
    assert.match(out, /\{"ok":true\}/);
    const docx = join(dir, '通报.docx');
    assert.ok(existsSync(docx));
    assert.equal(readFileSync(docx).subarray(0, 2).toString(), 'PK', 'a Word file (zip container)');
    // The item the examples registered was routed once: the rejected repeats changed nothing.
    const id = /ITEM=(\S+)/.exec(out)?.[1];
    assert.ok(id);
    const view = await getItemView(env.deps, { actor: { ...SYSTEM_ACTOR, role: 'reviewer' }, requestId: null }, id);
    assert.equal(view.status, 'routed');
    assert.equal(view.version, 2);
    assert.equal(view.title, '建设路路面破损');
  });
});
