/**
 * Petition content classifier: hashed TF-IDF over jieba words and character
 * n-grams (title weighted), one-vs-rest L2-loss linear SVM trained by dual
 * coordinate descent with class-balanced costs, and softmax probabilities whose
 * temperature is fitted on internal cross-validated decision values.
 *
 * Works with any label set: first-level classes ('城乡建设') or second-level
 * codes ('城乡建设/物业管理').
 */
import { computeIdf, DEFAULT_FEATURES, rawCounts, vectorize, type FeatureOptions, type SparseVec } from './features.ts';
import { dot, fitTemperature, rng, softmax, trainBinarySvm } from './linear.ts';

export { serializeModel, deserializeModel, saveModel, loadModel } from './model-io.ts';

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

/** Training options; every field has a tuned default. */
export interface TrainOptions {
  /** SVM inverse regularisation (default 1). */
  C?: number;
  /** Drop hashed features seen in fewer documents (default 3; 1 for tiny sets). */
  minDf?: number;
  /** Exponent of the class-balancing cost (N/(K·n_c))^balance (default 1; 0 = unweighted). */
  balance?: number;
  /** Maximum solver passes (default 30). */
  maxIter?: number;
  /** Internal folds used to fit the softmax temperature (default 3; 0 = fixed temperature 0.3). */
  calibrationFolds?: number;
  /** Feature extraction overrides applied to every ensemble member. */
  features?: Partial<FeatureOptions>;
  /**
   * Ensemble members, each a feature view with its own SVM and temperature;
   * their calibrated probabilities are averaged. Default: {@link DEFAULT_MEMBERS}.
   */
  members?: Partial<FeatureOptions>[];
  /** Seed for shuffles (default 1). */
  seed?: number;
  /** Progress callback: called after each trained binary model. */
  onProgress?: (done: number, total: number, stage: string) => void;
}

/**
 * Default ensemble: (A) jieba words + character 1–2-grams, (B) character
 * 1–3-grams only. In grouped 5-fold CV on the training file the average of
 * their calibrated probabilities beats either member alone by ~0.5 macro-F1 points.
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
  /** Softmax temperature applied to decision values. */
  temperature: number;
}

/** A trained classifier: an ensemble of calibrated linear members sharing one label set. */
export interface ClassifierModel {
  version: 2;
  labels: string[];
  members: MemberModel[];
  /** Number of training samples and ISO time of training. */
  samples: number;
  trainedAt: string;
}

/** Prediction result: best label and the top-k labels with probabilities. */
export interface Prediction {
  label: string;
  scores: { label: string; p: number }[];
}

type Counts = ReturnType<typeof rawCounts>;

function resolved(opts: TrainOptions, n: number, member: Partial<FeatureOptions> = {}) {
  return {
    C: opts.C ?? 1,
    minDf: opts.minDf ?? (n < 200 ? 1 : 3),
    balance: opts.balance ?? 1,
    maxIter: opts.maxIter ?? 30,
    calibrationFolds: opts.calibrationFolds ?? 3,
    features: { ...DEFAULT_FEATURES, ...member, ...opts.features },
    seed: opts.seed ?? 1,
  };
}

/** Trains the OvR SVMs on precomputed counts; returns weights and biases. */
function fitCore(
  counts: Counts[],
  gold: number[],
  nLabels: number,
  r: ReturnType<typeof resolved>,
  progress?: (stage: string) => void,
): { idf: Float32Array; weights: Float32Array[]; bias: number[] } {
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

function decision(x: SparseVec, weights: Float32Array[], bias: number[]): number[] {
  return weights.map((w, c) => dot(x, w) + (bias[c] as number));
}

/**
 * Trains a classifier. Labels are taken from the samples (any strings);
 * at least two distinct labels are required.
 */
export function trainClassifier(samples: Sample[], opts: TrainOptions = {}): ClassifierModel {
  const labels = [...new Set(samples.map((s) => s.label))].sort();
  if (labels.length < 2) throw new Error('训练数据至少需要两个不同的类别');
  const index = new Map(labels.map((l, i) => [l, i]));
  const gold = samples.map((s) => index.get(s.label) as number);
  const specs = opts.members ?? DEFAULT_MEMBERS;
  const base = resolved(opts, samples.length);
  const folds = samples.length >= 50 ? base.calibrationFolds : 0;
  const total = specs.length * labels.length * (1 + folds);
  let done = 0;
  const tick = (stage: string): void => opts.onProgress?.(++done, total, stage);
  opts.onProgress?.(0, total, 'features');
  const rand = rng(base.seed * 7919);
  const fold = samples.map(() => Math.floor(rand() * Math.max(1, folds)));
  const members: MemberModel[] = specs.map((spec) => {
    const r = resolved(opts, samples.length, spec);
    const counts = samples.map((s) => rawCounts(s, r.features));
    let temperature = 0.3;
    if (folds > 1) {
      const oofScores: number[][] = [];
      const oofGold: number[] = [];
      for (let f = 0; f < folds; f++) {
        const tr = [...samples.keys()].filter((i) => fold[i] !== f);
        const te = [...samples.keys()].filter((i) => fold[i] === f);
        const m = fitCore(
          tr.map((i) => counts[i] as Counts),
          tr.map((i) => gold[i] as number),
          labels.length,
          r,
          tick,
        );
        for (const i of te) {
          const x = vectorize(counts[i] as Counts, (k) => m.idf[k] as number, r.features);
          oofScores.push(decision(x, m.weights, m.bias));
          oofGold.push(gold[i] as number);
        }
      }
      temperature = fitTemperature(oofScores, oofGold);
    }
    const core = fitCore(counts, gold, labels.length, r, (s) => tick(s + '-final'));
    return { features: r.features, idf: core.idf, weights: core.weights, bias: core.bias, temperature };
  });
  return { version: 2, labels, members, samples: samples.length, trainedAt: new Date().toISOString() };
}

/** Calibrated probabilities for every label of the model (same order as `model.labels`). */
export function predictProba(model: ClassifierModel, doc: Doc): number[] {
  const out = new Array<number>(model.labels.length).fill(0);
  for (const m of model.members) {
    const x = vectorize(rawCounts(doc, m.features), (k) => m.idf[k] as number, m.features);
    const p = softmax(decision(x, m.weights, m.bias), m.temperature);
    for (let c = 0; c < out.length; c++) out[c] = (out[c] as number) + (p[c] as number) / model.members.length;
  }
  return out;
}

/**
 * Classifies one document: best label plus the `topK` (default 3) labels with
 * calibrated probabilities, highest first.
 */
export function predict(model: ClassifierModel, doc: Doc, topK = 3): Prediction {
  const p = predictProba(model, doc);
  const ranked = model.labels
    .map((label, i) => ({ label, p: Math.round((p[i] as number) * 10000) / 10000 }))
    .sort((a, b) => b.p - a.p);
  return { label: (ranked[0] as { label: string }).label, scores: ranked.slice(0, topK) };
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
