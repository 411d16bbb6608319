import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays } from '../../domain/calendar.ts';
import { createApp } from '../app.ts';
import { extraRouteModules } from '../modules.ts';
import { loginAs, type Client } from '../../../test/http-client.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from '../../../test/test-db.ts';

const opts = { secureCookies: false, idleMinutes: 60 * 24 * 3650, webDist: null, log: null, rateLimitPerMinute: 1000 };

/** A made-up 2027 notice in the shipped JSON shape (tests only; not the official one). */
function notice2027(drop?: string) {
  const h = (name: string, from: string, to: string) => {
    const days: string[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
    return { name, from, to, days };
  };
  const holidays = [
    h('元旦', '2027-01-01', '2027-01-03'),
    h('春节', '2027-02-06', '2027-02-13'),
    h('清明节', '2027-04-05', '2027-04-05'),
    h('劳动节', '2027-05-01', '2027-05-05'),
    h('端午节', '2027-06-09', '2027-06-11'),
    h('中秋节', '2027-09-15', '2027-09-17'),
    h('国庆节', '2027-10-01', '2027-10-07'),
  ].filter((x) => x.name !== drop);
  return { years: { '2027': { notice: '测试用通知 2026-11-01', holidays, makeUpWorkdays: ['2027-02-20'] } } };
}

for (const dialect of dialects()) {
  describe(`a 2027 deadline and the year's notice (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof createApp>;
    let people: Awaited<ReturnType<typeof seedPeople>>;
    let reg: Client, rev: Client, handler: Client, admin: Client;
    let id = '';
    before(async () => {
      env = await makeTestEnv(dialect, '2026-11-20');
      people = await seedPeople(env.deps);
      app = createApp(env.deps, opts, extraRouteModules);
      reg = await loginAs(app, 'dengji');
      rev = await loginAs(app, 'shenhe');
      handler = await loginAs(app, 'zjj_jb');
      admin = await loginAs(app, 'admin');
    });
    after(async () => env.close());

    it('accepted 2026-11-23: the 60-day deadline 2027-01-22 is provisional, and the admin is warned', async () => {
      const r = await reg.post('/api/v1/items', {
        channel: '来信',
        receivedOn: '2026-11-20',
        headCount: 1,
        petitioners: [{ name: '测试人' }],
        title: '跨年期限',
        content: '用于测试跨年期限。',
        demands: ['诉求'],
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      id = r.body.item.id;
      let v = r.body.item.version;
      const route = await rev.post(`/api/v1/items/${id}/steps`, {
        version: v,
        input: { step: 'route', kind: '转送', unitId: people.units.zjj },
      });
      assert.equal(route.status, 200, JSON.stringify(route.body));
      v = route.body.item.version;
      env.setToday('2026-11-23');
      const acc = await handler.post(`/api/v1/items/${id}/steps`, { version: v, input: { step: 'accept' } });
      assert.equal(acc.status, 200, JSON.stringify(acc.body));
      const handle = acc.body.item.deadlines.find((d: any) => d.rule === 'handle');
      assert.equal(handle.due, '2027-01-22');
      assert.deepEqual(handle.provisional.years, [2027]);
      assert.match(handle.explanation, /暂定/);

      const cov = await admin.get('/api/v1/calendar/coverage');
      assert.equal(cov.status, 200, JSON.stringify(cov.body));
      assert.ok(!cov.body.officialYears.includes(2027));
      assert.deepEqual(
        cov.body.warnings.map((w: any) => [w.year, w.warnFrom]),
        [[2027, '2026-10-01']],
      );
      assert.equal((await handler.get('/api/v1/calendar/coverage')).status, 403, 'units do not manage the calendar');
    });

    it('a notice missing 国庆 is refused; a whole one settles the deadline, with a timeline line', async () => {
      const bad = await admin.post('/api/v1/calendar/notice', { year: 2027, notice: notice2027('国庆节') });
      assert.equal(bad.status, 422, JSON.stringify(bad.body));
      assert.equal(bad.body.error.code, 'CALENDAR_NOTICE_INVALID');
      assert.match(bad.body.error.message, /国庆/);
      assert.equal((await admin.get('/api/v1/calendar?year=2027')).body.days.length, 0);
      assert.equal((await rev.post('/api/v1/calendar/notice', { notice: notice2027() })).status, 403);

      const ok = await admin.post('/api/v1/calendar/notice', { year: 2027, notice: notice2027() });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.year, 2027);
      assert.ok(ok.body.added > 20);
      assert.ok(ok.body.moved.some((m: any) => m.itemId === id));
      const item = await rev.get(`/api/v1/items/${id}`);
      const handle = item.body.deadlines.find((d: any) => d.rule === 'handle');
      assert.equal(handle.due, '2027-01-22');
      assert.equal(handle.provisional, null);
      const tl = await rev.get(`/api/v1/items/${id}/timeline`);
      const moved = tl.body.events.find((e: any) => e.step === 'deadline_moved');
      assert.match(moved.summary, /2027-01-22 已按正式日历确定/);
      const cov = await admin.get('/api/v1/calendar/coverage');
      assert.ok(cov.body.officialYears.includes(2027));
      assert.deepEqual(cov.body.warnings, []);
    });
  });
}
