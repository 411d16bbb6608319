import { mulberry32 } from '../../contract/prng.ts';
/**
 * Linear models on sparse vectors, trained in TypeScript:
 * L2-regularised squared-hinge SVM by dual coordinate descent (the LIBLINEAR
 * algorithm, Hsieh et al. 2008) for one-vs-rest multi-class, and a
 * temperature fit for softmax calibration.
 */
import type { SparseVec } from './features.ts';

/** A binary linear model: dense weights over the hashed space plus a bias. */
export interface BinaryModel {
  w: Float32Array;
  b: number;
}

/** Options of the dual coordinate descent solver. */
export interface SvmOptions {
  /** Inverse regularisation strength. */
  C: number;
  /** Maximum passes over the data. */
  maxIter: number;
  /** Stopping tolerance on the projected-gradient spread. */
  eps: number;
  /** Value of the constant bias feature. */
  bias: number;
  /** Seed for the visiting order. */
  seed: number;
  /** Per-sample cost multipliers (class weighting), optional. */
  costs?: Float32Array;
}

/** Small deterministic PRNG (mulberry32). */
export const rng = mulberry32;

/** Dot product of a sparse vector with dense weights. */
export function dot(x: SparseVec, w: Float32Array | Float64Array): number {
  let s = 0;
  const idx = x.idx;
  const val = x.val;
  for (let j = 0; j < idx.length; j++) s += (val[j] as number) * (w[idx[j] as number] as number);
  return s;
}

/**
 * Trains a binary L2-loss SVM (labels y ∈ {+1,−1}) by dual coordinate descent.
 * `dim` is the size of the hashed space.
 */
export function trainBinarySvm(xs: SparseVec[], y: Int8Array, dim: number, opts: SvmOptions): BinaryModel {
  const n = xs.length;
  const w = new Float64Array(dim);
  let b = 0;
  const B = opts.bias;
  const alpha = new Float64Array(n);
  const diag = new Float64Array(n);
  const qd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ci = opts.C * (opts.costs ? (opts.costs[i] as number) : 1);
    diag[i] = 0.5 / ci;
    let s = B * B;
    const v = (xs[i] as SparseVec).val;
    for (let j = 0; j < v.length; j++) s += (v[j] as number) * (v[j] as number);
    qd[i] = s + (diag[i] as number);
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const rand = rng(opts.seed);
  for (let iter = 0; iter < opts.maxIter; iter++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
    let maxPG = -Infinity;
    let minPG = Infinity;
    for (let oi = 0; oi < n; oi++) {
      const i = order[oi] as number;
      const x = xs[i] as SparseVec;
      const yi = y[i] as number;
      const ai = alpha[i] as number;
      const G = yi * (dot(x, w) + b * B) - 1 + ai * (diag[i] as number);
      const PG = ai === 0 ? Math.min(G, 0) : G;
      if (PG > maxPG) maxPG = PG;
      if (PG < minPG) minPG = PG;
      if (Math.abs(PG) > 1e-12) {
        const na = Math.max(ai - G / (qd[i] as number), 0);
        const d = (na - ai) * yi;
        alpha[i] = na;
        const idx = x.idx;
        const val = x.val;
        for (let j = 0; j < idx.length; j++) {
          const k = idx[j] as number;
          w[k] = (w[k] as number) + d * (val[j] as number);
        }
        b += d * B;
      }
    }
    if (maxPG - minPG < opts.eps) break;
  }
  return { w: Float32Array.from(w), b: b * B };
}

/** Softmax of scores divided by temperature `t`. */
export function softmax(scores: ArrayLike<number>, t: number): number[] {
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) max = Math.max(max, (scores[i] as number) / t);
  const e: number[] = [];
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    const v = Math.exp((scores[i] as number) / t - max);
    e.push(v);
    sum += v;
  }
  return e.map((v) => v / sum);
}

/**
 * Fits the softmax temperature minimising log-loss of held-out decision
 * values (golden-section search on log t).
 */
export function fitTemperature(scores: number[][], gold: number[]): number {
  const loss = (t: number): number => {
    let l = 0;
    for (let i = 0; i < scores.length; i++) {
      const p = softmax(scores[i] as number[], t)[gold[i] as number] as number;
      l -= Math.log(Math.max(p, 1e-12));
    }
    return l;
  };
  let lo = Math.log(0.01);
  let hi = Math.log(10);
  const g = (Math.sqrt(5) - 1) / 2;
  let a = hi - g * (hi - lo);
  let c = lo + g * (hi - lo);
  let fa = loss(Math.exp(a));
  let fc = loss(Math.exp(c));
  for (let k = 0; k < 40; k++) {
    if (fa < fc) {
      hi = c;
      c = a;
      fc = fa;
      a = hi - g * (hi - lo);
      fa = loss(Math.exp(a));
    } else {
      lo = a;
      a = c;
      fa = fc;
      c = lo + g * (hi - lo);
      fc = loss(Math.exp(c));
    }
  }
  return Math.exp((lo + hi) / 2);
}
