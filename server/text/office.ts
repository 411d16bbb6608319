/**
 * "The office's own decisions win": combines the shipped base model (7 first-level classes) with what the
 * office has confirmed — its own model trained by `text train --from-db` (labels down to the second or third
 * level of the tree) and the nearest confirmed items of the similarity index — into one class suggestion that
 * says how sure it is and why. Also the time-split comparison that decides whether a newly trained office
 * model replaces the current one. Pure functions: the caller loads models, neighbours and items.
 */
import {
  explainPrediction,
  f1Report,
  predict,
  type ClassifierModel,
  type Prediction,
  type PredictionStatus,
  type Sample,
  type TermWeight,
} from './classifier.ts';
import { classLevels } from './routing.ts';

/** A confirmed earlier item close to the new text (from the similarity index). */
export interface ConfirmedNeighbour {
  itemId: string;
  number: string;
  title: string;
  /** The class the office confirmed ('城乡建设/物业管理/物业服务质量'). */
  classPath: string;
  /** Text similarity 0..1. */
  similarity: number;
  /** The unit the item was routed to (evidence for the unit suggestion), when known. */
  leadUnitId?: string | null;
}

/** One suggested class with its probability and the evidence behind it. */
export interface ClassCandidate {
  /** Path in the office's tree, as deep as the evidence allows. */
  path: string;
  p: number;
  /** Chinese notes, e.g. "基础模型 62%", "3 件已确认的相似事项归入此类". */
  reasons: string[];
}

/** The combined suggestion shown to the registrar. */
export interface ClassSuggestion {
  status: PredictionStatus;
  /** One line for the registrar: the answer, 不确定, or out of scope. */
  message: string;
  /** Up to three candidates, best first (empty when there is nothing to judge). */
  top: ClassCandidate[];
  /** Words of the text that weighed most for the best class (base or office model). */
  terms: TermWeight[];
  /** Confirmed items that back the suggestion. */
  neighbours: ConfirmedNeighbour[];
}

/** Inputs of {@link combineClassSuggestion}. */
export interface CombineInput {
  doc: { title?: string | null; text: string };
  base: ClassifierModel;
  /** The office's model and how much to trust it (default weight 1, the base model's). */
  office?: { model: ClassifierModel; weight?: number } | null;
  neighbours?: readonly ConfirmedNeighbour[];
  /** Neighbours below this similarity are ignored (default 0.5). */
  minSimilarity?: number;
}

type Dist = Map<string, number>;

const pct = (p: number): string => `${Math.round(p * 100)}%`;

function add(d: Dist, k: string, v: number): void {
  d.set(k, (d.get(k) ?? 0) + v);
}

function normalise(d: Dist): Dist {
  let z = 0;
  for (const v of d.values()) z += v;
  const out: Dist = new Map();
  if (z > 0) for (const [k, v] of d) out.set(k, v / z);
  return out;
}

function allScores(model: ClassifierModel, doc: CombineInput['doc']): Prediction {
  return predict(model, doc, model.labels.length);
}

/** Deepest child path of `prefix` whose conditional share (from `deep`) is at least one half. */
function descend(prefix: string, deep: Dist): { path: string; share: number } {
  let path = prefix;
  let share = 1;
  for (let level = prefix.split('/').length + 1; level <= 3; level++) {
    const child: Dist = new Map();
    let under = 0;
    for (const [k, v] of deep) {
      if (k !== path && !k.startsWith(`${path}/`)) continue;
      under += v;
      const lv = classLevels(k);
      if (lv.length >= level) add(child, lv[level - 1] as string, v);
    }
    if (under <= 0) break;
    const best = [...child.entries()].sort((a, b) => b[1] - a[1])[0];
    if (!best || best[1] / under < 0.5) break;
    share *= best[1] / under;
    path = best[0];
  }
  return { path, share };
}

