import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openApp } from '../../server/compose.ts';
import { makePgSchema, seedPeople, TEST_PASSWORD } from '../test-db.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pgUrl = process.env.XINFANG_TEST_PG_URL;
if (!pgUrl) console.log('two-process test skipped: XINFANG_TEST_PG_URL is not set (several instances need PostgreSQL)');
/** Failed sign-ins per client address per minute, set low so that four attempts reach it. */
const FAILURES_PER_MINUTE = 4;

function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}

interface Instance {
  base: string;
  child: ChildProcess;
}

/** One server process on the shared database and files folder; resolves once its health check answers. */
async function startInstance(db: string, keyFile: string, files: string): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      XINFANG_DB: db,
      XINFANG_KEY_FILE: keyFile,
      XINFANG_FILES: files,
      PORT: String(port),
      HOST: '127.0.0.1',
      XINFANG_DEMO: '0',
      XINFANG_JOBS: '1',
      XINFANG_BACKUP_KEEP: '0',
      XINFANG_RATE_LIMIT: '100000',
      XINFANG_LOGIN_FAILURES_PER_MINUTE: String(FAILURES_PER_MINUTE),
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  // On the condition (health answers) or the child's exit; a cold start on a busy machine takes a while.
  while (Date.now() - started < 180_000) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`server exited while starting (code ${child.exitCode}, signal ${child.signalCode})`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { base, child };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start within 180 s');
}

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(base: string, username: string, password = TEST_PASSWORD): Promise<Response> {
  return fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

async function session(base: string, username: string): Promise<Session> {
  const r = await signIn(base, username);
  assert.equal(r.status, 200, await r.clone().text());
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrf } = (await r.json()) as { csrf: string };
  return { cookie, csrf };
}

const send = (base: string, s: Session, method: string, path: string, body?: BodyInit, json = true) =>
  fetch(`${base}${path}`, {
    method,
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      ...(json && body ? { 'content-type': 'application/json' } : {}),
    },
    body,
  });

/**
 * Two server processes on one PostgreSQL database and one files folder, as a province runs them behind a load
 * balancer: a session from one is good on the other, item numbers stay unique under concurrent registration through
 * both, a material uploaded through one is read through the other, failed sign-ins count once across both, and every
 * scheduled job slot runs on exactly one of them.
 */
