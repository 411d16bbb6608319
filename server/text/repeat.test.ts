import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bigramSimilarity, detectRepeat, normalizeAddress, normalizePhone, type PetitionRecord } from './repeat.ts';

const MATTER = '金桂苑小区开发商强制捆绑销售车位，不买车位不给交房，请住建局查处。';
const MATTER_AGAIN = '再次反映：金桂苑小区开发商强制捆绑销售车位，不买车位就不给交房，请住建局尽快查处。';
const OTHER = '孩子入学划片不合理，离家太远，希望教育局调整学区。';

const cand: PetitionRecord = {
  id: 'new',
  date: '2024-05-01',
  idHash: 'h1',
  phone: '13800001111',
  name: '张三',
  address: '长沙市雨花区金桂苑3栋2单元501室',
  text: MATTER_AGAIN,
};

test('same ID hash and similar matter → 重件 with reason', () => {
  const r = detectRepeat(cand, [{ id: 'e1', date: '2024-03-01', idHash: 'h1', text: MATTER }]);
  assert.equal(r.verdict, '重件');
  assert.equal(r.repeatOf, 'e1');
  const c = r.candidates[0];
  assert.ok(c);
  assert.equal(c.person, 'idHash');
  assert.match(c.reason, /^同一证件号码；诉求相似度 0\.\d\d；判定为重件$/);
  assert.ok(c.matterSimilarity >= 0.5);
});

test('phone and name+fuzzy address match; different matter stays 初件', () => {
  const r = detectRepeat(cand, [
    { id: 'p', date: '2024-01-01', phone: '+86 138-0000-1111', text: OTHER },
    { id: 'n', date: '2024-02-01', name: '张 三', address: '雨花区金桂苑三栋二单元501', text: MATTER },
  ]);
  assert.equal(r.verdict, '重件');
  assert.equal(r.repeatOf, 'n');
  const byId = new Map(r.candidates.map((c) => [c.id, c]));
  assert.equal(byId.get('p')?.person, 'phone');
  assert.equal(byId.get('p')?.isRepeat, false);
  assert.match(byId.get('p')?.reason ?? '', /同一联系电话；诉求相似度 0\.\d\d（低于 0\.50）/);
  assert.equal(byId.get('n')?.person, 'nameAddress');
  assert.match(byId.get('n')?.reason ?? '', /姓名相同且地址相近（地址相似度/);
});

test('rule variants: matter only, window, later items ignored', () => {
  const stranger: PetitionRecord = { id: 's', date: '2024-04-01', text: MATTER };
  assert.equal(detectRepeat(cand, [stranger]).verdict, '初件');
  assert.equal(detectRepeat(cand, [stranger], { requirePerson: false }).verdict, '重件');
  const old: PetitionRecord = { id: 'o', date: '2020-01-01', idHash: 'h1', text: MATTER };
  assert.equal(detectRepeat(cand, [old], { windowDays: 365 }).verdict, '初件');
  const later: PetitionRecord = { id: 'l', date: '2024-06-01', idHash: 'h1', text: MATTER };
  assert.equal(detectRepeat(cand, [later]).candidates.length, 0);
  assert.equal(detectRepeat(cand, [{ ...old, id: 'hi' }], { matterThreshold: 0.99 }).verdict, '初件');
});

test('address and phone normalisation', () => {
  assert.equal(normalizePhone('+86 138-0000-1111'), '13800001111');
  assert.equal(
    normalizeAddress('湖南省长沙市雨花区金桂苑三栋二单元501室'),
    normalizeAddress('雨花区金桂苑3幢2单元501'),
  );
  assert.equal(normalizeAddress('二十三号楼'), '23栋');
  assert.equal(bigramSimilarity('abc', 'abc'), 1);
  assert.equal(bigramSimilarity('金桂苑', '锦绣园'), 0);
});

/** The same records, seen the way the keyed-hash lookup sees them (hashes stand in for the keyed ones). */
function hashed(r: PetitionRecord): import('./repeat.ts').HashedRecord {
  const phone = normalizePhone(r.phone);
  const name = (r.name ?? '').replace(/\s/g, '');
  return {
    id: r.id,
    date: r.date ?? null,
    idHash: r.idHash ?? null,
    phoneHash: phone.length >= 7 ? `p:${phone}` : null,
    nameHash: name.length >= 2 ? `n:${name}` : null,
    address: () => r.address ?? null,
    title: r.title ?? null,
    text: r.text,
  };
}

test('the keyed-hash rule gives the same candidates, similarities and reasons as the plain one', async () => {
  const { detectRepeatByHash, matterCacheOf } = await import('./repeat.ts');
  const earlier: PetitionRecord[] = [
    { id: 'e1', date: '2024-03-01', idHash: 'h1', text: MATTER },
    { id: 'p', date: '2024-01-01', phone: '+86 138-0000-1111', text: OTHER },
    { id: 'n', date: '2024-02-01', name: '张 三', address: '雨花区金桂苑三栋二单元501', text: MATTER },
    { id: 'far', date: '2024-02-02', name: '张三', address: '岳麓区某某路88号', text: MATTER_AGAIN },
    { id: 'later', date: '2024-06-01', idHash: 'h1', text: MATTER },
  ];
  const plain = detectRepeat(cand, earlier);
  const q = { ...hashed(cand), address: cand.address ?? null };
  const byHash = detectRepeatByHash(q, earlier.map(hashed), matterCacheOf(cand));
  assert.deepEqual(byHash, plain);
  assert.equal(byHash.repeatOf, 'e1');
  assert.ok(!byHash.candidates.some((c) => c.id === 'later'), 'a later item is never the original');
});

test('the keyed-hash rule computes the exact similarity only for the best rows by the lower bound', async () => {
  const { detectRepeatByHash, matterCacheOf } = await import('./repeat.ts');
  const many: PetitionRecord[] = Array.from({ length: 30 }, (_, i) => ({
    id: `o${String(i).padStart(2, '0')}`,
    date: '2024-01-01',
    idHash: 'h1',
    text: i === 17 ? MATTER : `${OTHER}${i}`,
  }));
  const cache = matterCacheOf(cand);
  const r = detectRepeatByHash({ ...hashed(cand), address: null }, many.map(hashed), cache, {}, 5);
  assert.equal(cache.exact.size, 5);
  assert.equal(cache.cheap.size, 30);
  assert.equal(r.repeatOf, 'o17', 'the copy of the matter is among the rows compared exactly');
  assert.equal(r.candidates.length, 5);
});
