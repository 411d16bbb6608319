import { test } from 'node:test';
import assert from 'node:assert/strict';
import { routingCounts, routingFeaturesOf, suggestUnits, type RoutedItem } from './routing.ts';

function hist(): RoutedItem[] {
  const out: RoutedItem[] = [];
  const add = (n: number, classCode: string, place: string | null, unitId: string, unitName: string, legal = false) => {
    for (let i = 0; i < n; i++)
      out.push({ classCode, place, unitId, unitName, legal, title: '物业乱收费', date: '2024-03-01' });
  };
  add(31, '城乡建设/物业管理', null, 'zj', '区住建局');
  add(7, '城乡建设/物业管理', null, 'jd', '东塘街道办事处');
  add(10, '劳动和社会保障', null, 'rs', '区人社局');
  add(5, '城乡建设/物业管理', '金桂苑', 'jd', '东塘街道办事处');
  add(6, '政法/诉讼', null, 'zf', '区委政法委', true);
  return out;
}

test('the class share decides and the reason quotes the counts', () => {
  const { counts, names } = routingCounts(hist());
  const r = suggestUnits(counts, names, { classCode: '城乡建设/物业管理' });
  assert.equal(r[0]?.unitId, 'zj');
  assert.equal(r[0]?.reason, '近一年同类（城乡建设/物业管理） 43 件中 31 件交区住建局');
  assert.equal(r[1]?.unitId, 'jd');
  assert.ok((r[0]?.score ?? 0) > (r[1]?.score ?? 0));
  assert.equal(r.length, 3);
});

test('place and 涉法涉诉 evidence move the choice and are explained', () => {
  const { counts, names } = routingCounts(hist());
  const atPlace = suggestUnits(counts, names, { classCode: '城乡建设/物业管理', place: '金桂苑' });
  assert.equal(atPlace[0]?.unitId, 'jd');
  assert.equal(
    atPlace[0]?.reason,
    '近一年同一地点（金桂苑） 5 件中 5 件交东塘街道办事处',
    'the strongest evidence leads',
  );
  assert.deepEqual(atPlace[0]?.details, ['近一年同类（城乡建设/物业管理） 43 件中 12 件交东塘街道办事处']);
  const legal = suggestUnits(counts, names, { classCode: '城乡建设', legal: true });
  assert.equal(legal[0]?.unitId, 'zj', 'class evidence still leads for a building matter');
  assert.ok(
    legal.some((u) => u.unitId === 'zf'),
    'the legal route is offered',
  );
  // An unseen second level backs off to its first level.
  const unseen = suggestUnits(counts, names, { classCode: '城乡建设/违章建筑' });
  assert.equal(unseen[0]?.unitId, 'zj');
  assert.match(unseen[0]?.reason ?? '', /同属“城乡建设”的 43 件中 31 件/);
  assert.deepEqual(suggestUnits([], new Map(), { classCode: 'x' }), []);
});

test('features are what a maintained table would key on', () => {
  const f = routingFeaturesOf({
    classCode: '城乡建设/物业管理/物业收费',
    place: ' 金桂苑 ',
    legal: true,
    title: '金桂苑物业擅自涨价',
  });
  const kinds = f.map((x) => `${x.feature}=${x.value}`);
  assert.ok(kinds.includes('class3=城乡建设/物业管理/物业收费'));
  assert.ok(kinds.includes('place=金桂苑'));
  assert.ok(kinds.includes('legal=1'));
  assert.ok(kinds.some((k) => k.startsWith('keyword=')));
  assert.ok(!kinds.includes('keyword=物业'), 'generic words are not routing keywords');
});
