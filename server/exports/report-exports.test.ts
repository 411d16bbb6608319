import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { fixtureRows, insertFixture } from '../../test/report-fixture.ts';
import { makeTestEnv, seedPeople, type TestEnv } from '../../test/test-db.ts';
import { unzipEntry } from '../../test/unzip.ts';
import { runReport, type ReportCliOptions } from '../cli/report.command.ts';
import { buildReport } from '../report/report.ts';
import { SYSTEM_SCOPE } from '../domain/visibility.policy.ts';
import { reportItemRows } from '../store/report.store.ts';
import { reportDocx } from './report-docx.ts';
import { reportXlsx } from './report-xlsx.ts';
import { pct } from '../domain/shares.ts';

const FROM = '2025-03-01';
const TO = '2025-05-31';

/** Plain text of a docx: the runs of word/document.xml joined. */
function docxText(buf: Buffer): string {
  const xml = unzipEntry(buf, 'word/document.xml')?.toString('utf8') ?? '';
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

/** The table rows of a docx, each as its cells' text. */
function docxRows(buf: Buffer): string[][] {
  const xml = unzipEntry(buf, 'word/document.xml')?.toString('utf8') ?? '';
  const text = (x: string) => [...x.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  return [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((tr) =>
    [...tr[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((tc) => text(tc[0])),
  );
}

describe('report exports and CLI (sqlite)', () => {
  let env: TestEnv;
  before(async () => {
    env = await makeTestEnv('sqlite', '2025-09-26');
    const people = await seedPeople(env.deps);
    await insertFixture(env.deps, people.units, fixtureRows());
  });
  after(async () => env.close());

  /** 满意率 by source counted from the fixture rows themselves (what the report must find). */
  function expectedSources() {
    const kind = { 网上自评: '网上自评', 电话: '电话回访', 走访: '上门回访', 短信: '短信回访' } as const;
    const out = new Map<string, { rated: number; satisfied: number }>();
    for (const row of fixtureRows()) {
      const counted = row.registeredOn >= FROM && row.registeredOn <= TO && !/^not_/.test(row.status);
      if (!counted || !row.servedOn || !row.satisfaction || row.satisfaction === '未评价') continue;
      const k = row.ratingSource ? kind[row.ratingSource] : '来源未记录';
      const e = out.get(k) ?? { rated: 0, satisfied: 0 };
      e.rated += 1;
      if (row.satisfaction !== '不满意') e.satisfied += 1;
      out.set(k, e);
    }
    return out;
  }

  it('满意率 by source: the JSON parts are the fixture counts and add up to 满意率', async () => {
    const r = await buildReport(env.deps, { from: FROM, to: TO });
    const want = expectedSources();
    assert.ok(want.get('网上自评')?.rated && want.get('电话回访')?.rated, 'the fixture has both kinds');
    for (const p of r.satisfactionBySource)
      assert.deepEqual([p.source, p.rated, p.satisfied], [p.source, ...Object.values(want.get(p.source) ?? [0, 0])]);
    assert.equal(
      r.satisfactionBySource.reduce((a, p) => a + p.rated, 0),
      r.indicators.满意率.denominator,
    );
    assert.equal(
      r.satisfactionBySource.reduce((a, p) => a + p.satisfied, 0),
      r.indicators.满意率.numerator,
    );
  });

  it('docx holds the Chinese paragraph, the headings and the declared fonts', async () => {
    const r = await buildReport(env.deps, { from: FROM, to: TO, compare: 'prev' });
    const buf = await reportDocx(r, '2025-09-26');
    const xml = unzipEntry(buf, 'word/document.xml')!.toString('utf8');
    const text = docxText(buf);
    assert.ok(text.includes(r.text), 'the whole paragraph is in the document');
    assert.ok(text.includes('全区信访形势分析报告'));
    assert.ok(text.includes('七、主要指标'));
    assert.ok(text.includes(r.topUnits[0]!.unit));
    assert.match(xml, /w:eastAsia="方正小标宋简体"/);
    assert.match(xml, /w:eastAsia="仿宋_GB2312"/);
    assert.match(xml, /w:eastAsia="黑体"/);
    assert.match(xml, /w:fill="2F5597"/, 'bar charts drawn as shaded cells');
    const online = r.satisfactionBySource.find((p) => p.source === '网上自评')!;
    assert.ok(text.includes('八、满意率（按评价来源）'));
    const rows = new Map(docxRows(buf).map((cells) => [cells[0]!.trim(), cells.slice(1)]));
    assert.deepEqual(rows.get('网上自评')?.slice(0, 2), [String(online.rated), String(online.satisfied)]);
    const visits = r.satisfactionBySource.filter((p) => p.group === '回访');
    assert.equal(rows.get('回访')?.[0], String(visits.reduce((a, p) => a + p.rated, 0)));
    const whole = r.indicators.满意率;
    assert.deepEqual(rows.get('合计'), [String(whole.denominator), String(whole.numerator), `${pct(whole.rate!)}%`]);
  });

  it('xlsx reads back: split sheets, indicators and an item list without personal data', async () => {
    const r = await buildReport(env.deps, { from: FROM, to: TO });
    const items = await reportItemRows(env.deps.db, FROM, TO, SYSTEM_SCOPE);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await reportXlsx(r, items)) as never);
    const channel = wb.getWorksheet('信访渠道')!;
    const got = Object.fromEntries(
      [2, 3, 4, 5].map((i) => [String(channel.getRow(i).getCell(1).value), Number(channel.getRow(i).getCell(2).value)]),
    );
    assert.deepEqual(got, Object.fromEntries(r.byChannel.map((e) => [e.key, e.count])));
    assert.equal(wb.getWorksheet('指标')!.getRow(2).getCell(1).value, '及时受理率');
    const sat = wb.getWorksheet('满意率来源')!;
    const satRows = new Map<string, number[]>();
    sat.eachRow((row, i) => {
      if (i > 1)
        satRows.set(
          String(row.getCell(1).value).trim(),
          [2, 3].map((c) => Number(row.getCell(c).value)),
        );
    });
    const want = expectedSources();
    assert.deepEqual(satRows.get('网上自评'), [want.get('网上自评')!.rated, want.get('网上自评')!.satisfied]);
    assert.deepEqual(satRows.get('其中：电话回访'), [want.get('电话回访')!.rated, want.get('电话回访')!.satisfied]);
    const whole = r.indicators.满意率;
    assert.deepEqual(satRows.get('合计'), [whole.denominator, whole.numerator]);
    const list = wb.getWorksheet('事项清单')!;
    assert.equal(list.rowCount - 1, r.total + r.notAccepted);
    const header = (list.getRow(1).values as unknown[]).join(',');
    assert.doesNotMatch(header, /信访人|证件|电话|地址|诉求内容/);
    const all = JSON.stringify(list.getSheetValues());
    assert.doesNotMatch(all, /测试人/, 'no petitioner names');
    // The items behind each part: 评价来源 on the detail sheet counts what the 满意率来源 sheet says.
    const col = (list.getRow(1).values as unknown[]).indexOf('评价来源');
    let online = 0;
    list.eachRow((row, i) => {
      if (i > 1 && row.getCell(col).value === '网上自评') online += 1;
    });
    assert.equal(online, want.get('网上自评')!.rated);
  });

  it('the CLI writes json/text to stdout and refuses docx without --out and bad dates', async () => {
    const outs: (string | Buffer)[] = [];
    const files = new Map<string, string | Buffer>();
    const io = {
      stdout: (d: string | Buffer) => outs.push(d),
      writeFile: (p: string, d: string | Buffer) => files.set(p, d),
    };
    const base: ReportCliOptions = { from: FROM, to: TO, format: 'json' };
    await runReport(env.deps, base, io);
    const json = JSON.parse(String(outs[0]));
    assert.equal(json.firstTime.count + json.repeat.count + json.outsideDistrict.count, json.total);
    await runReport(env.deps, { ...base, format: 'text', compare: 'yoy' }, io);
    assert.match(String(outs[1]), /同比/);
    await assert.rejects(runReport(env.deps, { ...base, format: 'docx' }, io), /--out/);
    await runReport(env.deps, { ...base, format: 'xlsx', out: '/tmp/x.xlsx' }, io);
    assert.ok(Buffer.isBuffer(files.get('/tmp/x.xlsx')));
    await assert.rejects(runReport(env.deps, { ...base, from: '2025-13-01' }, io), /起始日期「2025-13-01」无效/);
    await assert.rejects(runReport(env.deps, { ...base, from: '2025-06-01' }, io), /晚于/);
  });
});
