import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { csvOf, HEADER, importRows } from '../../test/import-fixture.ts';
import { dialects, makeTestEnv, type TestEnv } from '../../test/test-db.ts';
import { runExportItems, runImportItems } from '../cli/import.command.ts';
import { buildReport } from '../report/report.ts';
import { countItems } from '../store/import.store.ts';
import { appendEvent, loadItem } from '../store/item.store.ts';
import { SYSTEM_ACTOR } from '../domain/item.policy.ts';
import { IMPORT_COLUMNS, parseImportDate } from './import-rows.ts';
import { addClass, setClassNameMap } from './taxonomy-admin.ts';
import { parseCsv, readTable } from './import-table.ts';

describe('CSV parsing and import dates', () => {
  it('parses RFC 4180: quotes, doubled quotes, commas and line breaks in fields, CRLF, BOM', () => {
    assert.deepEqual(parseCsv('\uFEFFa,b\r\n"x,1","say ""hi""\nnext"\r\n,\n'), [
      ['a', 'b'],
      ['x,1', 'say "hi"\nnext'],
      ['', ''],
    ]);
    assert.deepEqual(parseCsv('a,b'), [['a', 'b']]);
  });
  it('reads YYYY-MM-DD, YYYY/M/D and Excel serials; refuses impossible dates', () => {
    assert.equal(parseImportDate('2025/3/7'), '2025-03-07');
    assert.equal(parseImportDate('2025-03-07'), '2025-03-07');
    assert.equal(parseImportDate('45723'), '2025-03-07');
    assert.equal(parseImportDate(''), null);
    assert.equal(parseImportDate('2025-02-30'), 'invalid');
    assert.equal(parseImportDate('03/07/2025'), 'invalid');
  });
});

const quiet = { stdout: () => {}, stderr: () => {} };

