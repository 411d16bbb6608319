import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { produceDueDailyReports } from '../server/app/daily-reports.ts';
import { hotIssuesSettled, type StoredCluster, type StoredHotIssues } from '../server/app/hot-issues.ts';
import { addDays, type IsoDate } from '../server/domain/calendar.ts';
import { claimHotIssuePeriod, findHotIssueSnapshot, saveHotIssueSnapshot } from '../server/store/hot-issue.store.ts';
import { runDailyReport } from '../server/cli/report.command.ts';
import { createApp } from '../server/http/app.ts';
import { extraRouteModules } from '../server/http/modules.ts';
import { loginAs } from './http-client.ts';
import { fixtureRows, insertFixture } from './report-fixture.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';
import { unzipEntry } from './unzip.ts';

const opts = { secureCookies: false, idleMinutes: 60, webDist: null, log: null, rateLimitPerMinute: 1000 };
const EXCLUDED = new Set(['not_accepted', 'not_reaccepted']);
const rows = fixtureRows();
/** The hand count of a day: the fixture rows registered then, 不予/不再受理 left out. */
const handCount = (date: string) => rows.filter((r) => r.registeredOn === date && !EXCLUDED.has(r.status));

for (const dialect of dialects()) {
  describe(`重大节点 and the daily report (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof createApp>;
    const busyDay = rows.find((r) => handCount(r.registeredOn).length >= 2)!.registeredOn;
    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      const people = await seedPeople(env.deps);
      await insertFixture(env.deps, people.units, rows);
      app = createApp(env.deps, opts, extraRouteModules);
    });
    after(async () => {
      await hotIssuesSettled();
      await env.close();
    });

    it('a day with items: total and splits equal the hand count, 不予受理 counted apart', async () => {
      const leader = await loginAs(app, 'lingdao');
      const r = await leader.get(`/api/v1/reports/daily?date=${busyDay}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const expected = handCount(busyDay);
      assert.equal(r.body.total, expected.length);
      assert.equal(r.body.zeroReport, false);
      assert.deepEqual(
        r.body.items.map((i: { number: string }) => i.number).sort(),
        expected.map((x) => x.number).sort(),
      );
      assert.equal(
        r.body.byLevel.reduce((s: number, x: { count: number }) => s + x.count, 0),
        expected.length,
      );
      for (const lv of ['国家', '省', '市', '区']) {
        const n = r.body.byLevel.find((x: { key: string }) => x.key === lv)?.count ?? 0;
        assert.equal(n, expected.filter((x) => x.level === lv).length, lv);
      }
      assert.equal(
        r.body.byChannel.reduce((s: number, x: { count: number }) => s + x.count, 0),
        expected.length,
      );
      const na = rows.filter((x) => x.registeredOn === busyDay && EXCLUDED.has(x.status)).length;
      assert.equal(r.body.details.notAccepted.count, na);
      assert.match(r.body.text, new RegExp(`新登记信访事项${expected.length}件`));
      assert.equal(r.body.producedAt, null, 'built on request, not a stored report');
      // Nothing was computed for the day's window yet: the report answers at once without clustering and says so.
      assert.equal(r.body.details.hotIssuesPending, true);
      assert.deepEqual(r.body.details.hotIssues, []);
      assert.match(r.body.text, /热点问题正在后台计算，本日报暂未列出/);
      // The request started the computation in the background; it stored the window's result.
      await hotIssuesSettled();
      const from = addDays(busyDay as IsoDate, -29);
      const snap = await findHotIssueSnapshot(env.deps.db, from, busyDay);
      assert.ok(snap?.computedAt && snap.clusters && snap.fingerprint, 'computed and stored in the background');
      // Replace the stored result by one marked cluster holding the day's items: the next report shows exactly it,
      // which a clustering on the request could not produce.
      const ids: string[] = r.body.details.itemIds;
      const marked: StoredCluster = {
        label: '快照中的热点（标记）',
        size: ids.length,
        users: ids.length,
        keywords: ['标记'],
        place: null,
        matter: '标记',
        heat: 1,
        support: { people: ids.length, repeats: 0, collectivePeople: 0, likes: 0 },
        coherence: 1,
        from: busyDay,
        to: busyDay,
        facts: ids.map((id) => ({
          id,
          why: '标记',
          keywords: ['标记'],
          atPlace: false,
          user: null,
          collectivePeople: 0,
          repeat: false,
          day: busyDay,
        })),
      };
      const stored: StoredHotIssues = { ...(JSON.parse(snap.clusters) as StoredHotIssues), clusters: [marked] };
      const now = new Date().toISOString();
      const claim = { from, to: busyDay, holder: 'test', now, until: '2999-01-01T00:00:00.000Z' };
      assert.ok(await claimHotIssuePeriod(env.deps.db, claim));
      await saveHotIssueSnapshot(env.deps.db, {
        from,
        to: busyDay,
        holder: 'test',
        computedAt: snap.computedAt,
        fingerprint: snap.fingerprint,
        items: stored.items,
        clusters: JSON.stringify(stored),
      });
      const again = await leader.get(`/api/v1/reports/daily?date=${busyDay}`);
      assert.equal(again.status, 200, JSON.stringify(again.body));
      assert.equal(again.body.details.hotIssuesPending, false);
      assert.deepEqual(again.body.details.hotIssues, [
        { label: '快照中的热点（标记）', count: expected.length, numbers: expected.map((x) => x.number).sort() },
      ]);
      assert.match(again.body.text, /涉及热点问题：快照中的热点（标记）/);
      assert.doesNotMatch(again.body.text, /正在后台计算/);
    });

    it('a day without items is an explicit 零报告', async () => {
      const reviewer = await loginAs(app, 'shenhe');
      const r = await reviewer.get('/api/v1/reports/daily?date=2025-03-05');
      assert.equal(r.status, 200);
      assert.equal(handCount('2025-03-05').length, 0);
      assert.equal(r.body.total, 0);
      assert.equal(r.body.zeroReport, true);
      assert.deepEqual(r.body.items, []);
      assert.match(r.body.text, /零报告/);
    });

    it('the day as Excel, read back: totals, counts by level and channel, every item; 零报告 lists none', async () => {
      const leader = await loginAs(app, 'lingdao');
      const json = (await leader.get(`/api/v1/reports/daily?date=${busyDay}`)).body;
      const sheetsOf = async (date: string) => {
        const r = await leader.raw!(`/api/v1/reports/daily?date=${date}&format=xlsx`);
        assert.equal(r.status, 200);
        assert.match(r.headers.get('content-type') ?? '', /spreadsheetml/);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(await r.arrayBuffer());
        return (name: string) =>
          wb
            .getWorksheet(name)!
            .getSheetValues()
            .filter(Boolean)
            .map((row) => (row as unknown[]).slice(1).map((c) => (c === undefined || c === null ? '' : String(c))));
      };
      const busy = await sheetsOf(busyDay);
      const summary = new Map(busy('日报').map((row) => [row[0], row[1]]));
      assert.equal(summary.get('登记件数'), String(handCount(busyDay).length));
      assert.equal(summary.get('零报告'), '否');
      assert.equal(summary.get('报送内容'), json.text);
      const counts = busy('分类统计').slice(1);
      for (const c of json.byLevel)
        assert.ok(counts.some((r) => r[0] === '登记层级' && r[1] === c.key && r[2] === String(c.count)));
      for (const c of json.byChannel)
        assert.ok(counts.some((r) => r[0] === '信访形式' && r[1] === c.key && r[2] === String(c.count)));
      assert.deepEqual(
        busy('当日事项')
          .slice(1)
          .map((r) => r[1]),
        json.items.map((i: { number: string }) => i.number),
      );
      const zero = await sheetsOf('2025-03-05');
      assert.equal(new Map(zero('日报').map((row) => [row[0], row[1]])).get('零报告'), '是');
      assert.equal(zero('当日事项').length, 1, 'only the header row');
    });

    it('units see no daily report, whatever their part in the day’s items; bad dates are refused', async () => {
      for (const u of ['zjj_jb', 'zjj_fz', 'scj_jb']) {
        const c = await loginAs(app, u);
        const r = await c.get(`/api/v1/reports/daily?date=${busyDay}`);
        assert.equal(r.status, 403, u);
        assert.equal(r.body.error.code, 'FORBIDDEN');
        assert.doesNotMatch(JSON.stringify(r.body), /测〔/, 'no item number leaks in the refusal');
        assert.equal((await c.get('/api/v1/reports/daily-register?from=2025-03-01&to=2025-03-31')).status, 403);
        assert.equal((await c.raw!(`/api/v1/reports/daily?date=${busyDay}&format=xlsx`)).status, 403, u);
      }
      const leader = await loginAs(app, 'lingdao');
      assert.equal((await leader.get('/api/v1/reports/daily?date=2025-3-5')).status, 400);
      const future = await leader.get('/api/v1/reports/daily?date=2025-09-27');
      assert.equal(future.status, 422);
      assert.equal(future.body.error.code, 'DATE_IN_FUTURE');
    });

    it('the administrator defines periods; others may not; a bad period writes nothing', async () => {
      const admin = await loginAs(app, 'admin');
      const reviewer = await loginAs(app, 'shenhe');
      const body = { name: '全国两会', from: '2025-03-07', to: '2025-03-09', reportTime: '17:00' };
      const refused = await reviewer.post('/api/v1/major-periods', body);
      assert.equal(refused.status, 403);
      const reversed = await admin.post('/api/v1/major-periods', { ...body, from: '2025-03-10' });
      assert.equal(reversed.status, 422);
      assert.equal(reversed.body.error.code, 'DATE_ORDER');
      const loose = await admin.post('/api/v1/major-periods', {
        ...body,
        thresholds: { notice: 0.9, warning: 0.95, severe: 1 },
      });
      assert.equal(loose.status, 400);
      assert.match(loose.body.error.message, /收紧/);
      assert.deepEqual((await reviewer.get('/api/v1/major-periods')).body.periods, []);
      const made = await admin.post('/api/v1/major-periods', {
        ...body,
        thresholds: { notice: 0.4, warning: 0.6, severe: 0.8 },
      });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      const edited = await admin.put(`/api/v1/major-periods/${made.body.id}`, {
        ...body,
        reportTime: '16:30',
        version: 1,
      });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.equal(edited.body.version, 2);
      const stale = await admin.put(`/api/v1/major-periods/${made.body.id}`, { ...body, version: 1 });
      assert.equal(stale.status, 409);
      const list = (await reviewer.get('/api/v1/major-periods')).body.periods;
      assert.deepEqual(
        list.map((p: { name: string; reportTime: string; version: number }) => [p.name, p.reportTime, p.version]),
        [['全国两会', '16:30', 2]],
      );
      assert.equal((await (await loginAs(app, 'zjj_jb')).get('/api/v1/major-periods')).status, 403);
    });

    it('a period produces one report per day, a 零报告 included, once whatever the reruns', async () => {
      const at = (iso: string) => {
        env.deps.clock = () => new Date(iso);
      };
      // 2025-03-09 10:00 Beijing: the 7th and 8th are due, the 9th's report time (16:30) has not come.
      at('2025-03-09T02:00:00Z');
      const first = await produceDueDailyReports(env.deps);
      assert.deepEqual(
        first.map((r) => [r.date, r.total, r.zeroReport]),
        [
          ['2025-03-07', handCount('2025-03-07').length, handCount('2025-03-07').length === 0],
          ['2025-03-08', handCount('2025-03-08').length, handCount('2025-03-08').length === 0],
        ],
      );
      assert.ok(first.some((r) => r.zeroReport) && first.some((r) => !r.zeroReport), 'one zero and one counted day');
      // Produced on time although the period's hot issues were never computed: the report says they are pending.
      const counted = first.find((r) => !r.zeroReport)!;
      assert.equal(counted.details.hotIssuesPending, true);
      assert.match(counted.text, /热点问题正在后台计算/);
      assert.equal(first.find((r) => r.zeroReport)!.details.hotIssuesPending, false);
      assert.deepEqual(await produceDueDailyReports(env.deps), [], 'nothing twice');
      at('2025-03-09T08:31:00Z'); // 16:31 Beijing
      assert.deepEqual(
        (await produceDueDailyReports(env.deps)).map((r) => r.date),
        ['2025-03-09'],
      );
      const leader = await loginAs(app, 'lingdao');
      const reg = await leader.get('/api/v1/reports/daily-register?from=2025-03-01&to=2025-03-31');
      assert.deepEqual(
        reg.body.reports.map((r: { date: string }) => r.date),
        ['2025-03-07', '2025-03-08', '2025-03-09'],
      );
      const stored = await leader.get('/api/v1/reports/daily?date=2025-03-08');
      assert.equal(stored.body.details.period.name, '全国两会');
      assert.notEqual(stored.body.producedAt, null);
      assert.match(stored.body.text, /全国两会期间/);
      at('2025-09-26T02:00:00Z');
    });

    it('the CLI writes exactly the documented JSON, and a Word document that reads back', async () => {
      let out = '';
      const io = { stdout: (d: string | Buffer) => void (out += String(d)), writeFile: () => assert.fail('no file') };
      await runDailyReport(env.deps, { date: busyDay, format: 'json' }, io);
      const j = JSON.parse(out);
      assert.deepEqual(Object.keys(j), [
        'date',
        'total',
        'byLevel',
        'byChannel',
        'collective',
        'items',
        'zeroReport',
        'text',
      ]);
      assert.deepEqual(Object.keys(j.collective), ['batches', 'people']);
      assert.deepEqual(Object.keys(j.items[0]), ['number', 'title']);
      assert.deepEqual(Object.keys(j.byLevel[0]), ['key', 'count']);
      assert.equal(j.total, handCount(busyDay).length);
      assert.equal(j.zeroReport, j.total === 0);
      out = '';
      await runDailyReport(env.deps, { date: '2025-03-05', format: 'json' }, io);
      assert.equal(JSON.parse(out).zeroReport, true);
      let file: Buffer | null = null;
      await runDailyReport(
        env.deps,
        { date: busyDay, format: 'docx', out: 'x.docx' },
        { stdout: () => assert.fail('no stdout'), writeFile: (_p, d) => void (file = d as Buffer) },
      );
      const xml = unzipEntry(file!, 'word/document.xml')!.toString('utf8');
      assert.match(xml, /信访情况日报/);
      for (const i of j.items) assert.ok(xml.includes(i.number), i.number);
    });
  });
}
