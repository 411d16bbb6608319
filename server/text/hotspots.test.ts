import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractDistrict, extractEntities, sameEntity } from './entities.ts';
import { findHotspots } from './hotspots.ts';
import { syntheticHotspotItems } from './testdata.ts';

test('entity extraction finds compounds and companies, not generic mentions', () => {
  const keys = (t: string): string[] => extractEntities(t).map((e) => e.key);
  assert.deepEqual(keys('A市A5区魅力之城小区临街门面油烟扰民'), ['魅力之城']);
  assert.deepEqual(keys('伊景园滨河苑捆绑销售车位'), ['伊景园滨河苑']);
  assert.deepEqual(keys('中天建设有限公司拖欠工资'), ['中天建设']);
  assert.deepEqual(keys('我们是和平小区的业主'), ['和平']);
  assert.deepEqual(keys('我们小区的物业公司乱收费，有限公司不管'), []);
  assert.deepEqual(keys('市政府和人民政府都不管'), []);
  assert.equal(extractDistrict('A市A5区魅力之城小区'), 'A5区');
  const [a] = extractEntities('宏达搅拌站噪音');
  const [b] = extractEntities('宏达混凝土搅拌站');
  assert.ok(a && b && sameEntity(a, b));
});

test('planted hot issues are the top clusters, each pure and complete', () => {
  const { items, truth } = syntheticHotspotItems();
  const clusters = findHotspots(items, { top: 10 });
  const top4 = clusters.slice(0, 4);
  const planted = new Set(['parking-jgy', 'parking-jxht', 'concrete-noise', 'fumes-mz']);
  const seen = new Set<string>();
  for (const c of top4) {
    const keys = new Set(c.ids.map((id) => truth.get(id)));
    assert.equal(keys.size, 1, `cluster ${c.label} mixes ${[...keys].join(',')}`);
    const k = [...keys][0] as string;
    assert.ok(planted.has(k), `unexpected top cluster ${c.label}`);
    seen.add(k);
    const expected = [...truth.values()].filter((v) => v === k).length;
    assert.equal(c.size, expected, `${k} complete`);
    assert.equal(c.users, expected);
    assert.ok(c.place, `${k} has a place`);
    assert.ok(c.keywords.length >= 3);
  }
  assert.equal(seen.size, 4);
  const jgy = top4.find((c) => truth.get(c.ids[0] as string) === 'parking-jgy');
  assert.equal(jgy?.place, 'A2区金桂苑小区');
  assert.ok(jgy?.keywords.some((k) => k.includes('捆绑')));
  const fumes = top4.find((c) => truth.get(c.ids[0] as string) === 'fumes-mz');
  assert.ok(fumes?.keywords.includes('油烟'));
  // Clusters are ranked by heat.
  for (let i = 1; i < clusters.length; i++) assert.ok((clusters[i - 1]?.heat ?? 0) >= (clusters[i]?.heat ?? 0));
});

test('two compounds with parking complaints stay separate; wage arrears at different companies do not merge', () => {
  const { items, truth } = syntheticHotspotItems();
  const clusters = findHotspots(items, { top: 50 });
  for (const c of clusters) {
    const keys = new Set(c.ids.map((id) => truth.get(id)));
    assert.ok(!(keys.has('parking-jgy') && keys.has('parking-jxht')), 'parking compounds merged');
  }
  const wageIds = new Set(items.filter((i) => (i.title ?? '').includes('拖欠农民工工资')).map((i) => i.id));
  assert.equal(wageIds.size, 6);
  for (const c of clusters) {
    const n = c.ids.filter((id) => wageIds.has(id)).length;
    assert.ok(n <= 1, `wage complaints of different companies merged: ${c.label}`);
  }
});

test('same user posting repeatedly counts once as a user; empty input gives no clusters', () => {
  const items = [1, 2, 3].map((i) => ({
    id: String(i),
    title: '明珠大厦楼下餐馆油烟扰民',
    text: `明珠大厦一楼餐馆油烟直排，第${i}次反映。`,
    user: 'same',
  }));
  const [c] = findHotspots(items);
  assert.equal(c?.size, 3);
  assert.equal(c?.users, 1);
  assert.deepEqual(findHotspots([]), []);
});

test('generic items do not bridge two companies into one catch-all; keywords skip stop-words; members say why', () => {
  const items: { id: string; title: string; text: string; user: string; headCount?: number }[] = [];
  const add = (n: number, title: string, text: string, tag: string, headCount = 1) => {
    for (let i = 0; i < n; i++)
      items.push({
        id: `${tag}${i}`,
        title,
        text: `${text}（第${i}次反映，不予答复，不服）`,
        user: `${tag}u${i}`,
        headCount,
      });
  };
  add(
    6,
    '宏图建筑工程有限公司拖欠工资',
    '宏图建筑工程有限公司拖欠我们农民工工资半年，讨要多次无果，请实际考虑。',
    'a',
    6,
  );
  add(5, '盛达劳务有限公司拖欠工资', '盛达劳务有限公司拖欠我们农民工工资三个月，讨要多次无果，请实际考虑。', 'b');
  add(4, '拖欠工资', '老板拖欠农民工工资，讨要多次无果，请实际考虑。', 'g');
  const clusters = findHotspots(items, { top: 20 });
  for (const c of clusters) {
    const tags = new Set(c.ids.filter((id) => !id.startsWith('g')).map((id) => id[0]));
    assert.ok(tags.size <= 1, `two companies merged: ${c.label} ${c.ids.join(',')}`);
    for (const k of c.keywords)
      assert.ok(!['不予', '不服', '考虑', '实际', '讨要'].includes(k), `stop-word keyword ${k}`);
  }
  const a = clusters.find((c) => c.ids.includes('a0'));
  assert.ok(a && a.ids.filter((id) => id.startsWith('a')).length === 6, JSON.stringify(a?.ids));
  assert.match(a.label, /宏图建筑/);
  assert.ok(
    a.members.every((m) => m.why.includes('同一地点：宏图建筑工程有限公司')),
    JSON.stringify(a.members),
  );
  assert.equal(a.support.collectivePeople, 36, 'six collective visits of six people');
  assert.ok(a.coherence > 0.5 && a.coherence <= 1);
  // More people and collective visits make it hotter than the other company's complaint.
  const b = clusters.find((c) => c.ids.includes('b0'));
  assert.ok(b && a.heat > b.heat);
});
