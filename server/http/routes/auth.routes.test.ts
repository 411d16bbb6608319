import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { totpCode } from '../../crypto/totp.ts';
import { createApp } from '../app.ts';
import type { HttpOptions } from '../env.ts';
import { openDb } from '../../store/db.ts';
import { loginAs } from '../../../test/http-client.ts';
import { dialects, makeTestEnv, seedPeople, TEST_PASSWORD, type TestEnv } from '../../../test/test-db.ts';

/**
 * Sign-in against a guesser: no user enumeration, throttling per address and per name (existing or not) in the
 * database, X-Forwarded-For only from trusted proxies, TOTP codes used once, password changes counted like
 * sign-ins; and the input edges: malformed URLs, no caching of API answers.
 */
const WALL = Date.UTC(2025, 8, 26, 2, 0, 30);
const base: HttpOptions = {
  secureCookies: false,
  idleMinutes: 600,
  webDist: null,
  log: null,
  rateLimitPerMinute: 100000,
  now: () => WALL,
};

/** A sign-in attempt as if from the TCP peer `peer`, optionally through a proxy header. */
function attempt(
  app: ReturnType<typeof createApp>,
  username: string,
  password: string,
  peer = '198.51.100.7',
  xff?: string,
) {
  return app.request(
    '/api/v1/auth/login',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(xff ? { 'x-forwarded-for': xff } : {}) },
      body: JSON.stringify({ username, password }),
    },
    { incoming: { socket: { remoteAddress: peer } } },
  );
}

const bodyOf = async (r: Response) => ((await r.json()) as any).error as { code: string; message: string };

