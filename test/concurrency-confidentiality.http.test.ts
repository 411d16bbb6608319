import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../server/http/app.ts';
import { verifyAudit } from '../server/app/audit-queries.ts';
import { loginAs, type Client } from './http-client.ts';
import { dialects, makeTestEnv, seedPeople, TEST_PASSWORD, type TestEnv } from './test-db.ts';

/**
 * Races and leaks found in review, on both dialects: parallel audit appends outside a use case, parallel wrong
 * passwords against the lockout, parallel timeline writes on one item, the accused unit and the accuser's
 * organisation or material names, unknown repeat links, and LIKE metacharacters in search.
 */
for (const dialect of dialects()) {
  describe(`concurrency and confidentiality fixes (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof createApp>;
    let reg: Client;
    let rev: Client;
    let people: Awaited<ReturnType<typeof seedPeople>>;
    const login = (username: string, password: string) =>
      app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });

    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      people = await seedPeople(env.deps);
      app = createApp(env.deps, {
        secureCookies: false,
        idleMinutes: 600,
        webDist: null,
        log: null,
        rateLimitPerMinute: 100000,
        // This suite is about the lock per account; the per-address limit has its own tests.
        loginFailuresPerMinute: 100000,
        filesDir: `${env.dir}/files`,
      });
      reg = await loginAs(app, 'dengji');
      rev = await loginAs(app, 'shenhe');
    });
    after(async () => env.close());

    it('parallel logins never answer 500 and the audit chain has no fork', async () => {
      const rs = await Promise.all(
        Array.from({ length: 16 }, (_, i) => login(i % 2 ? 'dengji' : 'shenhe', TEST_PASSWORD)),
      );
      assert.deepEqual([...new Set(rs.map((r) => r.status))], [200]);
      assert.equal((await verifyAudit(env.deps)).ok, true);
    });

    it('parallel wrong passwords all count: the account locks and the right password is refused', async () => {
      const rs = await Promise.all(Array.from({ length: 12 }, () => login('lingdao', 'wrong-password')));
      assert.ok(
        rs.every((r) => r.status === 401 || r.status === 429),
        JSON.stringify(rs.map((r) => r.status)),
      );
      assert.equal(rs.filter((r) => r.status === 401).length, 4, 'exactly four failures before the lock');
      const locked = await login('lingdao', TEST_PASSWORD);
      assert.equal(locked.status, 429);
      assert.equal(((await locked.json()) as any).error.code, 'ACCOUNT_LOCKED');
    });

    it('parallel uploads to one item all land with distinct timeline entries', async () => {
      const item = await reg.post('/api/v1/items', {
        channel: '来信',
        receivedOn: '2025-09-20',
        headCount: 1,
        petitioners: [{ name: '并发上传' }],
        title: 't',
        content: 'c',
        demands: ['d'],
      });
      const res = await app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'dengji', password: TEST_PASSWORD }),
      });
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      const csrf = ((await res.json()) as { csrf: string }).csrf;
      const uploads = await Promise.all(
        Array.from({ length: 6 }, (_, i) => {
          const fd = new FormData();
          fd.append('file', new File([`%PDF-1.4 ${i}` as BlobPart], `f${i}.pdf`));
          return app.request(`/api/v1/items/${item.body.item.id}/attachments`, {
            method: 'POST',
            headers: { cookie, 'x-csrf-token': csrf },
            body: fd,
          });
        }),
      );
      assert.deepEqual(
        uploads.map((u) => u.status),
        Array(6).fill(201),
      );
      const tl = await reg.get(`/api/v1/items/${item.body.item.id}/timeline`);
      const seqs = tl.body.events.map((e: any) => e.seq);
      assert.equal(new Set(seqs).size, seqs.length);
      assert.equal(tl.body.events.filter((e: any) => e.step === 'attach').length, 6);
    });

    it('the accused unit sees neither the accusing organisation nor the names of its materials', async () => {
      const r = await reg.post('/api/v1/items', {
        channel: '来信',
        receivedOn: '2025-09-20',
        headCount: 3,
        organisation: '幸福里小区业主委员会',
        title: '检举某科长',
        content: '检举内容',
        demands: ['查处'],
        handlingClass: '检举控告类',
        purpose: '揭发控告',
        accused: { name: '某科长', unitId: people.units.zjj },
      });
      const id = r.body.item.id;
      const res = await app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'dengji', password: TEST_PASSWORD }),
      });
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      const csrf = ((await res.json()) as { csrf: string }).csrf;
      const fd = new FormData();
      fd.append('file', new File(['%PDF-1.4 举报材料' as BlobPart], '业委会举报信.pdf'));
      assert.equal(
        (
          await app.request(`/api/v1/items/${id}/attachments`, {
            method: 'POST',
            headers: { cookie, 'x-csrf-token': csrf },
            body: fd,
          })
        ).status,
        201,
      );
      const routed = await rev.post(`/api/v1/items/${id}/steps`, {
        version: 1,
        input: { step: 'route', kind: '转送', unitId: people.units.zjj, redactIdentity: true },
      });
      assert.equal(routed.status, 200, JSON.stringify(routed.body));
      const unit = await loginAs(app, 'zjj_jb');
      const view = await unit.get(`/api/v1/items/${id}`);
      assert.equal(view.body.organisation, null);
      const tl = await unit.get(`/api/v1/items/${id}/timeline`);
      const text = JSON.stringify(tl.body);
      assert.ok(!text.includes('业委会举报信') && !text.includes('幸福里小区业主委员会'), text);
      const bureau = await rev.get(`/api/v1/items/${id}`);
      assert.equal(bureau.body.organisation, '幸福里小区业主委员会');
    });

    it('an unknown earlier item in the repeat decision is a 4xx naming it', async () => {
      const r = await reg.post('/api/v1/items', {
        channel: '来信',
        receivedOn: '2025-09-20',
        headCount: 1,
        petitioners: [{ name: '甲' }],
        title: 't',
        content: 'c',
        demands: ['d'],
        repeat: { isRepeat: true, earlierItemIds: ['no-such-item'] },
      });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.match(r.body.error.message, /no-such-item/);
    });

    it('search treats % and _ literally on both databases', async () => {
      await reg.post('/api/v1/items', {
        channel: '来信',
        receivedOn: '2025-09-20',
        headCount: 1,
        petitioners: [{ name: '乙' }],
        title: '涨价100%了',
        content: 'c',
        demands: ['d'],
      });
      await reg.post('/api/v1/items', {
        channel: '来信',
        receivedOn: '2025-09-20',
        headCount: 1,
        petitioners: [{ name: '丙' }],
        title: '涨价1000元',
        content: 'c',
        demands: ['d'],
      });
      const pct = await reg.get(`/api/v1/items?q=${encodeURIComponent('100%')}`);
      assert.deepEqual(
        pct.body.items.map((x: any) => x.title),
        ['涨价100%了'],
      );
      const under = await reg.get(`/api/v1/items?q=${encodeURIComponent('涨价_')}`);
      assert.equal(under.body.total, 0);
    });
  });
}
