/**
 * Petition content classifier: hashed TF-IDF over jieba words and character
 * n-grams (title weighted), one-vs-rest L2-loss linear SVMs trained by dual
 * coordinate descent with class-balanced costs.
 *
 * Honest confidence: internal (group-aware when groups are given) out-of-fold
 * decision values fit one softmax temperature for the members' mean decision,
 * the probability under which a suggestion is 不确定, and the margin under
 * which a text is out of scope (no one-vs-rest model claims it).
 *
 * Works with any label set: first-level classes ('城乡建设') or deeper codes ('城乡建设/物业管理').
 */
import { computeIdf, DEFAULT_FEATURES, rawCounts, vectorize, type FeatureOptions, type SparseVec } from './features.ts';
import { dot, fitTemperature, rng, softmax, trainBinarySvm } from './linear.ts';
import { isContentChar, normalizeText } from './segment.ts';

export { serializeModel, deserializeModel, saveModel, loadModel } from './model-io.ts';
export { explainPrediction, type TermWeight } from './explain.ts';

/** One labelled training sample. */
export interface Sample {
  title?: string | null;
  text: string;
  label: string;
}

/** A document to classify. */
export interface Doc {
  title?: string | null;
  text: string;
}

/** Training options; every field has a default chosen by grouped cross-validation on the training file. */
export interface TrainOptions {
  /** SVM inverse regularisation (default 1). */
  C?: number;
  /** Drop hashed features seen in fewer documents (default 3; 1 for tiny sets). */
  minDf?: number;
  /** Exponent of the class-balancing cost (N/(K·n_c))^balance (default 1; 0 = unweighted). */
  balance?: number;
  /** Maximum solver passes (default 30). */
  maxIter?: number;
  /** Internal folds for calibration, the 不确定 threshold and the out-of-scope margin (default 3; 0 = none). */
  calibrationFolds?: number;
  /** Group of each sample (e.g. re-posted copies): a group stays in one internal fold. */
  groups?: readonly string[];
  /** Share of in-scope texts allowed to be flagged out of scope (default 0.05). */
  oodFalseAlarm?: number;
  /** Accuracy the confident suggestions must reach on the internal folds (default 0.95). */
  confidentPrecision?: number;
  /** Feature extraction overrides applied to every ensemble member. */
  features?: Partial<FeatureOptions>;
  /** Ensemble members, each a feature view with its own SVMs. Default: {@link DEFAULT_MEMBERS}. */
  members?: Partial<FeatureOptions>[];
  /** Seed for shuffles (default 1). */
  seed?: number;
  /** Progress callback: called after each trained binary model. */
  onProgress?: (done: number, total: number, stage: string) => void;
}

/**
 * Default ensemble: (A) jieba words + character 1–2-grams, (B) character 1–3-grams only; their decision values
 * are averaged.
 */
export const DEFAULT_MEMBERS: Partial<FeatureOptions>[] = [{}, { wordBlockWeight: 0, maxCharN: 3 }];

/** One ensemble member: a linear model over one feature view (dense weights over the hashed space). */
export interface MemberModel {
  features: FeatureOptions;
  /** IDF per hashed feature; 0 = feature not used. */
  idf: Float32Array;
  /** One weight vector per label (same order as `labels`). */
  weights: Float32Array[];
  bias: number[];
}

/** A trained classifier: an ensemble of linear members sharing one label set, with its calibration. */
export interface ClassifierModel {
  version: 3;
  labels: string[];
  members: MemberModel[];
  /** Softmax temperature applied to the members' mean decision values. */
  temperature: number;
  /** Top probability below which a suggestion is 不确定 (0 = always confident). */
  confidentAt: number;
  /** Top mean decision value below which a text is out of the model's scope (null = never). */
  oodBelow: number | null;
  /** Number of training samples and ISO time of training. */
  samples: number;
  trainedAt: string;
}

/** Why a suggestion is not a plain answer. */
export type PredictionStatus = 'confident' | 'uncertain' | 'out_of_scope' | 'empty';

/** Prediction result: best label, the top-k labels with calibrated probabilities and the status. */
export interface Prediction {
  /** Best label ('' when the text is empty). */
  label: string;
  scores: { label: string; p: number }[];
  status: PredictionStatus;
  /** Mean one-vs-rest decision value of the best label (the out-of-scope signal). */
  margin: number;
}