describe('two server processes on one PostgreSQL database', {
  skip: pgUrl ? false : 'XINFANG_TEST_PG_URL is not set',
}, () => {
  let dir: string;
  let drop: (() => Promise<void>) | undefined;
  let a: Instance;
  let b: Instance;
  let db: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xinfang-two-'));
    const schema = await makePgSchema();
    drop = schema.drop;
    db = schema.url;
    const keyFile = join(dir, 'keys.json');
    const app = await openApp(db, keyFile);
    await seedPeople(app.deps);
    await app.close();
    [a, b] = await Promise.all([
      startInstance(db, keyFile, join(dir, 'files')),
      startInstance(db, keyFile, join(dir, 'files')),
    ]);
  });
  after(async () => {
    a?.child.kill('SIGTERM');
    b?.child.kill('SIGTERM');
    await Promise.all(
      [a, b]
        .filter(Boolean)
        .map((i) => (i.child.exitCode !== null ? null : new Promise<void>((r) => i.child.once('exit', () => r())))),
    );
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes a session signed in on one process on the other, and signing out on the other ends it', async () => {
    const s = await session(a.base, 'shenhe');
    const onB = await send(b.base, s, 'GET', '/api/v1/auth/me');
    assert.equal(onB.status, 200);
    assert.equal(((await onB.json()) as { user: { username: string } }).user.username, 'shenhe');
    assert.equal((await send(b.base, s, 'POST', '/api/v1/auth/logout', '{}')).status, 200);
    assert.equal((await send(a.base, s, 'GET', '/api/v1/auth/me')).status, 401);
  });

  it('gives unique numbers to registrations made at once through both, and serves a material from either', async () => {
    const onA = await session(a.base, 'dengji');
    const onB = await session(b.base, 'dengji');
    const total = 24;
    const register = async (k: number) => {
      const [base, s] = k % 2 === 0 ? [a.base, onA] : [b.base, onB];
      const body = {
        channel: '来信',
        receivedOn: '2025-09-10',
        headCount: 1,
        petitioners: [{ name: `来信人${k}` }],
        title: `两实例并发登记第${'一二三四五六七八九十'[k % 10]}组`,
        content: '小区电梯长期故障，请求维修。',
        demands: ['维修电梯'],
      };
      const r = await send(base, s, 'POST', '/api/v1/items', JSON.stringify(body));
      assert.equal(r.status, 201, await r.clone().text());
      return ((await r.json()) as { item: { id: string; number: string } }).item;
    };
    const items: { id: string; number: string }[] = [];
    for (let k = 0; k < total; k += 6)
      items.push(...(await Promise.all([0, 1, 2, 3, 4, 5].map((j) => register(k + j)))));
    assert.equal(new Set(items.map((i) => i.number)).size, total, 'every number once');

    const form = new FormData();
    form.append('file', new File([new TextEncoder().encode('%PDF-1.4\n两实例材料\n')], '材料.pdf'));
    const up = await send(a.base, onA, 'POST', `/api/v1/items/${items[0]!.id}/attachments`, form, false);
    assert.equal(up.status, 201, await up.clone().text());
    const { id } = (await up.json()) as { id: string };
    const down = await send(b.base, onB, 'GET', `/api/v1/attachments/${id}`);
    assert.equal(down.status, 200);
    assert.equal(Buffer.from(await down.arrayBuffer()).toString(), '%PDF-1.4\n两实例材料\n');
  });

  it('runs each scheduled job slot on one process only', { timeout: 300_000 }, async () => {
    const { openDb } = await import('../../server/store/db.ts');
    const opened = openDb(db);
    try {
      // Both schedulers tick from their start; wait until the every-minute dispatcher has finished some slot.
      const started = Date.now();
      for (;;) {
        const done = await sql<{ n: string }>`select count(*) as n from job_runs
          where name = 'notify.dispatch-outbox' and finished_at is not null`.execute(opened.db);
        if (Number(done.rows[0]!.n) > 0) break;
        if (Date.now() - started > 240_000) assert.fail('no job slot finished within 240 s');
        await new Promise((r) => setTimeout(r, 250));
      }
      const twice = await sql<{ name: string; slot: string; n: string }>`
        select name, slot, count(*) as n from job_runs group by name, slot having count(*) > 1`.execute(opened.db);
      assert.deepEqual(twice.rows, [], 'no slot ran twice');
      const names = await sql<{ name: string }>`select distinct name from job_runs`.execute(opened.db);
      assert.ok(names.rows.length >= 3, `jobs ran: ${names.rows.map((r) => r.name).join(', ')}`);
    } finally {
      await opened.close();
    }
  });

  // Last: it leaves the test address refused for the rest of the minute.
  it('counts failed sign-ins from one address once across both processes', async () => {
    // A fresh fixed window with room for the attempts (the window is the wall-clock minute).
    while (new Date().getSeconds() > 40) await new Promise((r) => setTimeout(r, 250));
    const minute = Math.floor(Date.now() / 60_000);
    const statuses: number[] = [];
    for (let k = 0; k < FAILURES_PER_MINUTE + 2; k++) {
      const r = await signIn(k % 2 === 0 ? a.base : b.base, `nobody${k}`, 'Wrong@2025pass');
      statuses.push(r.status);
    }
    assert.equal(Math.floor(Date.now() / 60_000), minute, 'the attempts fell in one minute');
    assert.deepEqual(statuses.slice(0, FAILURES_PER_MINUTE), Array(FAILURES_PER_MINUTE).fill(401), String(statuses));
    assert.equal(statuses.at(-1), 429, `the address is refused on either process: ${statuses}`);
  });
});
