import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { reportDomainOf } from '../domain/taxonomy.ts';
import { visitCountsOf } from '../domain/visit-count.ts';
import { fixtureRows, insertFixture, type FixtureRow } from '../../test/report-fixture.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from '../../test/test-db.ts';
import { buildReport, comparisonPeriod, type SplitEntry } from './report.ts';

const FROM = '2025-03-01';
const TO = '2025-05-31';
const rows = fixtureRows();
const excluded = (r: FixtureRow) => r.status === 'not_accepted' || r.status === 'not_reaccepted';
const inRange = (r: FixtureRow, from: string, to: string) => r.registeredOn >= from && r.registeredOn <= to;
const counted = (from: string, to: string) => rows.filter((r) => inRange(r, from, to) && !excluded(r));
const tally = (rs: FixtureRow[], key: (r: FixtureRow) => string) => {
  const m = new Map<string, number>();
  for (const r of rs) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
  return m;
};
const asCounts = (split: SplitEntry[]) => Object.fromEntries(split.map((e) => [e.key, e.count]));
const expectSplit = (split: SplitEntry[], keys: string[], m: Map<string, number>) => {
  assert.deepEqual(
    split.map((e) => e.key),
    keys,
    'every key present, in order',
  );
  assert.deepEqual(asCounts(split), Object.fromEntries(keys.map((k) => [k, m.get(k) ?? 0])));
  const sum = Math.round(split.reduce((a, e) => a + e.share, 0) * 10) / 10;
  assert.equal(sum, 100);
};
const channelBucket = (c: string) => (['网上投诉', '来访', '来信'].includes(c) ? c : '其他');