for (const dialect of dialects()) {
  describe(`sign-in, sessions and input (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof createApp>;
    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      await seedPeople(env.deps);
      app = createApp(env.deps, { ...base, trustedProxies: ['10.0.0.0/8'], filesDir: `${env.dir}/files` });
    });
    after(async () => env.close());
    // Each case moves the clock to a day of its own, so the throttles of one do not reach the next.
    let day = 0;
    const freshDay = () => env.setToday(`2025-10-${String(++day).padStart(2, '0')}`);

    it('an unknown name, a wrong password and a disabled account get the same status, code and message', async () => {
      freshDay();
      const unknown = await attempt(app, 'no-such-user', 'Wrong@2025x', '198.51.100.1');
      const wrong = await attempt(app, 'lingdao', 'Wrong@2025x', '198.51.100.2');
      await env.deps.db.updateTable('users').set({ disabled: 1 }).where('username', '=', 'zjj_fz').execute();
      const disabled = await attempt(app, 'zjj_fz', TEST_PASSWORD, '198.51.100.3');
      await env.deps.db.updateTable('users').set({ disabled: 0 }).where('username', '=', 'zjj_fz').execute();
      const [u, w, d] = [await bodyOf(unknown), await bodyOf(wrong), await bodyOf(disabled)];
      assert.deepEqual([unknown.status, wrong.status, disabled.status], [401, 401, 401]);
      assert.deepEqual(u, w, 'nothing tells an unknown name from a wrong password');
      assert.deepEqual(d, w);
      assert.match(w.message, /用户名或密码错误/);
      const failures = await env.deps.db
        .selectFrom('audit_log')
        .select(['detail'])
        .where('action', '=', 'auth.login_failed')
        .execute();
      assert.ok(
        failures.some((f) => JSON.parse(f.detail).why === 'unknown user'),
        'unknown names are audited too',
      );
    });

    it('40 rapid failures with unknown names from one address meet 429 with Retry-After after a handful', async () => {
      freshDay();
      const statuses: number[] = [];
      let first429: Response | null = null;
      for (let i = 0; i < 40; i++) {
        const r = await attempt(app, `guess${i}`, 'x', '203.0.113.50');
        statuses.push(r.status);
        if (r.status === 429 && !first429) first429 = r;
      }
      assert.equal(statuses.filter((s) => s === 401).length, 10, JSON.stringify(statuses));
      assert.ok(statuses.slice(10).every((s) => s === 429));
      assert.ok(first429, 'throttled');
      assert.ok(Number(first429.headers.get('retry-after')) > 0);
      const e = await bodyOf(first429);
      assert.equal(e.code, 'RATE_LIMITED');
      assert.match(e.message, /登录失败次数过多，请 \d+ 秒后再试/);
      // The block is per address: another client signs in.
      assert.equal((await attempt(app, 'dengji', TEST_PASSWORD, '203.0.113.51')).status, 200);
    });

    it('guessing one name from many addresses locks that name, existing or not, alike', async () => {
      freshDay();
      const run = async (name: string) => {
        const rs: Response[] = [];
        for (let i = 0; i < 6; i++) rs.push(await attempt(app, name, 'x', `192.0.2.${i + 1}`));
        return rs;
      };
      const ghost = await run('ghost-account');
      const real = await run('shenhe');
      assert.deepEqual(
        ghost.map((r) => r.status),
        [401, 401, 401, 401, 429, 429],
      );
      assert.deepEqual(
        real.map((r) => r.status),
        ghost.map((r) => r.status),
      );
      assert.equal(ghost[5]!.headers.get('retry-after'), real[5]!.headers.get('retry-after'));
      const [g, s] = [await bodyOf(ghost[5]!), await bodyOf(real[5]!)];
      assert.deepEqual(g, s, 'the lock reads the same for a name that is no account');
      assert.equal(s.code, 'ACCOUNT_LOCKED');
      assert.match(s.message, /暂停登录至/);
      assert.equal((await attempt(app, 'shenhe', TEST_PASSWORD, '192.0.2.99')).status, 429, 'even the right password');
    });

    it('the throttle is shared by instances on one database', async () => {
      freshDay();
      const second = openDb(env.dbTarget);
      try {
        const other = createApp({ ...env.deps, db: second.db }, { ...base, filesDir: `${env.dir}/files` });
        const rs: number[] = [];
        for (let i = 0; i < 12; i++)
          rs.push((await attempt(i % 2 ? other : app, `multi${i}`, 'x', '203.0.113.77')).status);
        assert.deepEqual(rs.slice(0, 10), Array(10).fill(401));
        assert.deepEqual(rs.slice(10), [429, 429], 'both instances see the failures of both');
      } finally {
        await second.close();
      }
    });

    it('X-Forwarded-For counts only from a trusted proxy', async () => {
      freshDay();
      // An untrusted peer cannot dodge the limit by inventing addresses.
      const direct: number[] = [];
      for (let i = 0; i < 11; i++)
        direct.push((await attempt(app, `xff${i}`, 'x', '203.0.113.90', `198.18.0.${i}`)).status);
      assert.equal(direct[10], 429);
      // Behind the trusted proxy, the clients it names are counted apart.
      const viaProxy: number[] = [];
      for (let i = 0; i < 11; i++)
        viaProxy.push((await attempt(app, `prox${i}`, 'x', '10.1.2.3', '198.18.1.1, 10.9.9.9')).status);
      assert.equal(viaProxy[10], 429, 'one client behind the proxy is throttled');
      assert.equal((await attempt(app, 'dengji', TEST_PASSWORD, '10.1.2.3', '198.18.1.2')).status, 200);
    });

    it('a TOTP code works once; enabling needs the password, replacing the current code; sealed at rest', async () => {
      freshDay();
      const now = env.deps.clock().getTime();
      const leader = await loginAs(app, 'lingdao');
      const setupRes = await leader.post('/api/v1/auth/totp/setup', {});
      assert.equal(setupRes.status, 200, JSON.stringify(setupRes.body));
      const setup = setupRes.body;
      const code = totpCode(setup.secret, now);
      const noPw = await leader.post('/api/v1/auth/totp/enable', { secret: setup.secret, code });
      assert.equal(noPw.status, 400, 'the password is required');
      const badPw = await leader.post('/api/v1/auth/totp/enable', { secret: setup.secret, code, password: 'nope' });
      assert.equal(badPw.status, 401);
      assert.equal(
        (await leader.post('/api/v1/auth/totp/enable', { secret: setup.secret, code, password: TEST_PASSWORD })).status,
        200,
      );
      const row = await env.deps.db
        .selectFrom('users')
        .select('totp_secret')
        .where('username', '=', 'lingdao')
        .executeTakeFirstOrThrow();
      assert.match(row.totp_secret!, /^sm4:k\d+:/, 'stored encrypted');
      assert.ok(!row.totp_secret!.includes(setup.secret));
      const withCode = (c: string, peer: string) =>
        app.request(
          '/api/v1/auth/login',
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: 'lingdao', password: TEST_PASSWORD, totp: c }),
          },
          { incoming: { socket: { remoteAddress: peer } } },
        );
      const next = totpCode(setup.secret, now + 30_000);
      assert.equal((await withCode(next, '198.51.100.20')).status, 200);
      const replay = await withCode(next, '198.51.100.21');
      assert.equal(replay.status, 401, 'the same code a second time is refused');
      // Replacing the secret from a session alone is refused: the current code of the old secret is needed.
      const s2 = (await leader.post('/api/v1/auth/totp/setup', {})).body;
      const c2 = totpCode(s2.secret, now);
      const noOld = await leader.post('/api/v1/auth/totp/enable', {
        secret: s2.secret,
        code: c2,
        password: TEST_PASSWORD,
      });
      assert.equal(noOld.status, 400);
      assert.match(noOld.body.error.message, /原验证器/);
      // Two sign-ins racing with one fresh code get one session.
      freshDay();
      const fresh = totpCode(setup.secret, env.deps.clock().getTime());
      const race = await Promise.all([withCode(fresh, '198.51.100.22'), withCode(fresh, '198.51.100.23')]);
      assert.deepEqual(race.map((r) => r.status).sort(), [200, 401]);
    });

    it('a wrong current password counts as a failed sign-in: it locks, ends the sessions, is audited', async () => {
      freshDay();
      const head = await loginAs(app, 'zjj_jb');
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await head.put('/api/v1/auth/password', { current: 'nope', next: 'New@2025pass' })).status);
      assert.deepEqual(statuses, [401, 401, 401, 401, 429]);
      assert.equal((await head.get('/api/v1/auth/me')).status, 401, 'the session ended with the lock');
      assert.equal((await attempt(app, 'zjj_jb', TEST_PASSWORD, '198.51.100.40')).status, 429, 'sign-in locked too');
      const audit = await env.deps.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'user.password_failed')
        .execute();
      assert.equal(audit.length, 5);
    });

    it('unauthenticated malformed URLs get 400 and leave no error in the log', async () => {
      const lines: string[] = [];
      const sink = new Writable({
        write(chunk, _enc, cb) {
          lines.push(String(chunk));
          cb();
        },
      });
      const web = `${env.dir}/web`;
      mkdirSync(web, { recursive: true });
      writeFileSync(`${web}/index.html`, '<!doctype html><title>x</title>');
      const withWeb = createApp(env.deps, { ...base, webDist: web, log: pino({ level: 'info' }, sink) });
      for (const p of ['/%', '/%zz', '/api/v1/items/%E0%A4%A', '/items/%E0%A4%A', '/api/v1/public/items/%']) {
        const r = await withWeb.request(p);
        assert.equal(r.status, 400, p);
        assert.equal(((await r.json()) as any).error.code, 'VALIDATION');
      }
      assert.ok(!lines.some((l) => /"level":50|URIError|stack/.test(l)), lines.join('\n'));
    });

    it('API answers carry Cache-Control: no-store (successes and errors alike)', async () => {
      freshDay();
      const reg = await loginAs(app, 'dengji');
      void reg;
      for (const p of ['/api/v1/auth/me', '/api/v1/items', '/api/v1/units']) {
        const r = await app.request(p);
        assert.equal(r.headers.get('cache-control'), 'no-store', p);
      }
      const login = await attempt(app, 'dengji', TEST_PASSWORD, '198.51.100.60');
      assert.equal(login.status, 200);
      assert.equal(login.headers.get('cache-control'), 'no-store');
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      const me = await app.request('/api/v1/auth/me', { headers: { cookie } });
      assert.equal(me.status, 200);
      assert.equal(me.headers.get('cache-control'), 'no-store');
    });

    it('sensitive endpoints are limited per account and per address', async () => {
      freshDay();
      // A minute of its own on the wall clock: the earlier cases' requests do not count here.
      const tight = createApp(env.deps, {
        ...base,
        now: () => WALL + 3_600_000,
        sensitivePerMinute: 2,
        trustedProxies: ['10.0.0.0/8'],
      });
      const sessionFor = async (username: string) => {
        const r = await attempt(tight, username, TEST_PASSWORD, '198.51.100.70');
        assert.equal(r.status, 200, username);
        const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
        const csrf = ((await r.json()) as any).csrf as string;
        return (xff: string) =>
          tight.request(
            '/api/v1/auth/totp/setup',
            { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'x-forwarded-for': xff } },
            { incoming: { socket: { remoteAddress: '10.0.0.5' } } },
          );
      };
      // One account from rotating addresses: the account's count stops it.
      const one = await sessionFor('dengji');
      const s1 = [await one('198.18.5.1'), await one('198.18.5.2'), await one('198.18.5.3')].map((r) => r.status);
      assert.deepEqual(s1, [200, 200, 429]);
      // Many accounts from one address: the address's count (5 × 2) stops them.
      const names = ['shenhe', 'zjj_jb', 'scj_jb', 'zjj_fz', 'admin', 'shenji'];
      const statuses: number[] = [];
      for (const n of names) {
        const call = await sessionFor(n);
        statuses.push((await call('198.18.6.6')).status, (await call('198.18.6.6')).status);
      }
      assert.deepEqual(statuses.slice(0, 10), Array(10).fill(200));
      assert.deepEqual(statuses.slice(10), [429, 429]);
    });
  });
}
