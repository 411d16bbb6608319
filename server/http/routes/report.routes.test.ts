import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../app.ts';
import { extraRouteModules } from '../modules.ts';
import { loginAs } from '../../../test/http-client.ts';
import { fixtureRows, insertFixture } from '../../../test/report-fixture.ts';
import { dialects, makeTestEnv, seedPeople, TEST_PASSWORD, type TestEnv } from '../../../test/test-db.ts';
import { unzipEntry } from '../../../test/unzip.ts';

const opts = { secureCookies: false, idleMinutes: 60, webDist: null, log: null, rateLimitPerMinute: 1000 };

for (const dialect of dialects()) {
  describe(`reports over HTTP (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof createApp>;
    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      const people = await seedPeople(env.deps);
      await insertFixture(env.deps, people.units, fixtureRows());
      app = createApp(env.deps, opts, extraRouteModules);
    });
    after(async () => env.close());

    it('a leader gets the report; a unit handler is refused with 403', async () => {
      const leader = await loginAs(app, 'lingdao');
      const r = await leader.get('/api/v1/reports/situation?from=2025-03-01&to=2025-05-31&compare=yoy&top=3');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.firstTime.count + r.body.repeat.count + r.body.outsideDistrict.count, r.body.total);
      assert.equal(r.body.topUnits.length, 3);
      assert.equal(r.body.comparison.kind, 'yoy');
      const unit = await loginAs(app, 'zjj_jb');
      const f = await unit.get('/api/v1/reports/situation?from=2025-03-01&to=2025-05-31');
      assert.equal(f.status, 403);
      assert.equal(f.body.error.code, 'FORBIDDEN');
      assert.equal((await unit.get('/api/v1/reports/dashboard?from=2025-03-01&to=2025-05-31')).status, 403);
    });

    it('bad query is 400; bad calendar dates and reversed periods are refused', async () => {
      const reg = await loginAs(app, 'dengji');
      assert.equal((await reg.get('/api/v1/reports/situation?from=2025-3-1&to=2025-05-31')).status, 400);
      const rev = await reg.get('/api/v1/reports/situation?from=2025-06-01&to=2025-05-31');
      assert.equal(rev.status, 400);
      assert.match(rev.body.error.message, /晚于/);
    });

    it('docx comes as an attachment with an RFC 5987 Chinese filename', async () => {
      const login = await app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'shenhe', password: TEST_PASSWORD }),
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      const res = await app.request('/api/v1/reports/situation?from=2025-03-01&to=2025-05-31&format=docx', {
        headers: { cookie },
      });
      assert.equal(res.status, 200);
      const cd = res.headers.get('content-disposition') ?? '';
      assert.match(cd, /^attachment; filename="report_2025-03-01_2025-05-31\.docx"; filename\*=UTF-8''/);
      assert.ok(decodeURIComponent(cd.split("UTF-8''")[1]!).startsWith('信访形势分析报告_'));
      const xml = unzipEntry(Buffer.from(await res.arrayBuffer()), 'word/document.xml')!.toString('utf8');
      assert.match(xml, /共受理信访事项/);

      // The scorecard 通报 section: prose with Chinese dates, then one row per unit in rank order with its rates.
      const text = xml.replace(/<[^>]+>/g, '');
      const at = text.indexOf('九、责任单位考评（把脉问诊）');
      assert.ok(at > text.indexOf('八、满意率'), 'the ninth section, after the eighth');
      const section = text.slice(at);
      assert.match(
        section,
        /^九、责任单位考评（把脉问诊）2025年3月1日至2025年5月31日，全区\d+个责任单位共主办信访事项\d+件/,
      );
      assert.doesNotMatch(section, /÷|=|计算|公式/, 'no calculation text');
      const card = await (await loginAs(app, 'shenhe')).get('/api/v1/scorecard?from=2025-03-01&to=2025-05-31');
      const pc = (f: { rate: number | null }) => (f.rate === null ? '—' : `${(f.rate * 100).toFixed(1)}%`);
      type U = Record<'acceptedOnTime' | 'closedOnTime' | 'rated' | 'satisfied', { rate: number | null }> & {
        rank: number;
        unit: string;
        received: { count: number };
        overdue: { count: number };
      };
      const units = card.body.units as U[];
      assert.ok(units.length >= 2);
      assert.match(section, new RegExp(`${units[0]!.unit}、${units[1]!.unit}.*位列前`));
      let last = -1;
      for (const u of units) {
        const row = [u.rank, u.unit, u.received.count, pc(u.acceptedOnTime), pc(u.closedOnTime), pc(u.rated)]
          .concat([pc(u.satisfied), u.overdue.count])
          .join('');
        const pos = section.indexOf(row);
        assert.ok(pos > last, `row of ${u.unit} in rank order: ${row}`);
        last = pos;
      }
      assert.match(section, /2025年9月26日$/, 'dated in Chinese at the end');
    });

    it('the dashboard gives a monthly trend against last year, splits and overdue count', async () => {
      const leader = await loginAs(app, 'lingdao');
      const r = await leader.get('/api/v1/reports/dashboard?from=2025-03-01&to=2025-05-31');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(
        r.body.trend.map((t: any) => t.month),
        ['2025-03', '2025-04', '2025-05'],
      );
      assert.deepEqual(
        r.body.trend.map((t: any) => t.comparisonMonth),
        ['2024-03', '2024-04', '2024-05'],
      );
      const sum = r.body.trend.reduce((a: number, t: any) => a + t.count, 0);
      assert.equal(sum, r.body.figures.total);
      const rows = fixtureRows().filter(
        (x) => x.registeredOn.startsWith('2024-0') && x.status !== 'not_accepted' && x.status !== 'not_reaccepted',
      );
      assert.equal(
        r.body.trend.reduce((a: number, t: any) => a + t.comparisonCount, 0),
        rows.length,
      );
      assert.equal(typeof r.body.overdue, 'number');
    });
  });
}
