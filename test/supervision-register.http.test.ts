import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { SupervisionsResponse } from '../contract/responses/supervision.ts';
import { dialects } from './test-db.ts';
import { ACCUSER_TRACES, buildVisibilityWorld, type VisibilityWorld } from './visibility-fixture.ts';

/** The rows of the register sheet (header first) as text. */
async function sheetRows(res: Response): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const ws = wb.getWorksheet('督办台账')!;
  const rows: string[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}

/**
 * The 督办台账 over HTTP on the visibility world: a late 文书督办 on the accusation to its lead unit and a 电话督办
 * not yet due on another person's item to the unrelated unit. Filters by unit, kind, state and lateness; each unit
 * reads (and exports) only its own 督办 with the items it may open; the export holds exactly the screen's rows.
 */
for (const dialect of dialects()) {
  describe(`督办台账 and its Excel export (${dialect})`, () => {
    let w: VisibilityWorld;
    let late: string;
    let onTime: string;
    before(async () => {
      w = await buildVisibilityWorld(dialect);
      const issue = async (body: object) => {
        const r = await w.as.reviewer.post('/api/v1/supervisions', body);
        assert.equal(r.status, 201, JSON.stringify(r.body));
        return r.body.number as string;
      };
      late = await issue({
        kind: '文书督办',
        itemIds: [w.ids.acc],
        reason: '王举报反映的问题逾期未受理',
        requirements: '请于期限内书面回复办理情况',
        unitId: w.units.lead,
        issuedOn: '2025-09-22',
        dueOn: '2025-09-25',
      });
      onTime = await issue({
        kind: '电话督办',
        itemIds: [w.ids.qEarly],
        reason: '临近办理期限',
        requirements: '请加快办理',
        unitId: w.units.unrelated,
        issuedOn: '2025-09-24',
        dueOn: '2025-10-10',
      });
    });
    after(async () => w.env.close());

    const numbers = async (who: keyof VisibilityWorld['as'], q = '') => {
      const r = await w.as[who].get(`/api/v1/supervisions${q}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return (r.body.supervisions as { number: string }[]).map((s) => s.number).sort();
    };

    it('filters by unit, kind, state and lateness', async () => {
      assert.deepEqual(await numbers('reviewer'), [late, onTime].sort());
      assert.deepEqual(await numbers('reviewer', `?unitId=${w.units.lead}`), [late]);
      assert.deepEqual(await numbers('reviewer', '?kind=电话督办'), [onTime]);
      assert.deepEqual(await numbers('reviewer', '?overdue=1'), [late]);
      assert.deepEqual(await numbers('reviewer', '?status=issued'), [late, onTime].sort());
      assert.deepEqual(await numbers('reviewer', '?status=accepted'), []);
      const r = await w.as.reviewer.get('/api/v1/supervisions?overdue=1');
      assert.equal(r.body.supervisions[0].late.label, '逾期未回复');
      assert.equal(r.body.supervisions[0].late.since, '2025-09-25');
      // The declared shape the 台账 screen is typed by: lateness with its reason, items by number and title.
      const all = SupervisionsResponse.safeParse((await w.as.reviewer.get('/api/v1/supervisions')).body);
      assert.ok(all.success, JSON.stringify(all.error?.issues));
      const byNumber = new Map(all.data.supervisions.map((s) => [s.number, s]));
      assert.equal(byNumber.get(late)?.late?.reason, 'unanswered');
      assert.equal(byNumber.get(onTime)?.late, null);
      assert.deepEqual(
        byNumber.get(late)?.items.map((i) => i.number),
        [w.numbers[w.ids.acc]],
      );
      assert.ok(byNumber.get(late)?.items[0]?.maskedTitle, 'each item comes with its (masked) title');
      assert.equal((await w.as.reviewer.get('/api/v1/supervisions?kind=督办')).status, 400, 'an unknown kind');
    });

    it('each unit reads only its own 督办, the leader all; others none', async () => {
      assert.deepEqual(await numbers('lead'), [late]);
      assert.deepEqual(await numbers('unrelated'), [onTime]);
      assert.deepEqual(await numbers('unrelated', `?unitId=${w.units.lead}`), [onTime], 'a unit cannot widen it');
      assert.deepEqual(await numbers('leader'), [late, onTime].sort());
      for (const who of ['assist', 'accused', 'accusedHead', 'admin'] as const)
        assert.deepEqual(await numbers(who), []);
    });

    it('the export holds the screen’s rows for the same filters, masked as the reader stands', async () => {
      const all = await sheetRows(await w.as.reviewer.raw!('/api/v1/supervisions/export.xlsx'));
      assert.equal(all[0]![0], '督办编号');
      assert.deepEqual(
        all
          .slice(1)
          .map((r) => r[0])
          .sort(),
        [late, onTime].sort(),
      );
      const lateOnly = await sheetRows(await w.as.reviewer.raw!('/api/v1/supervisions/export.xlsx?overdue=1'));
      assert.equal(lateOnly.length, 2);
      const row = lateOnly[1]!;
      assert.equal(row[0], late);
      assert.equal(row[1], '文书督办');
      assert.equal(row[2], '区市场监管局');
      assert.equal(row[3], w.numbers[w.ids.acc]);
      assert.equal(row[8], '待回复');
      assert.equal(row[9], '逾期未回复');
      const leader = await sheetRows(await w.as.leader.raw!('/api/v1/supervisions/export.xlsx'));
      for (const cell of leader.flat()) for (const t of ACCUSER_TRACES) assert.ok(!cell.includes(t), `leader: ${cell}`);
      const unit = await sheetRows(await w.as.unrelated.raw!('/api/v1/supervisions/export.xlsx'));
      assert.deepEqual(
        unit.slice(1).map((r) => r[0]),
        [onTime],
      );
      assert.ok(!unit.flat().some((c) => c.includes(w.numbers[w.ids.acc]!)));
      const none = await sheetRows(await w.as.accused.raw!('/api/v1/supervisions/export.xlsx'));
      assert.equal(none.length, 1, 'only the header for the accused unit');
    });
  });
}