type Counts = ReturnType<typeof rawCounts>;

function resolved(opts: TrainOptions, n: number, member: Partial<FeatureOptions> = {}) {
  return {
    C: opts.C ?? 1,
    minDf: opts.minDf ?? (n < 200 ? 1 : 3),
    balance: opts.balance ?? 1,
    maxIter: opts.maxIter ?? 30,
    features: { ...DEFAULT_FEATURES, ...member, ...opts.features },
    seed: opts.seed ?? 1,
  };
}

/** Trains the OvR SVMs of one member on precomputed counts. */
function fitCore(
  counts: Counts[],
  gold: number[],
  nLabels: number,
  r: ReturnType<typeof resolved>,
  progress?: (stage: string) => void,
): Omit<MemberModel, 'features'> {
  const fo = r.features;
  const idf = computeIdf(counts, fo.bits, r.minDf);
  const X: SparseVec[] = counts.map((c) => vectorize(c, (k) => idf[k] as number, fo));
  const perClass = new Array<number>(nLabels).fill(0);
  for (const g of gold) perClass[g] = (perClass[g] as number) + 1;
  const costs = Float32Array.from(
    gold,
    (g) => (gold.length / nLabels / Math.max(1, perClass[g] as number)) ** r.balance,
  );
  const weights: Float32Array[] = [];
  const bias: number[] = [];
  for (let c = 0; c < nLabels; c++) {
    const y = Int8Array.from(gold, (g) => (g === c ? 1 : -1));
    const m = trainBinarySvm(X, y, 1 << fo.bits, {
      C: r.C,
      maxIter: r.maxIter,
      eps: 0.1,
      bias: 1,
      seed: r.seed + c,
      costs,
    });
    weights.push(m.w);
    bias.push(m.b);
    progress?.('svm');
  }
  return { idf, weights, bias };
}

function memberDecision(m: Omit<MemberModel, 'features'>, x: SparseVec): number[] {
  return m.weights.map((w, c) => dot(x, w) + (m.bias[c] as number));
}

/** True when a text has no content character at all (empty, whitespace, punctuation). */
export function isEmptyText(doc: Doc): boolean {
  const s = normalizeText(`${doc.title ?? ''} ${doc.text ?? ''}`);
  for (let i = 0; i < s.length; i++) if (isContentChar(s.charCodeAt(i))) return false;
  return true;
}

/** Internal fold of each sample: random, or by group so that copies share a fold. */
function internalFolds(n: number, k: number, seed: number, groups?: readonly string[]): number[] {
  const rand = rng(seed * 7919);
  if (!groups) return Array.from({ length: n }, () => Math.floor(rand() * k));
  const of = new Map<string, number>();
  return Array.from({ length: n }, (_, i) => {
    const g = groups[i] ?? String(i);
    let f = of.get(g);
    if (f === undefined) {
      f = Math.floor(rand() * k);
      of.set(g, f);
    }
    return f;
  });
}

/** Smallest threshold t such that predictions with top probability ≥ t are right at least `target` of the time. */
export function confidenceThreshold(top: number[], right: boolean[], target: number): number {
  const order = top.map((_, i) => i).sort((a, b) => (top[b] as number) - (top[a] as number));
  let ok = 0;
  let best = 1;
  order.forEach((i, rank) => {
    if (right[i]) ok++;
    // Only thresholds backed by a reasonable number of predictions count.
    if (rank >= 20 && ok / (rank + 1) >= target) best = top[i] as number;
  });
  return best;
}

/** The `q` quantile (0..1) of values (linear interpolation). */
export function quantile(values: number[], q: number): number {
  if (!values.length) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const pos = Math.min(s.length - 1, Math.max(0, q * (s.length - 1)));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}

/** Out-of-fold results of the internal calibration folds (also used by the bench). */
export interface OutOfFold {
  scores: number[][];
  gold: number[];
}

/**
 * Trains a classifier. Labels are taken from the samples (any strings); at least two distinct labels are
 * required.
 */
