import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  confidenceThreshold,
  deserializeModel,
  expectedCalibrationError,
  explainPrediction,
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

test('empty, whitespace and punctuation-only texts abstain; calibration fields are fitted', () => {
  const model = trainClassifier(make(120, 3), { calibrationFolds: 3 });
  for (const text of ['', '   ', '\n\t', '。。！！？', '……']) {
    const p = predict(model, { title: '', text });
    assert.equal(p.status, 'empty', JSON.stringify(text));
    assert.equal(p.label, '');
    assert.deepEqual(p.scores, []);
  }
  assert.ok(model.temperature > 0 && model.temperature < 10);
  assert.ok(model.confidentAt > 0 && model.confidentAt <= 1);
  assert.ok(model.oodBelow !== null);
  const back = deserializeModel(serializeModel(model));
  assert.equal(back.temperature, model.temperature);
  assert.equal(back.confidentAt, model.confidentAt);
  assert.equal(back.oodBelow, model.oodBelow);
});

test('a text about none of the learned topics is out of scope; a clear one is confident', () => {
  const model = trainClassifier(make(150, 4), { calibrationFolds: 3 });
  const clear = predict(model, {
    text: '物业公司乱收物业费，电梯坏了，业主委员会和小区绿化都没人管，维修基金去向不明',
  });
  assert.equal(clear.status, 'confident');
  const other = predict(model, { text: '孩子的学校食堂饭菜质量差，老师体罚学生，希望教育局调查' });
  assert.equal(other.status, 'out_of_scope', JSON.stringify(other));
  assert.ok(other.margin < (model.oodBelow as number));
});

test('explanations name the words that weighed for the label', () => {
  const model = trainClassifier(make(120, 6), { calibrationFolds: 0 });
  const doc = { text: '物业公司多收物业费，另外希望尽快处理' };
  const why = explainPrediction(model, doc, '城乡建设/物业管理', 3);
  assert.ok(why.length > 0);
  assert.ok(
    why.some((t) => t.term.includes('物业')),
    JSON.stringify(why),
  );
  assert.ok(why.every((t, i) => i === 0 || (why[i - 1]?.weight ?? 0) >= t.weight));
  assert.deepEqual(explainPrediction(model, doc, 'no such label'), []);
});

test('calibration error and the confidence threshold are computed as defined', () => {
  // Two bins: 0.95 confident and always right (gap 0.05), 0.55 and right half the time (gap 0.05).
  const top = [0.95, 0.95, 0.55, 0.55];
  const right = [true, true, true, false];
  assert.ok(Math.abs(expectedCalibrationError(top, right) - 0.05) < 1e-9);
  const many = Array.from({ length: 100 }, (_, i) => i / 100);
  const ok = many.map((p) => p >= 0.5);
  assert.equal(confidenceThreshold(many, ok, 1), 0.5);
});
