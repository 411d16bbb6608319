import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trainClassifier, type Sample } from './classifier.ts';
import { rng } from './linear.ts';
import { combineClassSuggestion, evaluateCandidate, officeLabels, timeSplit, type DatedSample } from './office.ts';

const TOPICS: Record<string, string[]> = {
  商贸旅游: ['电梯', '特种设备', '商场', '旅行社', '景区门票', '导游', '购物'],
  劳动和社会保障: ['拖欠工资', '农民工', '劳动合同', '社保', '加班费', '包工头'],
  环境保护: ['噪音扰民', '夜间施工', '搅拌站', '扬尘', '排污', '油烟'],
};

function make(n: number, seed: number, topics = TOPICS): Sample[] {
  const r = rng(seed);
  const pick = (a: string[]) => a[Math.floor(r() * a.length)] as string;
  const labels = Object.keys(topics);
  return Array.from({ length: n }, (_, i) => {
    const label = labels[i % labels.length] as string;
    const w = topics[label] as string[];
    return { text: `我们这里${pick(w)}的问题，还有${pick(w)}和${pick(w)}，希望尽快处理。`, label };
  });
}

const base = trainClassifier(make(150, 1), { calibrationFolds: 3 });
const elevator = { title: '电梯困人', text: '小区电梯经常困人，特种设备年检过期，电梯维保没人管。' };

test('the base model alone answers with its own class and the words behind it', () => {
  const s = combineClassSuggestion({ doc: elevator, base });
  assert.equal(s.status, 'confident');
  assert.equal(s.top[0]?.path, '商贸旅游');
  assert.ok(
    s.terms.some((t) => t.term === '电梯'),
    JSON.stringify(s.terms),
  );
  assert.match(s.message, /^建议归入“商贸旅游”/);
  assert.equal(s.top.length, 3);
});

test("the office's confirmed items win, down to the level the office filed them at", () => {
  const neighbours = [0.97, 0.93, 0.9].map((similarity, i) => ({
    itemId: `i${i}`,
    number: `2025-00${i}`,
    title: '电梯故障',
    classPath: '城乡建设/物业管理/物业服务质量',
    similarity,
  }));
  const s = combineClassSuggestion({ doc: elevator, base, neighbours });
  assert.equal(s.top[0]?.path, '城乡建设/物业管理/物业服务质量');
  assert.ok(
    s.top[0]!.reasons.some((r) => r.includes('3 件已确认的相似事项')),
    JSON.stringify(s.top[0]),
  );
  assert.equal(s.neighbours.length, 3);
  assert.ok(
    s.top.some((c) => c.path === '商贸旅游'),
    'the base answer stays among the three',
  );
  assert.ok((s.top[0]?.p ?? 0) < 1);
  // Weak neighbours are ignored.
  const weak = combineClassSuggestion({
    doc: elevator,
    base,
    neighbours: neighbours.map((n) => ({ ...n, similarity: 0.3 })),
  });
  assert.equal(weak.top[0]?.path, '商贸旅游');
});

test('out of scope unless the office knows the matter; empty text abstains', () => {
  const doc = { text: '低保申请被拒，困难家庭救助金没有发放，民政所不予答复。' };
  const alone = combineClassSuggestion({ doc, base });
  assert.equal(alone.status, 'out_of_scope', JSON.stringify(alone));
  assert.match(alone.message, /超出模型所学的 3 个大类/);
  const office = trainClassifier(
    make(200, 2, { ...TOPICS, '民政/社会救助': ['低保', '救助金', '困难家庭', '民政所', '特困供养'] }),
    { calibrationFolds: 3 },
  );
  const withOffice = combineClassSuggestion({ doc, base, office: { model: office } });
  assert.notEqual(withOffice.status, 'out_of_scope');
  assert.equal(withOffice.top[0]?.path, '民政/社会救助');
  assert.ok(withOffice.top[0]!.reasons.some((r) => r.startsWith('本单位模型')));
  assert.equal(combineClassSuggestion({ doc: { text: ' 。' }, base }).status, 'empty');
});

test('office labels fall back to the parent when a level is rare', () => {
  const paths = [...Array(12).fill('城乡建设/物业管理/物业收费'), '城乡建设/物业管理/车位车库', '民政'];
  const l = officeLabels(paths, 10);
  assert.equal(l[0], '城乡建设/物业管理/物业收费');
  assert.equal(l[12], '城乡建设/物业管理', 'a rare third level becomes its second level');
  assert.equal(l[13], '民政');
});

test('a candidate replaces the current model only when it is better on later items', () => {
  const dated: DatedSample[] = make(240, 5).map((s, i) => ({
    ...s,
    date: `2025-${String(1 + (i % 12)).padStart(2, '0')}-01`,
  }));
  const { train, test: later, cut } = timeSplit(dated, 0.75);
  assert.ok(train.every((t) => t.date <= cut) && later.every((t) => t.date >= cut));
  const good = trainClassifier(train, { calibrationFolds: 0 });
  const poor = trainClassifier(
    train.map((s, i) => ({ ...s, label: i % 2 ? s.label : '商贸旅游' })),
    { calibrationFolds: 0 },
  );
  const args = { test: later, trainItems: train.length, cut, at: '2025-12-01T00:00:00Z' };
  const up = evaluateCandidate({
    ...args,
    current: { name: 'base', model: poor },
    candidate: { name: 'new', model: good },
  });
  assert.equal(up.switch, true, up.reason);
  assert.ok(up.candidate.macroF1 > up.current.macroF1);
  const down = evaluateCandidate({
    ...args,
    current: { name: 'base', model: good },
    candidate: { name: 'new', model: poor },
  });
  assert.equal(down.switch, false);
  assert.match(down.reason, /保留当前模型/);
  const few = evaluateCandidate({
    ...args,
    test: later.slice(0, 5),
    current: { name: 'a', model: poor },
    candidate: { name: 'b', model: good },
  });
  assert.equal(few.switch, false);
  assert.match(few.reason, /至少 30 件/);
});
