import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { throwsAppError } from '../../test/app-error.ts';
import { dailyReport, dailyReportJson, isCollectiveVisit, type DailyItemRow } from './daily-report.ts';
import { checkPeriod, dueDailyReports, periodsOn, thresholdsOn, type MajorPeriod } from './major-period.ts';

const LIANGHUI: MajorPeriod = {
  id: 'p1',
  name: '全国两会',
  from: '2026-03-03',
  to: '2026-03-11',
  reportTime: '17:00',
  thresholds: { notice: 0.6, warning: 0.7, severe: 0.9 },
};

let n = 0;
function row(p: Partial<DailyItemRow> & { registeredOn: string }): DailyItemRow {
  n++;
  return {
    id: `i${n}`,
    number: `2026-${String(n).padStart(5, '0')}`,
    title: `事项${n}`,
    status: 'registered',
    level: '区',
    channel: '网上投诉',
    headCount: 1,
    flags: [],
    ...p,
  };
}

describe('the daily report', () => {
  const day = '2026-03-05';
  const rows = [
    row({
      registeredOn: day,
      number: '2026-00103',
      title: '关于*某小区停车难的投诉',
      channel: '网上投诉',
      level: '区',
    }),
    row({
      registeredOn: day,
      number: '2026-00101',
      title: '关于某厂欠薪的集体来访',
      channel: '来访',
      level: '区',
      headCount: 12,
      flags: ['集体访'],
    }),
    row({ registeredOn: day, number: '2026-00102', title: '关于征收补偿的来信', channel: '来信', level: '市' }),
    row({ registeredOn: day, number: '2026-00104', title: '电话反映噪声', channel: '电话', level: '区' }),
    row({
      registeredOn: day,
      number: '2026-00105',
      channel: '来访',
      level: '省',
      headCount: 3,
      flags: ['越级访'],
      title: '越级走访',
    }),
    row({
      registeredOn: day,
      number: '2026-00106',
      status: 'not_accepted',
      channel: '来访',
      flags: ['越级访'],
      headCount: 2,
    }),
    row({ registeredOn: '2026-03-04', number: '2026-00099' }),
  ];

  test('counts by the situation report rules, with visits in 批次 / 人次 and the items listed', () => {
    const clusters = [
      { label: '某厂：欠薪', ids: [rows[1]!.id, 'older-1', 'older-2'] },
      { label: '无关', ids: ['older-3'] },
    ];
    const r = dailyReport(day, rows, { period: { id: 'p1', name: '全国两会' }, clusters });
    assert.equal(r.total, 5, 'the 不予受理 item and the other day left out');
    assert.equal(r.zeroReport, false);
    assert.deepEqual(r.byLevel, [
      { key: '国家', count: 0 },
      { key: '省', count: 1 },
      { key: '市', count: 1 },
      { key: '区', count: 3 },
    ]);
    assert.deepEqual(r.byChannel, [
      { key: '网上投诉', count: 1 },
      { key: '来访', count: 2 },
      { key: '来信', count: 1 },
      { key: '其他', count: 1 },
    ]);
    assert.deepEqual(r.collective, { batches: 1, people: 12 });
    assert.deepEqual(r.details.skipLevel, { batches: 1, people: 3 });
    assert.deepEqual(r.details.notAccepted, { count: 1, numbers: ['2026-00106'] });
    assert.deepEqual(
      r.items.map((i) => i.number),
      ['2026-00101', '2026-00102', '2026-00103', '2026-00104', '2026-00105'],
    );
    assert.deepEqual(r.details.hotIssues, [{ label: '某厂：欠薪', count: 1, numbers: ['2026-00101'] }]);
    assert.equal(
      r.text,
      '2026年3月5日（全国两会期间），全区新登记信访事项5件。从信访层级看，省级登记1件、市级登记1件、区级登记3件；' +
        '从信访渠道看，网上投诉1件、来访2件、来信1件、其他1件。集体访1批12人次，越级访1批3人次。' +
        '涉及热点问题：某厂：欠薪（1件）。具体事项：2026-00101（关于某厂欠薪的集体来访）；2026-00102（关于征收补偿的来信）；' +
        '2026-00103（关于*某小区停车难的投诉）；2026-00104（电话反映噪声）；2026-00105（越级走访）。' +
        '另有不予受理、不再受理事项1件，未计入总数。',
    );
  });

  test('the CLI JSON has exactly the documented keys, in order', () => {
    const j = dailyReportJson(dailyReport(day, rows));
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
    assert.deepEqual(Object.keys(j.items[0]!), ['number', 'title']);
    assert.deepEqual(Object.keys(j.byLevel[0]!), ['key', 'count']);
  });

  test('a day with nothing counted is an explicit 零报告 (zeroReport exactly when total is 0)', () => {
    const quiet = dailyReport('2026-03-06', rows, { period: { id: 'p1', name: '全国两会' } });
    assert.equal(quiet.total, 0);
    assert.equal(quiet.zeroReport, true);
    assert.deepEqual(quiet.items, []);
    assert.equal(quiet.text, '2026年3月6日（全国两会期间），全区未新登记信访事项，未发生集体访、越级访，实行零报告。');
    const onlyDeclined = dailyReport(day, [rows[5]!]);
    assert.equal(onlyDeclined.zeroReport, true);
    assert.equal(
      onlyDeclined.text,
      '2026年3月5日，全区未新登记信访事项，未发生集体访、越级访，实行零报告。另有不予受理、不再受理事项1件，未计入总数。',
    );
  });

  test('集体访 is a visit of five or more; a letter signed by many is not', () => {
    assert.equal(isCollectiveVisit({ channel: '来访', headCount: 5, flags: [] }), true);
    assert.equal(isCollectiveVisit({ channel: '来访', headCount: 4, flags: [] }), false);
    assert.equal(isCollectiveVisit({ channel: '来信', headCount: 30, flags: ['集体访'] }), false);
  });
});