for (const dialect of dialects()) {
  describe(`situation report on a hand-counted fixture (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      const people = await seedPeople(env.deps);
      await insertFixture(env.deps, people.units, rows);
    });
    after(async () => env.close());

    it('total, notAccepted and the three origin parts match a hand count', async () => {
      const r = await buildReport(env.deps, { from: FROM, to: TO });
      const rs = counted(FROM, TO);
      assert.equal(r.total, rs.length);
      assert.ok(r.total > 20, 'the fixture is not trivial');
      assert.equal(r.notAccepted, rows.filter((x) => inRange(x, FROM, TO) && excluded(x)).length);
      const outside = rs.filter((x) => x.unit === 'outside');
      const rest = rs.filter((x) => x.unit !== 'outside');
      assert.equal(r.outsideDistrict.count, outside.length);
      assert.equal(r.repeat.count, rest.filter((x) => x.isRepeat).length);
      assert.equal(r.firstTime.count, rest.filter((x) => !x.isRepeat).length);
      assert.equal(r.firstTime.count + r.repeat.count + r.outsideDistrict.count, r.total);
      assert.equal(Math.round((r.firstTime.share + r.repeat.share + r.outsideDistrict.share) * 10) / 10, 100);
    });

    it('来访 批次/人次, 集体访 (来访 ≥ 5 人) and 联名 match the in-memory count of the same rule', async () => {
      const r = await buildReport(env.deps, { from: FROM, to: TO });
      const rs = counted(FROM, TO);
      const want = visitCountsOf(rs);
      assert.deepEqual(r.visitCounts, want);
      assert.ok(want.collectiveVisits.batches > 0 && want.jointPetitions.batches > 0, 'the fixture has both');
      // Visits of fewer than 5 people are no 集体访; letters and online items with 5 or more signatories are 联名.
      assert.ok(rs.some((x) => x.channel === '来访' && x.headCount < 5));
      assert.ok(rs.some((x) => x.channel !== '来访' && x.headCount >= 5));
      const v = want.visits;
      assert.ok(r.text.includes(`来访${v.batches}批${v.persons}人次`), r.text);
      assert.ok(
        r.text.includes(`集体访${want.collectiveVisits.batches}批${want.collectiveVisits.persons}人次`),
        r.text,
      );
    });

    it('each split equals the hand count with every key present', async () => {
      const r = await buildReport(env.deps, { from: FROM, to: TO });
      const rs = counted(FROM, TO);
      expectSplit(
        r.byLevel,
        ['国家', '省', '市', '区'],
        tally(rs, (x) => x.level),
      );
      expectSplit(
        r.byChannel,
        ['网上投诉', '来访', '来信', '其他'],
        tally(rs, (x) => channelBucket(x.channel)),
      );
      expectSplit(
        r.byDomain,
        ['城乡建设', '市场监管', '涉法涉诉', '劳动保障', '其他'],
        tally(rs, (x) => reportDomainOf(x.classPath, x.legal)),
      );
    });

    it('top units by count, ties by name; indicators match the hand count', async () => {
      const r = await buildReport(env.deps, { from: FROM, to: TO, top: 2 });
      const rs = counted(FROM, TO);
      const names = { zjj: '区住建局', scj: '区市场监管局', outside: '市住房公积金中心' } as const;
      const expected = [
        ...tally(
          rs.filter((x) => x.unit),
          (x) => names[x.unit!],
        ),
      ]
        .map(([unit, count]) => ({ unit, count }))
        .sort((a, b) => b.count - a.count || (a.unit < b.unit ? -1 : 1))
        .slice(0, 2);
      assert.deepEqual(r.topUnits, expected);
      const served = rs.filter((x) => x.servedOn);
      const rated = served.filter((x) => x.satisfaction && x.satisfaction !== '未评价');
      assert.equal(r.indicators.参评率.denominator, served.length);
      assert.equal(r.indicators.参评率.numerator, rated.length);
      assert.equal(
        r.indicators.满意率.numerator,
        rated.filter((x) => x.satisfaction === '满意' || x.satisfaction === '基本满意').length,
      );
      assert.equal(r.indicators.重复信访率.numerator, rs.filter((x) => x.isRepeat).length);
      assert.equal(
        r.indicators.化解率.numerator,
        rs.filter((x) => x.status === 'closed' || x.status === 'terminated').length,
      );
      const acc = rows.filter((x) => x.accept && !excluded(x));
      assert.equal(r.indicators.及时受理率.denominator, acc.length);
      assert.equal(
        r.indicators.及时受理率.numerator,
        acc.filter((x) => x.accept![1] !== null && x.accept![1] <= x.accept![0]).length,
      );
      assert.match(r.indicators.满意率.formula, /满意/);
    });

    it('the paragraph carries the numbers; yoy compares with the same dates a year earlier', async () => {
      const r = await buildReport(env.deps, { from: FROM, to: TO, compare: 'yoy' });
      assert.ok(r.text.includes(`共受理信访事项${r.total}件`), r.text);
      assert.ok(r.text.includes(`初信初访${r.firstTime.count}件，占比${r.firstTime.share.toFixed(1)}%`));
      assert.ok(r.text.includes(`其余${r.outsideDistrict.count}件责任单位不属于我区`));
      for (const e of [...r.byLevel.slice(0, 1), ...r.byChannel, ...r.byDomain])
        assert.ok(r.text.includes(`${e.count}件、占比${e.share.toFixed(1)}%`), e.key);
      assert.ok(r.text.includes(`${r.topUnits[0]!.unit}（${r.topUnits[0]!.count}件）`));
      const prev = counted('2024-03-01', '2024-05-31').length;
      assert.equal(r.comparison?.total, prev);
      assert.equal(r.comparison?.period.from, '2024-03-01');
      const rate = Math.round(((r.total - prev) * 1000) / prev) / 10;
      assert.ok(r.text.includes(`同比增长${rate.toFixed(1)}%`), r.text);
    });

    it('an empty period has every key with 0 and shares 0.0; bad periods are refused', async () => {
      const r = await buildReport(env.deps, { from: '2020-01-01', to: '2020-01-31', compare: 'prev' });
      assert.equal(r.total, 0);
      assert.equal(r.byChannel.length, 4);
      assert.ok(r.byDomain.every((e) => e.count === 0 && e.share === 0));
      assert.match(r.text, /共受理信访事项0件/);
      assert.match(r.text, /受理总量环比持平（均为0件）/);
      const up = await buildReport(env.deps, { from: '2025-03-01', to: '2025-03-31', compare: 'prev' });
      assert.match(up.text, /受理总量无法计算环比（对比期为0件）/, 'February has no items');
      await assert.rejects(buildReport(env.deps, { from: '2025-06-01', to: '2025-05-01' }), /晚于/);
      await assert.rejects(buildReport(env.deps, { from: '2025-02-30', to: '2025-05-01' }), /无效/);
    });
  });
}

describe('comparison periods', () => {
  it('prev is the same length just before; yoy shifts a year (29 Feb → 28 Feb)', () => {
    assert.deepEqual(comparisonPeriod('2025-04-01', '2025-06-30', 'prev'), { from: '2025-01-01', to: '2025-03-31' });
    assert.deepEqual(comparisonPeriod('2024-02-01', '2024-02-29', 'yoy'), { from: '2023-02-01', to: '2023-02-28' });
    assert.deepEqual(comparisonPeriod('2025-03-10', '2025-03-19', 'prev'), { from: '2025-02-28', to: '2025-03-09' });
    assert.deepEqual(comparisonPeriod('2025-03-01', '2025-03-31', 'prev'), { from: '2025-02-01', to: '2025-02-28' });
  });
});