/**
 * Combines base model, office model and confirmed neighbours. First-level classes are a weighted mixture of
 * the three (the neighbours weigh by similarity², up to three times the base model, so confirmed copies win);
 * below the first level only the office's evidence (its model and its neighbours) decides, and a level is
 * added only when at least half of that evidence agrees. The base model's 不确定 threshold applies to the
 * mixture; a text the base model finds out of scope stays so unless the office's evidence claims it.
 */
export function combineClassSuggestion(input: CombineInput): ClassSuggestion {
  const base = allScores(input.base, input.doc);
  if (base.status === 'empty')
    return { status: 'empty', message: '内容为空，无法给出分类建议', top: [], terms: [], neighbours: [] };
  const minSim = input.minSimilarity ?? 0.5;
  const neighbours = (input.neighbours ?? [])
    .filter((n) => n.similarity >= minSim && n.classPath)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, 5);
  const level1: Dist = new Map();
  const deep: Dist = new Map();
  const why = new Map<string, string[]>();
  const note = (l1: string, s: string): void => {
    const a = why.get(l1) ?? [];
    a.push(s);
    why.set(l1, a);
  };
  const baseKnown = base.status !== 'out_of_scope';
  const wb = baseKnown ? 1 : 0.5;
  for (const s of base.scores) {
    const l1 = classLevels(s.label)[0] as string;
    add(level1, l1, wb * s.p);
    if (s.p >= 0.05) note(l1, `基础模型 ${pct(s.p)}`);
  }
  let office: Prediction | null = null;
  let wo = 0;
  if (input.office) {
    office = allScores(input.office.model, input.doc);
    wo = (input.office.weight ?? 1) * (office.status === 'out_of_scope' ? 0.5 : 1);
    const byL1: Dist = new Map();
    for (const s of office.scores) {
      const l1 = classLevels(s.label)[0] as string;
      add(level1, l1, wo * s.p);
      add(byL1, l1, s.p);
      add(deep, s.label, wo * s.p);
    }
    for (const [l1, p] of byL1) if (p >= 0.05) note(l1, `本单位模型 ${pct(p)}`);
  }
  let wn = 0;
  if (neighbours.length) {
    const votes: Dist = new Map();
    let mass = 0;
    for (const n of neighbours) {
      const w = n.similarity ** 2;
      mass += w;
      add(votes, classLevels(n.classPath)[0] as string, w);
      add(deep, n.classPath, 2 * w);
    }
    wn = Math.min(3, 1.5 * mass);
    for (const [l1, v] of votes) {
      add(level1, l1, (wn * v) / mass);
      const k = neighbours.filter((n) => n.classPath.startsWith(l1)).length;
      note(l1, `${k} 件已确认的相似事项归入此类`);
    }
  }
  const mix = normalise(level1);
  const ranked = [...mix.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 3);
  const top: ClassCandidate[] = ranked.map(([l1, p]) => {
    const d = descend(l1, deep);
    return { path: d.path, p: Math.round(p * d.share * 1000) / 1000, reasons: why.get(l1) ?? [] };
  });
  const best = top[0] as ClassCandidate;
  const bestL1 = classLevels(best.path)[0] as string;
  const officeClaims =
    (wn > 0 && neighbours.some((n) => n.classPath.startsWith(bestL1) && n.similarity >= 0.6)) ||
    (office !== null && office.status !== 'out_of_scope');
  let status: PredictionStatus;
  if (!baseKnown && !officeClaims) status = 'out_of_scope';
  else status = (mix.get(bestL1) as number) < input.base.confidentAt ? 'uncertain' : 'confident';
  const explainer =
    office && input.office?.model.labels.some((l) => l.startsWith(bestL1))
      ? { model: input.office.model, label: office.scores.find((s) => s.label.startsWith(bestL1))?.label ?? '' }
      : { model: input.base, label: input.base.labels.find((l) => l.startsWith(bestL1)) ?? '' };
  const terms = explainer.label ? explainPrediction(explainer.model, input.doc, explainer.label, 6) : [];
  const message =
    status === 'out_of_scope'
      ? `内容可能超出模型所学的 ${input.base.labels.length} 个大类（${input.base.labels.join('、')}），请人工选择分类`
      : status === 'uncertain'
        ? '把握不足：最可能是以下三类之一，请人工确认'
        : `建议归入“${best.path}”（${pct(best.p)}）`;
  return {
    status,
    message,
    top,
    terms,
    neighbours: neighbours.filter((n) => n.classPath.startsWith(bestL1)),
  };
}

