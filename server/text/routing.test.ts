import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suggestUnits, type RoutedItem } from './routing.ts';

function hist(): RoutedItem[] {
  const out: RoutedItem[] = [];
  const add = (n: number, classCode: string, place: string, unitId: string, unitName: string, date: string): void => {
    for (let i = 0; i < n; i++) out.push({ classCode, place, unitId, unitName, date });
  };
  add(13, '城乡建设/物业管理', '东塘街道', 'zj', '区住建局', '2024-03-01');
  add(2, '城乡建设/物业管理', '东塘街道', 'jd', '东塘街道办事处', '2024-03-01');
  add(10, '劳动和社会保障', '东塘街道', 'rs', '区人社局', '2024-02-01');
  add(30, '城乡建设/物业管理', '东塘街道', 'old', '旧单位', '2022-01-01');
  return out;
}

test('suggests the unit with the largest share and explains it', () => {
  const r = suggestUnits(hist(), { classCode: '城乡建设/物业管理' }, '2024-06-01');
  assert.equal(r[0]?.unitId, 'zj');
  assert.equal(r[0]?.reason, '近一年同类事项 87% 交由区住建局办理（13/15 件）');
  assert.equal(r[1]?.unitId, 'jd');
  assert.ok((r[0]?.score ?? 0) > (r[1]?.score ?? 0));
  assert.ok(!r.some((s) => s.unitId === 'old'), 'items outside the window are ignored');
});

test('place-level evidence is used when available; back-off for unseen classes', () => {
  const h = hist();
  for (let i = 0; i < 4; i++)
    h.push({
      classCode: '城乡建设/物业管理',
      place: '金桂苑',
      unitId: 'jd',
      unitName: '东塘街道办事处',
      date: '2024-05-01',
    });
  const r = suggestUnits(h, { classCode: '城乡建设/物业管理', place: '金桂苑' }, '2024-06-01');
  assert.equal(r[0]?.unitId, 'jd');
  assert.match(r[0]?.reason ?? '', /^近一年金桂苑同类事项 100% 交由东塘街道办事处办理/);
  const u = suggestUnits(hist(), { classCode: '城乡建设/违章建筑' }, '2024-06-01');
  assert.equal(u[0]?.unitId, 'zj');
  assert.match(u[0]?.reason ?? '', /同属“城乡建设”大类的事项/);
  assert.deepEqual(suggestUnits([], { classCode: 'x' }, '2024-06-01'), []);
});