export function trainClassifier(samples: Sample[], opts: TrainOptions = {}): ClassifierModel & { oof?: OutOfFold } {
  const labels = [...new Set(samples.map((s) => s.label))].sort();
  if (labels.length < 2) throw new Error('训练数据至少需要两个不同的类别');
  const index = new Map(labels.map((l, i) => [l, i]));
  const gold = samples.map((s) => index.get(s.label) as number);
  const specs = opts.members ?? DEFAULT_MEMBERS;
  const base = resolved(opts, samples.length);
  const folds = samples.length >= 50 ? (opts.calibrationFolds ?? 3) : 0;
  const total = specs.length * labels.length * (1 + (folds > 1 ? folds : 0));
  let done = 0;
  const tick = (stage: string): void => opts.onProgress?.(++done, total, stage);
  opts.onProgress?.(0, total, 'features');
  const fold = internalFolds(samples.length, Math.max(1, folds), base.seed, opts.groups);
  const oofScores: number[][] = samples.map(() => new Array<number>(labels.length).fill(0));
  const members: MemberModel[] = specs.map((spec) => {
    const r = resolved(opts, samples.length, spec);
    const counts = samples.map((s) => rawCounts(s, r.features));
    if (folds > 1) {
      for (let f = 0; f < folds; f++) {
        const tr = [...samples.keys()].filter((i) => fold[i] !== f);
        const m = fitCore(
          tr.map((i) => counts[i] as Counts),
          tr.map((i) => gold[i] as number),
          labels.length,
          r,
          tick,
        );
        for (let i = 0; i < samples.length; i++) {
          if (fold[i] !== f) continue;
          const x = vectorize(counts[i] as Counts, (k) => m.idf[k] as number, r.features);
          const d = memberDecision(m, x);
          const acc = oofScores[i] as number[];
          for (let c = 0; c < d.length; c++) acc[c] = (acc[c] as number) + (d[c] as number) / specs.length;
        }
      }
    }
    const core = fitCore(counts, gold, labels.length, r, (s) => tick(`${s}-final`));
    return { features: r.features, ...core };
  });
  let temperature = 0.3;
  let confidentAt = 0;
  let oodBelow: number | null = null;
  if (folds > 1) {
    temperature = fitTemperature(oofScores, gold);
    const top: number[] = [];
    const right: boolean[] = [];
    const margins: number[] = [];
    oofScores.forEach((s, i) => {
      const p = softmax(s, temperature);
      let b = 0;
      for (let c = 1; c < p.length; c++) if ((p[c] as number) > (p[b] as number)) b = c;
      top.push(p[b] as number);
      right.push(b === gold[i]);
      margins.push(s[b] as number);
    });
    confidentAt = confidenceThreshold(top, right, opts.confidentPrecision ?? 0.95);
    oodBelow = quantile(margins, opts.oodFalseAlarm ?? 0.05);
  }
  const model: ClassifierModel & { oof?: OutOfFold } = {
    version: 3,
    labels,
    members,
    temperature,
    confidentAt,
    oodBelow,
    samples: samples.length,
    trainedAt: new Date().toISOString(),
  };
  if (folds > 1) Object.defineProperty(model, 'oof', { value: { scores: oofScores, gold }, enumerable: false });
  return model;
}

/**
 * Weights of the used features packed row by row (one row per feature, one column per label): one cache line per
 * feature.
 */
interface Packed {
  row: Int32Array;
  w: Float32Array;
}
const packedCache = new WeakMap<MemberModel, Packed>();

function packed(m: MemberModel): Packed {
  let p = packedCache.get(m);
  if (p) return p;
  const k = m.weights.length;
  const row = new Int32Array(m.idf.length).fill(-1);
  let n = 0;
  for (let i = 0; i < m.idf.length; i++) if ((m.idf[i] as number) > 0) row[i] = n++;
  const w = new Float32Array(n * k);
  for (let i = 0; i < m.idf.length; i++) {
    const r = row[i] as number;
    if (r < 0) continue;
    for (let c = 0; c < k; c++) w[r * k + c] = (m.weights[c] as Float32Array)[i] as number;
  }
  p = { row, w };
  packedCache.set(m, p);
  return p;
}

/** Mean one-vs-rest decision values of the members for a document (same order as `model.labels`). */
export function decisionValues(model: ClassifierModel, doc: Doc): number[] {
  const k = model.labels.length;
  const out = new Array<number>(k).fill(0);
  for (const m of model.members) {
    const x = vectorize(rawCounts(doc, m.features), (i) => m.idf[i] as number, m.features);
    const { row, w } = packed(m);
    const d = m.bias.slice();
    for (let j = 0; j < x.idx.length; j++) {
      const r = row[x.idx[j] as number] as number;
      if (r < 0) continue;
      const v = x.val[j] as number;
      const base = r * k;
      for (let c = 0; c < k; c++) d[c] = (d[c] as number) + v * (w[base + c] as number);
    }
    for (let c = 0; c < k; c++) out[c] = (out[c] as number) + (d[c] as number) / model.members.length;
  }
  return out;
}

