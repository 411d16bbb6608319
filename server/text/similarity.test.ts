import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bandKeys,
  decodeSignature,
  encodeSignature,
  estimateJaccard,
  jaccard,
  shingleSet,
  signature,
  SimilarityIndex,
  textSimilarity,
} from './similarity.ts';
import { groupNearDuplicates, pairwiseScores } from './dedup.ts';

const ORIGINAL =
  '尊敬的市长：我是金桂苑小区的业主，开发商要求必须购买车位才给办理交房手续，车位价格高达十几万元，属于捆绑销售，' +
  '我们多次找开发商和住建部门反映都没有结果，恳请领导督促开发商依法交房，停止捆绑销售车位的违法行为。';
const REPOST =
  '尊敬的书记您好！我是金桂苑小区的业主，开发商要求必须购买车位才给办理交房手续，车位价格高达十几万元，属于捆绑销售，' +
  '我们多次找开发商和住建部门反映都没有结果，恳请领导督促开发商依法交房，停止捆绑销售车位的违法行为！谢谢';
const OTHER = '我家孩子今年上小学，按照划片要去五公里以外的学校读书，离家太远，接送非常不便，希望教育局调整学区划分。';

test('MinHash finds a re-posted copy and not an unrelated message', () => {
  const idx = new SimilarityIndex();
  idx.add('orig', ORIGINAL);
  idx.add('other', OTHER);
  const hits = idx.query(REPOST, { minSimilarity: 0.5 });
  assert.equal(hits.length, 1);
  assert.equal(hits[0]?.id, 'orig');
  assert.ok((hits[0]?.similarity ?? 0) > 0.6, String(hits[0]?.similarity));
  const exact = jaccard(shingleSet(ORIGINAL), shingleSet(REPOST));
  assert.ok(Math.abs(exact - (hits[0]?.similarity ?? 0)) < 0.15, `estimate vs exact ${exact}`);
  assert.ok(estimateJaccard(signature(ORIGINAL), signature(OTHER)) < 0.1);
});

test('band keys are stable strings, shared by near copies, absent for empty text', () => {
  const a = bandKeys(signature(ORIGINAL));
  const b = bandKeys(signature(REPOST));
  const c = bandKeys(signature(OTHER));
  assert.equal(a.length, 32);
  assert.match(a[0] as string, /^00:[0-9a-f]{16}$/);
  assert.deepEqual(bandKeys(signature(ORIGINAL)), a);
  assert.ok(
    a.some((k) => b.includes(k)),
    'near copies share a band',
  );
  assert.ok(!a.some((k) => c.includes(k)), 'unrelated share none');
  assert.deepEqual(bandKeys(signature('，。！')), []);
});

test('index survives a JSON round-trip and supports removal', () => {
  const idx = new SimilarityIndex();
  idx.add('orig', ORIGINAL);
  idx.add('other', OTHER);
  const back = SimilarityIndex.fromJSON(JSON.parse(JSON.stringify(idx.toJSON())));
  assert.equal(back.size, 2);
  assert.equal(back.query(REPOST)[0]?.id, 'orig');
  assert.ok(back.remove('orig'));
  assert.equal(back.query(REPOST).length, 0);
  const sig = signature(OTHER);
  assert.deepEqual(decodeSignature(encodeSignature(sig)), sig);
});

test('textSimilarity separates same matter from different matter', () => {
  const same = textSimilarity(ORIGINAL, REPOST);
  const diff = textSimilarity(ORIGINAL, OTHER);
  assert.ok(same.score > 0.7, JSON.stringify(same));
  assert.ok(diff.score < 0.3, JSON.stringify(diff));
});

test('groupNearDuplicates groups copies; pairwise scores are computed', () => {
  const items = [
    { id: '1', text: ORIGINAL },
    { id: '2', text: REPOST },
    { id: '3', text: OTHER },
    { id: '4', title: '短', text: '' },
  ];
  const { groups } = groupNearDuplicates(items, { minSimilarity: 0.6 });
  assert.equal(groups.length, 1);
  assert.deepEqual(groups[0]?.ids, ['1', '2']);
  const ref = new Map([
    ['1', 'g'],
    ['2', 'g'],
    ['3', 'h'],
    ['4', 'h'],
  ]);
  const s = pairwiseScores(
    groups.map((g) => g.ids),
    ref,
  );
  assert.equal(s.truePairs, 2);
  assert.equal(s.correctPairs, 1);
  assert.equal(s.precision, 1);
  assert.equal(s.recall, 0.5);
});
