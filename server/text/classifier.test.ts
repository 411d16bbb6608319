import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  deserializeModel,
  f1Report,
  groupFolds,
  predict,
  serializeModel,
  trainClassifier,
  type Sample,
} from './classifier.ts';
import { rng } from './linear.ts';

const TOPICS: Record<string, string[]> = {
  '城乡建设/物业管理': ['物业公司', '物业费', '电梯', '业主委员会', '小区绿化', '维修基金', '停车费'],
  '劳动和社会保障/工资': ['拖欠工资', '农民工', '劳动合同', '社保', '加班费', '包工头', '劳动仲裁'],
  '环境保护/噪声': ['噪音扰民', '夜间施工', '搅拌站', '扬尘', '排污', '油烟', '异味'],
};
const FILLER = ['希望尽快处理', '多次反映无果', '严重影响生活', '请领导关注', '已经很久了', '大家很着急'];

function make(n: number, seed: number): Sample[] {
  const r = rng(seed);
  const pick = (a: string[]): string => a[Math.floor(r() * a.length)] as string;
  const out: Sample[] = [];
  for (let i = 0; i < n; i++) {
    const labels = Object.keys(TOPICS);
    const label = labels[i % labels.length] as string;
    const words = TOPICS[label] as string[];
    out.push({
      title: i % 2 ? `关于${pick(words)}的问题` : null,
      text: `我们这里${pick(words)}，${pick(FILLER)}。另外${pick(words)}和${pick(words)}也存在问题，${pick(FILLER)}。`,
      label,
    });
  }
  return out;
}

test('trains on synthetic second-level labels and predicts held-out items', () => {
  const model = trainClassifier(make(90, 1), { calibrationFolds: 3 });
  assert.deepEqual(model.labels, Object.keys(TOPICS).sort());
  const test = make(30, 99);
  const pred = test.map((s) => predict(model, s).label);
  const rep = f1Report(
    test.map((s) => s.label),
    pred,
  );
  assert.ok(rep.macroF1 >= 0.9, `macro-F1 ${rep.macroF1}`);
  const p = predict(model, { text: '小区物业公司乱收物业费，电梯坏了没人修' });
  assert.equal(p.label, '城乡建设/物业管理');
  assert.equal(p.scores.length, 3);
  assert.ok((p.scores[0]?.p ?? 0) >= (p.scores[1]?.p ?? 0));
  const sum = p.scores.reduce((a, s) => a + s.p, 0);
  assert.ok(sum > 0.99 && sum < 1.01, `probabilities sum ${sum}`);
  assert.ok((p.scores[0]?.p ?? 0) > 0.5);
});

test('serialization round-trip keeps predictions and is compact', () => {
  const model = trainClassifier(make(60, 2), { calibrationFolds: 0 });
  const buf = serializeModel(model);
  assert.ok(buf.length < 2_000_000, `size ${buf.length}`);
  const back = deserializeModel(buf);
  assert.deepEqual(back.labels, model.labels);
  for (const s of make(15, 5)) {
    const a = predict(model, s);
    const b = predict(back, s);
    assert.equal(b.label, a.label);
    assert.ok(Math.abs((a.scores[0]?.p ?? 0) - (b.scores[0]?.p ?? 0)) < 0.02);
  }
  assert.throws(() => deserializeModel(Buffer.from('{"format":"other"}')), /不支持/);
});

test('rejects a single-label training set', () => {
  assert.throws(
    () =>
      trainClassifier([
        { text: 'a', label: 'x' },
        { text: 'b', label: 'x' },
      ]),
    /两个/,
  );
});

test('f1Report and groupFolds compute expected values', () => {
  const r = f1Report(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b']);
  assert.equal(r.accuracy, 0.75);
  assert.ok(Math.abs((r.perClass.a ?? 0) - 2 / 3) < 1e-9);
  assert.ok(Math.abs((r.perClass.b ?? 0) - 0.8) < 1e-9);
  const folds = groupFolds(['a', 'a', 'b', 'b', 'a', 'b'], ['g1', 'g1', 'g2', 'g3', 'g4', 'g5'], 2);
  assert.equal(folds[0], folds[1], 'same group same fold');
  assert.ok(folds.every((f) => f === 0 || f === 1));
});
