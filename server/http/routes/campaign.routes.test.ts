import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { createApp } from '../app.ts';
import { extraRouteModules } from '../modules.ts';
import { loginAs } from '../../../test/http-client.ts';
import { fixtureRows, insertFixture } from '../../../test/report-fixture.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from '../../../test/test-db.ts';
import { unzipEntry } from '../../../test/unzip.ts';

const opts = { secureCookies: false, idleMinutes: 60, webDist: null, log: null, rateLimitPerMinute: 1000 };
const EXCLUDED = new Set(['not_accepted', 'not_reaccepted']);

for (const dialect of dialects()) {
  describe(`the campaign board over HTTP (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof createApp>;
    const rows = fixtureRows();
    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      const people = await seedPeople(env.deps);
      await insertFixture(env.deps, people.units, rows);
      app = createApp(env.deps, opts, extraRouteModules);
    });
    after(async () => env.close());

    it('降总量 equals the hand count against the same period last year; units never read the board', async () => {
      const reviewer = await loginAs(app, 'shenhe');
      const made = await reviewer.post('/api/v1/campaigns', {
        name: '信访积案化解攻坚行动',
        from: '2025-03-01',
        to: '2025-05-31',
        targets: { reduceTotal: { changePct: -15 }, curbNew: { max: 5 } },
      });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      const leader = await loginAs(app, 'lingdao');
      const r = await leader.get(`/api/v1/campaigns/${made.body.id}/board`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const b = r.body.board;
      assert.equal(b.state, 'ended');
      const now = rows.filter((x) => x.registeredOn >= '2025-03-01' && x.registeredOn <= '2025-05-31');
      const before = rows.filter((x) => x.registeredOn >= '2024-03-01' && x.registeredOn <= '2024-05-31');
      const nowCounted = now.filter((x) => !EXCLUDED.has(x.status)).length;
      const beforeCounted = before.filter((x) => !EXCLUDED.has(x.status)).length;
      const total = b.targets.find((t: { kind: string }) => t.kind === 'reduce_total');
      const parts = Object.fromEntries(total.parts.map((p: { key: string; count: number }) => [p.key, p.count]));
      assert.deepEqual(Object.values(parts).sort(), [beforeCounted, nowCounted].sort());
      assert.equal(total.value, Math.round(((nowCounted - beforeCounted) / beforeCounted) * 1000) / 10);
      assert.equal(b.notAccepted.count, now.length - nowCounted);
      const weeklySum = b.weekly.reduce((s: number, w: { newItems: { count: number } }) => s + w.newItems.count, 0);
      assert.equal(weeklySum, nowCounted, 'the weekly trend adds up to the period');
      assert.match(r.body.section.text, /攻坚|降总量/);
      const doc = await leader.raw!(`/api/v1/campaigns/${made.body.id}/progress.docx`);
      assert.equal(doc.status, 200);
      assert.match(doc.headers.get('content-type') ?? '', /wordprocessingml/);
      const xml = unzipEntry(Buffer.from(await doc.arrayBuffer()), 'word/document.xml')!.toString('utf8');
      const plain = xml.replace(/<[^>]+>/g, '');
      assert.ok(plain.includes('信访积案化解攻坚行动攻坚行动进展'), 'the title names the campaign');
      assert.ok(plain.includes(r.body.section.text), 'the Word file carries the same paragraph as the board');
      for (const row of r.body.section.table as string[][])
        for (const cell of row) assert.ok(plain.includes(cell), cell);
      // The same section as Excel, read back: the paragraph, one row per target with the board's cells, the
      // weekly trend adding up to the period, one row per unit of the split, and the formulas.
      const xl = await leader.raw!(`/api/v1/campaigns/${made.body.id}/progress.xlsx`);
      assert.equal(xl.status, 200);
      assert.match(xl.headers.get('content-type') ?? '', /spreadsheetml/);
      assert.match(decodeURIComponent(xl.headers.get('content-disposition') ?? ''), /攻坚行动进展_.*\.xlsx/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await xl.arrayBuffer());
      assert.deepEqual(
        wb.worksheets.map((w) => w.name),
        ['攻坚行动进展', '周趋势', '分单位', '口径说明'],
      );
      const values = (name: string) =>
        wb
          .getWorksheet(name)!
          .getSheetValues()
          .filter(Boolean)
          .map((row) => (row as unknown[]).slice(1).map((c) => (c === undefined || c === null ? '' : String(c))));
      const head = values('攻坚行动进展');
      assert.equal(head[0]?.[0], '信访积案化解攻坚行动攻坚行动进展');
      assert.equal(head[2]?.[0], r.body.section.text);
      assert.deepEqual(head.slice(-(r.body.section.table as string[][]).length), r.body.section.table);
      const weeks = values('周趋势').slice(1);
      assert.equal(weeks.length, b.weekly.length);
      assert.equal(
        weeks.reduce((n, w) => n + Number(w[3]), 0),
        nowCounted,
        'the weekly sheet adds up to the period',
      );
      assert.equal(values('分单位').length - 1, b.byUnit.length);
      assert.ok(values('口径说明').some((row) => row[0] === total.label && row[1]?.includes('上年同期')));
      for (const u of ['zjj_jb', 'scj_jb']) {
        const unit = await loginAs(app, u);
        assert.equal((await unit.get(`/api/v1/campaigns/${made.body.id}/board`)).status, 403, u);
        assert.equal((await unit.raw!(`/api/v1/campaigns/${made.body.id}/progress.docx`)).status, 403, u);
        assert.equal((await unit.raw!(`/api/v1/campaigns/${made.body.id}/progress.xlsx`)).status, 403, u);
        assert.equal((await unit.get('/api/v1/campaigns')).status, 403, u);
        assert.equal(
          (await unit.post('/api/v1/campaigns', { ...made.body, targets: { curbNew: { max: 1 } } })).status,
          403,
        );
      }
      const bad = await reviewer.post('/api/v1/campaigns', {
        name: 'x',
        from: '2025-06-01',
        to: '2025-05-01',
        targets: { curbNew: { max: 1 } },
      });
      assert.equal(bad.status, 422);
      assert.equal(
        (await reviewer.get('/api/v1/campaigns')).body.campaigns.length,
        1,
        'nothing written by the refusals',
      );
    });
  });
}