/**
 * Office training labels: each confirmed path cut to the deepest level (at most three) that has at least
 * `minPerLabel` (default 10) samples, so that rare third-level classes fall back to their parent.
 */
export function officeLabels(paths: readonly string[], minPerLabel = 10): string[] {
  const n = new Map<string, number>();
  for (const p of paths) for (const l of classLevels(p)) n.set(l, (n.get(l) ?? 0) + 1);
  return paths.map((p) => {
    const lv = classLevels(p);
    for (let i = lv.length - 1; i > 0; i--) if ((n.get(lv[i] as string) ?? 0) >= minPerLabel) return lv[i] as string;
    return lv[0] ?? p;
  });
}

/** A dated, confirmed item used to compare models. */
export interface DatedSample extends Sample {
  /** Registration date (ISO). */
  date: string;
}

/** The JSON record of a model comparison, kept for the administrator. */
export interface ModelEvaluation {
  at: string;
  /** Items before `cut` trained the candidate; items from `cut` on tested both models. */
  cut: string;
  trainItems: number;
  testItems: number;
  current: { name: string; macroF1: number; accuracy: number };
  candidate: { name: string; macroF1: number; accuracy: number };
  /** Minimum gain in first-level macro-F1 required to switch. */
  margin: number;
  switch: boolean;
  reason: string;
}

/** Splits dated samples in time: the oldest `share` (default 0.8) train, the rest test. */
export function timeSplit<T extends { date: string }>(
  items: readonly T[],
  share = 0.8,
): { train: T[]; test: T[]; cut: string } {
  const s = [...items].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const k = Math.max(1, Math.min(s.length - 1, Math.floor(s.length * share)));
  return { train: s.slice(0, k), test: s.slice(k), cut: s[k]?.date ?? '' };
}

/**
 * Compares a candidate office model with the current one on the test part of a time split, at the first
 * level (the level both models know) and, for the record, at the candidate's own level. Switch only when the
 * candidate's first-level macro-F1 beats the current model's by at least `margin` (default 0.005) on at
 * least 30 test items.
 */
export function evaluateCandidate(input: {
  current: { name: string; model: ClassifierModel };
  candidate: { name: string; model: ClassifierModel };
  test: readonly DatedSample[];
  trainItems: number;
  cut: string;
  at: string;
  margin?: number;
}): ModelEvaluation {
  const margin = input.margin ?? 0.005;
  const gold = input.test.map((s) => classLevels(s.label)[0] as string);
  const first = (m: ClassifierModel) => input.test.map((s) => classLevels(predict(m, s, 1).label)[0] ?? '');
  const cur = f1Report(gold, first(input.current.model));
  const cand = f1Report(gold, first(input.candidate.model));
  const enough = input.test.length >= 30;
  const better = cand.macroF1 >= cur.macroF1 + margin;
  const r3 = (x: number) => Math.round(x * 10000) / 10000;
  const reason = !enough
    ? `测试事项只有 ${input.test.length} 件（至少 30 件），保留当前模型`
    : better
      ? `新模型一级分类宏平均 F1 ${r3(cand.macroF1)} 高于当前模型 ${r3(cur.macroF1)}，切换`
      : `新模型一级分类宏平均 F1 ${r3(cand.macroF1)} 未比当前模型 ${r3(cur.macroF1)} 高出 ${margin}，保留当前模型`;
  return {
    at: input.at,
    cut: input.cut,
    trainItems: input.trainItems,
    testItems: input.test.length,
    current: { name: input.current.name, macroF1: r3(cur.macroF1), accuracy: r3(cur.accuracy) },
    candidate: { name: input.candidate.name, macroF1: r3(cand.macroF1), accuracy: r3(cand.accuracy) },
    margin,
    switch: enough && better,
    reason,
  };
}