for (const dialect of dialects()) {
  describe(`import items (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
    });
    after(async () => env.close());

    it('bad rows are listed with row and column, and nothing is written', async () => {
      const rows = importRows(6, '坏');
      rows[1]!.登记日期 = '2025-02-30';
      rows[2]!.内容分类 = '不存在的一级/某类';
      rows[3]!.是否涉法涉诉 = '也许';
      rows[3]!.信访形式 = '飞鸽';
      const file = join(env.dir, 'bad.csv');
      writeFileSync(file, csvOf(rows, [...HEADER, '备注']));
      const err: string[] = [];
      const io = { stdout: () => {}, stderr: (s: string) => err.push(s) };
      const { code, result } = await runImportItems(env.deps, file, { createUnits: true }, io);
      assert.equal(code, 1);
      assert.equal(result.ok, false);
      assert.equal(await countItems(env.deps.db), 0, 'nothing written');
      const listed = JSON.parse(err.find((s) => s.includes('badRows'))!).badRows as {
        row: number;
        column: string;
        reason: string;
      }[];
      assert.deepEqual(
        listed.map((p) => [p.row, p.column]),
        [
          [3, '登记日期'],
          [4, '内容分类'],
          [5, '信访形式'],
          [5, '是否涉法涉诉'],
        ],
      );
      assert.ok(err.some((s) => s.includes('未识别的列「备注」')));
      const skip = await runImportItems(env.deps, file, { skipInvalid: true, createUnits: true }, quiet);
      assert.equal(skip.code, 1, 'skipped rows still make a non-zero exit');
      assert.equal(skip.result.created, 3);
      assert.equal(skip.result.skipped, 3);
      assert.equal(await countItems(env.deps.db), 3);
      await env.deps.db.deleteFrom('events').execute();
      await env.deps.db.deleteFrom('deadlines').execute();
      await env.deps.db.deleteFrom('item_units').execute();
      await env.deps.db.deleteFrom('petitioners').execute();
      await env.deps.db.deleteFrom('items').execute();
    });

    it('imports 30 rows; the report equals a hand count of the file; re-import updates, never duplicates', async () => {
      const rows = importRows(30);
      const file = join(env.dir, 'items.csv');
      writeFileSync(file, csvOf(rows));
      const dry = await runImportItems(env.deps, file, { dryRun: true, createUnits: true }, quiet);
      assert.equal(dry.result.created, 30);
      assert.equal(await countItems(env.deps.db), 0, 'dry run writes nothing');
      const auditBefore = (
        await env.deps.db.selectFrom('audit_log').select('action').where('action', '=', 'item.import').execute()
      ).length;
      const first = await runImportItems(env.deps, file, { createUnits: true }, quiet);
      assert.equal(first.code, 0);
      assert.equal(first.result.created, 30);
      const r = await buildReport(env.deps, { from: '2025-03-01', to: '2025-03-31' });
      const counted = rows.filter((x) => x.处理方式 !== '不予受理' && x.处理方式 !== '不再受理');
      assert.equal(r.total, counted.length);
      assert.equal(r.notAccepted, rows.length - counted.length);
      const outside = counted.filter((x) => x.责任单位属地 === '外区' && x.责任单位);
      assert.equal(r.outsideDistrict.count, outside.length);
      assert.equal(
        r.repeat.count,
        counted.filter((x) => !(x.责任单位属地 === '外区' && x.责任单位) && x.是否重复信访 === '是').length,
      );
      const bucket = (c: string) => (['网上投诉', '来访', '来信'].includes(c) ? c : '其他');
      for (const e of r.byChannel)
        assert.equal(e.count, counted.filter((x) => bucket(x.信访形式!) === e.key).length, e.key);
      assert.equal(r.indicators.化解率.numerator, counted.filter((x) => x.办结日期).length);
      const item = await env.deps.db
        .selectFrom('items')
        .selectAll()
        .where('number', '=', rows[0]!.信访件编号!)
        .executeTakeFirstOrThrow();
      assert.equal(item.status, 'closed');
      assert.equal(item.registered_on, '2025-03-01', '2025/3/1 read as a date');
      // The bulk writer must keep item.store's row layout: load the item back through the store.
      const loaded = await loadItem(env.deps.db, item.id, env.deps.codec);
      assert.equal(loaded?.number, rows[0]!.信访件编号);
      assert.deepEqual(loaded?.petitioners, [
        { name: '测试人0', idNumber: rows[0]!.证件号码, idVerified: true, phone: rows[0]!.联系电话, address: null },
      ]);
      assert.equal(loaded?.facts.closedOn, rows[0]!.办结日期);
      assert.equal(loaded?.facts.rating?.satisfaction, '满意');
      assert.equal(loaded?.classCode !== null, true);
      const ev = await env.deps.db.selectFrom('events').select(['step']).where('item_id', '=', item.id).execute();
      assert.deepEqual(
        ev.map((e) => e.step),
        ['import'],
      );
      // Re-import with row 2 now accepted and closed: update in place.
      rows[1]!.受理日期 = '2025-04-02';
      rows[1]!.办结日期 = '2025-05-02';
      rows[1]!.满意度 = '满意';
      writeFileSync(file, csvOf(rows));
      const again = await runImportItems(env.deps, file, {}, quiet);
      assert.equal(again.result.updated, 1);
      assert.equal(again.result.unchanged, 29);
      assert.deepEqual(again.result.changed, [{ row: 3, number: rows[1]!.信访件编号 }]);
      assert.equal(again.result.created, 0);
      assert.equal(await countItems(env.deps.db), 30, 'no duplicates');
      const upd = await env.deps.db
        .selectFrom('items')
        .select(['status', 'satisfaction', 'closed_on'])
        .where('number', '=', rows[1]!.信访件编号!)
        .executeTakeFirstOrThrow();
      assert.deepEqual(upd, { status: 'closed', satisfaction: '满意', closed_on: '2025-05-02' });
      const audit = await env.deps.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'item.import')
        .execute();
      assert.equal(audit.length - auditBefore, 2, 'one audit event per batch that wrote');
      // The same file once more: nothing is written, not even a timeline event.
      const events = async () => (await env.deps.db.selectFrom('events').select('id').execute()).length;
      const eventsBefore = await events();
      const same = await runImportItems(env.deps, file, {}, quiet);
      assert.deepEqual([same.result.created, same.result.updated, same.result.unchanged], [0, 0, 30]);
      assert.equal(await events(), eventsBefore);
      // An item that progressed here since (a step taken in this system) is never moved back by a re-import.
      const moved = await env.deps.db
        .selectFrom('items')
        .select(['id', 'title', 'status', 'version'])
        .where('number', '=', rows[2]!.信访件编号!)
        .executeTakeFirstOrThrow();
      await appendEvent(
        env.deps.db,
        {
          itemId: moved.id,
          at: '2025-09-20T02:00:00.000Z',
          onDate: '2025-09-20',
          step: 'accept',
          actorId: null,
          actorName: '区住建局',
          actorRole: 'unit_handler',
          summary: '受理',
          data: {},
        },
        'ev-local-1',
      );
      rows[2]!.标题 = '上游改过的标题';
      rows[3]!.标题 = '上游也改了这一件';
      writeFileSync(file, csvOf(rows));
      const err: string[] = [];
      const third = await runImportItems(env.deps, file, {}, { stdout: () => {}, stderr: (s) => err.push(s) });
      assert.equal(third.code, 0);
      assert.deepEqual([third.result.updated, third.result.unchanged], [1, 28]);
      assert.deepEqual(third.result.changed, [{ row: 5, number: rows[3]!.信访件编号 }]);
      assert.deepEqual(
        third.result.conflicts.map((c) => [c.row, c.number]),
        [[4, rows[2]!.信访件编号]],
      );
      assert.match(third.result.conflicts[0]!.reason, /已在本系统办理（最近一步：受理，2025-09-20）/);
      assert.ok(err.some((s) => s.includes('1 件事项已在本系统办理')));
      const kept = await env.deps.db
        .selectFrom('items')
        .select(['title', 'status', 'version'])
        .where('id', '=', moved.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(kept, { title: moved.title, status: moved.status, version: moved.version });
    });

    it('an unknown unit is a bad row unless --create-units; upstream class paths map to a known class', async () => {
      const rows = importRows(4, '映');
      rows[0]!.责任单位 = '区不存在局';
      rows[0]!.处理方式 = '转送';
      rows[1]!.内容分类 = '卫生计生/医疗服务';
      rows[2]!.内容分类 = '教育文体/学前教育';
      rows[3]!.内容分类 = '教育文体 / 学前教育';
      const file = join(env.dir, 'map.csv');
      writeFileSync(file, csvOf(rows));
      const before = await countItems(env.deps.db);
      const refused = await runImportItems(env.deps, file, {}, quiet);
      assert.equal(refused.code, 1);
      assert.equal(await countItems(env.deps.db), before, 'nothing written');
      assert.deepEqual(refused.result.problems, [
        {
          row: 2,
          column: '责任单位',
          reason:
            '责任单位「区不存在局」不在单位表中，请先在系统管理中添加该单位，或导入时选择新建单位（--create-units）',
        },
      ]);
      assert.deepEqual(
        refused.result.classMappings.map((m) => [m.upstream, m.local, m.rows, m.firstRow]),
        [
          ['卫生计生/医疗服务', '卫生计生', 1, 3],
          ['教育文体/学前教育', '教育文体', 2, 4],
        ],
      );
      const err: string[] = [];
      const done = await runImportItems(
        env.deps,
        file,
        { createUnits: true },
        { stdout: () => {}, stderr: (s) => err.push(s) },
      );
      assert.equal(done.code, 0, JSON.stringify(done.result.problems));
      assert.deepEqual(done.result.createdUnits, ['区不存在局']);
      assert.ok(err.some((s) => s.includes('内容分类「卫生计生/医疗服务」不在本地分类表中，已按「卫生计生」导入')));
      const classes = async () =>
        (
          await env.deps.db
            .selectFrom('items')
            .select(['number', 'class_path', 'upstream_class'])
            .where('number', 'like', '映%')
            .orderBy('number')
            .execute()
        ).slice(1);
      assert.deepEqual(
        (await classes()).map((r) => [r.class_path, r.upstream_class]),
        [
          ['卫生计生', '卫生计生/医疗服务'],
          ['教育文体', '教育文体/学前教育'],
          ['教育文体', '教育文体/学前教育'],
        ],
      );
      // The administrator adds the missing class and maps the other name: the re-import applies both.
      const ctx = { actor: SYSTEM_ACTOR, requestId: null };
      await addClass(env.deps, ctx, { parent: '10', name: '医疗服务' });
      const target = (
        await env.deps.db
          .selectFrom('taxonomy')
          .select('code')
          .where('path', '=', '教育文体/教育管理')
          .executeTakeFirstOrThrow()
      ).code;
      await setClassNameMap(env.deps, ctx, { upstream: '教育文体/学前教育', code: target });
      const again = await runImportItems(env.deps, file, {}, quiet);
      assert.equal(again.code, 0, JSON.stringify(again.result.problems));
      assert.deepEqual(again.result.classMappings, []);
      assert.deepEqual(
        (await classes()).map((r) => [r.class_path, r.upstream_class]),
        [
          ['卫生计生/医疗服务', null],
          ['教育文体/教育管理', '教育文体/学前教育'],
          ['教育文体/教育管理', '教育文体/学前教育'],
        ],
      );
    });

    it('export items writes the import columns plus results; another instance imports the file unchanged', async () => {
      const file = join(env.dir, 'export.xlsx');
      const out: string[] = [];
      const n = await runExportItems(env.deps, file, {}, { stdout: (s) => out.push(s), stderr: () => {} });
      assert.equal(n, await countItems(env.deps.db));
      assert.ok(out.some((s) => s.includes(`已导出 ${n} 件事项`)));
      const t = await readTable(file);
      assert.deepEqual(t.header, [...IMPORT_COLUMNS]);
      // Here, the same file is the same items: nothing changes (an item that progressed here stays a conflict).
      const here = await runImportItems(env.deps, file, {}, quiet);
      assert.equal(here.result.updated, 0, JSON.stringify(here.result.changed.slice(0, 3)));
      assert.equal(here.result.created, 0);
      assert.equal(here.result.unchanged + here.result.conflicts.length, n);
      const other = await makeTestEnv(dialect, '2025-09-26');
      try {
        const there = await runImportItems(other.deps, file, { createUnits: true }, quiet);
        assert.equal(there.code, 0, JSON.stringify(there.result.problems.slice(0, 3)));
        assert.equal(there.result.created, n);
        const cols = [
          'number',
          'status',
          'channel',
          'level',
          'registered_on',
          'head_count',
          'title',
          'content',
          'class_path',
          'upstream_class',
          'legal_flag',
          'is_repeat',
          'routed_on',
          'accepted_on',
          'closed_on',
          'satisfaction',
        ] as const;
        const items = async (e: TestEnv) => e.deps.db.selectFrom('items').select(cols).orderBy('number').execute();
        // The other instance lacks this one's added class and name mapping: those rows map to the ancestor there.
        const plain = (rs: Awaited<ReturnType<typeof items>>) => rs.filter((r) => !r.number.startsWith('映'));
        assert.deepEqual(plain(await items(other)), plain(await items(env)));
        assert.equal((await items(other)).length, n);
        const people = async (e: TestEnv) => {
          const ids = await e.deps.db.selectFrom('items').select(['id', 'number']).orderBy('number').execute();
          const all = [];
          for (const r of ids) all.push((await loadItem(e.deps.db, r.id, e.deps.codec))!.petitioners);
          return all;
        };
        assert.deepEqual(await people(other), await people(env));
        const back = await runExportItems(other.deps, join(env.dir, 'back.xlsx'), {}, quiet);
        assert.equal(back, n);
        assert.deepEqual((await readTable(join(env.dir, 'back.xlsx'))).rows, t.rows, 'exported back unchanged');
      } finally {
        await other.close();
      }
    });

    it('xlsx: first sheet with date cells; an empty 是否重复信访 is decided by the repeat check', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('导入');
      ws.addRow(HEADER);
      const base = importRows(2, '表');
      for (const [k, r] of base.entries()) {
        r.是否重复信访 = '';
        Object.assign(r, { 受理日期: '', 办结日期: '', 满意度: '' });
        r.诉求内容 = '小区物业公司擅自上调停车费，业主多次反映无果，要求退还多收费用';
        r.证件号码 = base[0]!.证件号码!;
        ws.addRow(HEADER.map((h) => (h === '登记日期' ? new Date(Date.UTC(2025, 5, 10 + k)) : (r[h] ?? ''))));
      }
      const file = join(env.dir, 'items.xlsx');
      await wb.xlsx.writeFile(file);
      const t = await readTable(file);
      assert.equal(t.rows[0]![1], '2025-06-10');
      // Batch size 1 would be needed for the check to see row 1 from row 2: import them one file at a time.
      const one = join(env.dir, 'one.csv');
      writeFileSync(one, csvOf([{ ...base[0]!, 登记日期: '2025-06-10' }]));
      const a = await runImportItems(env.deps, one, { createUnits: true }, quiet);
      assert.equal(a.code, 0, JSON.stringify(a.result.problems));
      const b = await runImportItems(env.deps, file, {}, quiet);
      assert.equal(b.code, 0, JSON.stringify(b.result.problems));
      const second = await env.deps.db
        .selectFrom('items')
        .select(['is_repeat', 'registered_on'])
        .where('number', '=', base[1]!.信访件编号!)
        .executeTakeFirstOrThrow();
      assert.deepEqual(second, { is_repeat: 1, registered_on: '2025-06-11' });
    });
  });
}
