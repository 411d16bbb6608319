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

const FROM = '2025-03-01';
const TO = '2025-05-31';

/** Plain text of a docx: the runs of word/document.xml joined. */
function docxText(buf: Buffer): string {
  const xml = unzipEntry(buf, 'word/document.xml')?.toString('utf8') ?? '';
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

describe('report exports and CLI (sqlite)', () => {
  let env: TestEnv;
  before(async () => {
    env = await makeTestEnv('sqlite', '2025-09-26');
    const people = await seedPeople(env.deps);
    await insertFixture(env.deps, people.units, fixtureRows());
  });
  after(async () => env.close());

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
    const list = wb.getWorksheet('事项清单')!;
    assert.equal(list.rowCount - 1, r.total + r.notAccepted);
    const header = (list.getRow(1).values as unknown[]).join(',');
    assert.doesNotMatch(header, /信访人|证件|电话|地址|诉求内容/);
    const all = JSON.stringify(list.getSheetValues());
    assert.doesNotMatch(all, /测试人/, 'no petitioner names');
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