/** Calibrated probabilities for every label of the model (same order as `model.labels`). */
export function predictProba(model: ClassifierModel, doc: Doc): number[] {
  return softmax(decisionValues(model, doc), model.temperature);
}

/**
 * Classifies one document: best label, the `topK` (default 3) labels with calibrated probabilities (highest
 * first) and the status: `empty` (nothing to judge: no label), `out_of_scope` (no class of the model claims
 * it), `uncertain` (top probability under the model's threshold), else `confident`.
 */
export function predict(model: ClassifierModel, doc: Doc, topK = 3): Prediction {
  if (isEmptyText(doc)) return { label: '', scores: [], status: 'empty', margin: 0 };
  const d = decisionValues(model, doc);
  const p = softmax(d, model.temperature);
  const ranked = model.labels
    .map((label, i) => ({ label, p: Math.round((p[i] as number) * 10000) / 10000, d: d[i] as number }))
    .sort((a, b) => b.p - a.p);
  const best = ranked[0] as { label: string; p: number; d: number };
  const status: PredictionStatus =
    model.oodBelow != null && best.d < model.oodBelow
      ? 'out_of_scope'
      : best.p < model.confidentAt
        ? 'uncertain'
        : 'confident';
  return {
    label: best.label,
    scores: ranked.slice(0, topK).map(({ label, p: q }) => ({ label, p: q })),
    status,
    margin: Math.round(best.d * 1000) / 1000,
  };
}

/** Macro/per-class F1 and accuracy from gold and predicted labels. */
export function f1Report(
  gold: string[],
  pred: string[],
): { macroF1: number; accuracy: number; perClass: Record<string, number> } {
  const labels = [...new Set(gold)].sort();
  const perClass: Record<string, number> = {};
  for (const l of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (pred[i] === l && gold[i] === l) tp++;
      else if (pred[i] === l) fp++;
      else if (gold[i] === l) fn++;
    }
    perClass[l] = tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  const vals = Object.values(perClass);
  const ok = gold.filter((g, i) => g === pred[i]).length;
  return { macroF1: vals.reduce((a, b) => a + b, 0) / vals.length, accuracy: ok / gold.length, perClass };
}

/**
 * Expected calibration error of top-label probabilities: the bin-size-weighted mean gap between confidence and
 * accuracy over `bins` equal-width bins (default 10).
 */
export function expectedCalibrationError(top: number[], right: boolean[], bins = 10): number {
  const n = new Array<number>(bins).fill(0);
  const conf = new Array<number>(bins).fill(0);
  const acc = new Array<number>(bins).fill(0);
  top.forEach((p, i) => {
    const b = Math.min(bins - 1, Math.floor(p * bins));
    n[b] = (n[b] as number) + 1;
    conf[b] = (conf[b] as number) + p;
    acc[b] = (acc[b] as number) + (right[i] ? 1 : 0);
  });
  let e = 0;
  for (let b = 0; b < bins; b++) if (n[b]) e += Math.abs((conf[b] as number) - (acc[b] as number));
  return top.length ? e / top.length : 0;
}

/**
 * Assigns samples to k folds, stratified by label and keeping every `group`
 * (e.g. dup_group: re-posted copies) inside one fold so that no copy of a
 * test message is seen in training.
 */
export function groupFolds(labels: string[], groups: string[], k: number, seed = 42): number[] {
  const byGroup = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const a = byGroup.get(g);
    if (a) a.push(i);
    else byGroup.set(g, [i]);
  });
  const rand = rng(seed);
  const gl = [...byGroup.values()].map((v) => ({ v, key: rand(), lab: labels[v[0] as number] as string }));
  gl.sort((a, b) => (a.lab < b.lab ? -1 : a.lab > b.lab ? 1 : a.key - b.key));
  const fold = new Array<number>(labels.length).fill(0);
  gl.forEach((g, j) => {
    for (const i of g.v) fold[i] = j % k;
  });
  return fold;
}