describe('重大节点 periods', () => {
  test('a period is checked, and may only tighten the warnings', () => {
    const ok = { ...LIANGHUI } as Omit<MajorPeriod, 'id'>;
    checkPeriod(ok);
    const bad = (p: Partial<MajorPeriod>, msg: RegExp, code = 'VALIDATION') =>
      throwsAppError(() => checkPeriod({ ...ok, ...p }), code, msg);
    bad({ to: '2026-03-02' }, /早于开始日期/, 'DATE_ORDER');
    bad({ reportTime: '5pm' }, /HH:MM/);
    bad({ thresholds: { notice: 0.8, warning: 0.85, severe: 0.99 } }, /只能收紧/);
    bad({ thresholds: { notice: 0.7, warning: 0.6, severe: 0.9 } }, /预警 ≤ 警告/);
    bad({ to: '2026-07-01' }, /最长 92 天/);
    bad({ name: ' ' }, /名称/);
  });

  test('thresholds in force: the tightest of the day, the usual ones outside', () => {
    const other = {
      ...LIANGHUI,
      id: 'p2',
      from: '2026-03-10',
      to: '2026-03-20',
      thresholds: { notice: 0.7, warning: 0.8, severe: 0.85 },
    };
    assert.deepEqual(thresholdsOn('2026-03-02', [LIANGHUI, other]), { notice: 0.75, warning: 0.85, severe: 0.99 });
    assert.deepEqual(thresholdsOn('2026-03-05', [LIANGHUI, other]), { notice: 0.6, warning: 0.7, severe: 0.9 });
    assert.deepEqual(thresholdsOn('2026-03-10', [LIANGHUI, other]), { notice: 0.6, warning: 0.7, severe: 0.85 });
    assert.deepEqual(
      periodsOn('2026-03-10', [other, LIANGHUI]).map((p) => p.id),
      ['p1', 'p2'],
    );
  });

  test('one report per day of the period, today once its time has come, missed days caught up', () => {
    const due = (produced: string[], date: string, time: string) =>
      dueDailyReports([LIANGHUI], new Set(produced), { date, time }).map((d) => d.date);
    assert.deepEqual(due([], '2026-03-02', '23:00'), [], 'before the period');
    assert.deepEqual(due([], '2026-03-03', '16:59'), []);
    assert.deepEqual(due([], '2026-03-03', '17:00'), ['2026-03-03']);
    assert.deepEqual(due(['2026-03-03'], '2026-03-03', '18:00'), [], 'never twice');
    assert.deepEqual(due(['2026-03-03'], '2026-03-06', '09:00'), ['2026-03-04', '2026-03-05'], 'after a restart');
    const all = due([], '2026-04-01', '09:00');
    assert.equal(all.length, 9, 'every day 03-03 … 03-11 and none after');
    assert.equal(all.at(-1), '2026-03-11');
    const overlap = dueDailyReports(
      [LIANGHUI, { ...LIANGHUI, id: 'p2', name: '另一节点', from: '2026-03-10', to: '2026-03-12' }],
      new Set(),
      { date: '2026-03-12', time: '18:00' },
    );
    assert.equal(overlap.length, 10, 'overlapping days once');
    assert.deepEqual(
      overlap.slice(-3).map((d) => [d.date, d.periodId]),
      [
        ['2026-03-10', 'p1'],
        ['2026-03-11', 'p1'],
        ['2026-03-12', 'p2'],
      ],
    );
  });
});
