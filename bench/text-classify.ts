/**
 * Classifier part of the text bench. Honest validation on the training file:
 *  - a held-out slice (15 % of dup_groups, chosen by a hash of the group id) that no choice of features or
 *    hyper-parameters ever looked at;
 *  - grouped, stratified 5-fold CV on the rest (each dup_group in one fold);
 * each with the plain baseline (word TF-IDF + linear SVM, no title weight, no class balancing) trained and
 * scored in the same run; calibration error (ECE) of the product's probabilities on the outer folds; the
 * 不确定 share and the accuracy of the confident suggestions; out-of-scope detection by leaving one class out
 * in turn (train on 6, detection rate on the 7th, false alarms on in-scope held-out messages) against the
 * max-probability rule at the same false-alarm target; speed, training time and model size.
 */
import { existsSync, statSync } from 'node:fs';
import {
  expectedCalibrationError,
  f1Report,
  groupFolds,
  predict,
  predictProba,
  quantile,
  serializeModel,
  trainClassifier,
  type ClassifierModel,
  type Sample,
} from '../server/text/classifier.ts';
import { hashString } from '../server/text/features.ts';
import { softmax } from '../server/text/linear.ts';

/** A row of the training file. */
export interface TeddyRow {
  id: string;
  title?: string | null;
  text: string;
  time?: string | null;
  label: string;
  dup_group?: string | null;
}

type Emit = (name: string, value: number, unit: string, baseline?: number | null) => void;

/** Plain baseline: one word-unigram TF-IDF linear SVM, no title weight, no class balancing. */
const PLAIN = {
  members: [{ charBlockWeight: 0, titleWeight: 1, wordBlockWeight: 1 }],
  balance: 0,
  minDf: 2,
  calibrationFolds: 0,
};

/** True for rows of the never-tuned held-out slice (15 % of groups). */
export function inHoldout(r: TeddyRow): boolean {
  return hashString(r.dup_group ?? r.id, 2026) % 100 < 15;
}

const groupOf = (r: TeddyRow): string => r.dup_group ?? r.id;

interface Scored {
  pred: string[];
  top: number[];
  status: string[];
}

function score(model: ClassifierModel, docs: Sample[]): Scored {
  const out: Scored = { pred: [], top: [], status: [] };
  for (const d of docs) {
    const p = predict(model, d, 3);
    out.pred.push(p.label);
    out.top.push(p.scores[0]?.p ?? 0);
    out.status.push(p.status);
  }
  return out;
}

function reportCalibration(emit: Emit, prefix: string, gold: string[], s: Scored, plainEce: number): void {
  const right = gold.map((g, i) => g === s.pred[i]);
  emit(`${prefix}.ece`, expectedCalibrationError(s.top, right), 'ECE', plainEce);
  const conf = gold.map((_, i) => s.status[i] === 'confident');
  const nConf = conf.filter(Boolean).length;
  const okConf = right.filter((r, i) => r && conf[i]).length;
  const acc = right.filter(Boolean).length / gold.length;
  emit(`${prefix}.uncertain_share`, 1 - nConf / gold.length, 'share', null);
  emit(`${prefix}.confident_accuracy`, nConf ? okConf / nConf : 0, 'acc', acc);
  const wrongHigh = right.filter((r, i) => !r && (s.top[i] as number) >= 0.9).length;
  emit(`${prefix}.errors_at_p_ge_0.9`, wrongHigh, 'items', null);
}

/** Runs the classifier bench on the rows; emits JSON lines through `emit`. */
export function runClassifyBench(rows: TeddyRow[], emit: Emit, log: (s: string) => void): void {
  const dev = rows.filter((r) => !inHoldout(r));
  const hold = rows.filter(inHoldout);
  log(`开发集 ${dev.length} 条（分组 5 折交叉验证），留出集 ${hold.length} 条（从不用于调参）`);
  const asSample = (r: TeddyRow): Sample => ({ title: r.title ?? null, text: r.text, label: r.label });
  const devS = dev.map(asSample);
  const holdS = hold.map(asSample);
  const devGold = devS.map((s) => s.label);
  const fold = groupFolds(devGold, dev.map(groupOf), 5);
  const ours: Scored = { pred: [], top: [], status: [] };
  const plain: Scored = { pred: [], top: [], status: [] };
  const order: number[] = [];
  let cpu = 0;
  for (let f = 0; f < 5; f++) {
    const tr = devS.filter((_, i) => fold[i] !== f);
    const trGroups = dev.filter((_, i) => fold[i] !== f).map(groupOf);
    const te = [...devS.keys()].filter((i) => fold[i] === f);
    const c0 = process.cpuUsage();
    const m = trainClassifier(tr, { groups: trGroups });
    const c1 = process.cpuUsage(c0);
    cpu += (c1.user + c1.system) / 1e6;
    const a = score(
      m,
      te.map((i) => devS[i] as Sample),
    );
    const pm = trainClassifier(tr, PLAIN);
    const b = score(
      pm,
      te.map((i) => devS[i] as Sample),
    );
    for (const k of ['pred', 'top', 'status'] as const) {
      (ours[k] as unknown[]).push(...a[k]);
      (plain[k] as unknown[]).push(...b[k]);
    }
    order.push(...te);
    log(`分组交叉验证 第 ${f + 1}/5 折完成`);
  }
  const cvGold = order.map((i) => devGold[i] as string);
  const o = f1Report(cvGold, ours.pred);
  const p = f1Report(cvGold, plain.pred);
  emit('text.classify.group_cv.macro_f1_vs_plain_svm', o.macroF1, 'F1', p.macroF1);
  emit('text.classify.group_cv.accuracy_vs_plain_svm', o.accuracy, 'acc', p.accuracy);
  for (const l of Object.keys(o.perClass))
    emit(`text.classify.group_cv.f1.${l}`, o.perClass[l] as number, 'F1', p.perClass[l] ?? null);
  const plainRight = cvGold.map((g, i) => g === plain.pred[i]);
  reportCalibration(emit, 'text.classify.group_cv', cvGold, ours, expectedCalibrationError(plain.top, plainRight));
  emit('text.classify.group_cv.train_cpu_per_fold', cpu / 5, 's', null);

  // The never-tuned slice: train on all of the development part, score once.
  const mDev = trainClassifier(devS, { groups: dev.map(groupOf) });
  const pDev = trainClassifier(devS, PLAIN);
  const holdGold = holdS.map((s) => s.label);
  const ho = score(mDev, holdS);
  const hp = score(pDev, holdS);
  const hr = f1Report(holdGold, ho.pred);
  const hpr = f1Report(holdGold, hp.pred);
  emit('text.classify.holdout.macro_f1_vs_plain_svm', hr.macroF1, 'F1', hpr.macroF1);
  emit('text.classify.holdout.accuracy_vs_plain_svm', hr.accuracy, 'acc', hpr.accuracy);
  reportCalibration(
    emit,
    'text.classify.holdout',
    holdGold,
    ho,
    expectedCalibrationError(
      hp.top,
      holdGold.map((g, i) => g === hp.pred[i]),
    ),
  );
  const blank = ['', '   ', '\n\t', '。。。！！', '？'].map((t) => predict(mDev, { title: '', text: t }).status);
  emit('text.classify.blank_texts_abstained', blank.filter((s) => s === 'empty').length / blank.length, 'share', 0);

  // Out of scope: leave one class out in turn.
  const labels = [...new Set(devGold)].sort();
  let detected = 0;
  let detectedMsp = 0;
  let unseen = 0;
  let alarms = 0;
  let alarmsMsp = 0;
  let inScope = 0;
  for (const out of labels) {
    const tr = devS.filter((s) => s.label !== out);
    const m = trainClassifier(tr, { groups: dev.filter((r) => r.label !== out).map(groupOf) });
    // The max-probability baseline, thresholded at the same false-alarm target on the same out-of-fold values.
    const oof = (m as { oof?: { scores: number[][] } }).oof;
    const msp = oof
      ? quantile(
          oof.scores.map((s) => Math.max(...softmax(s, m.temperature))),
          0.05,
        )
      : 0;
    const flag = (s: Sample) => {
      const pr = predict(m, s);
      return { ood: pr.status === 'out_of_scope', msp: Math.max(...predictProba(m, s)) < msp };
    };
    const novel = rows.filter((r) => r.label === out).map(asSample);
    for (const s of novel) {
      const f = flag(s);
      unseen++;
      if (f.ood) detected++;
      if (f.msp) detectedMsp++;
    }
    for (const s of holdS.filter((x) => x.label !== out)) {
      const f = flag(s);
      inScope++;
      if (f.ood) alarms++;
      if (f.msp) alarmsMsp++;
    }
    log(`留一类（${out}）：已检测 ${detected}/${unseen}`);
  }
  emit('text.classify.out_of_scope.detection_rate_vs_max_prob', detected / unseen, 'share', detectedMsp / unseen);
  emit('text.classify.out_of_scope.false_alarm_rate_vs_max_prob', alarms / inScope, 'share', alarmsMsp / inScope);

  // The shipped configuration on all rows: training time, size, speed.
  const c0 = process.cpuUsage();
  const w0 = Date.now();
  const full = trainClassifier(rows.map(asSample), { groups: rows.map(groupOf) });
  const c1 = process.cpuUsage(c0);
  emit('text.classify.train_time_wall', (Date.now() - w0) / 1000, 's', 60);
  emit('text.classify.train_time_cpu', (c1.user + c1.system) / 1e6, 's', 60);
  emit('text.classify.model_size', serializeModel(full).length / 1048576, 'MB', null);
  const shipped = new URL('../models/base-classifier.json.gz', import.meta.url);
  if (existsSync(shipped)) emit('text.classify.shipped_model_size', statSync(shipped).size / 1048576, 'MB', null);
  const sample = rows.slice(0, 2000).map(asSample);
  const plainFull = trainClassifier(rows.map(asSample), PLAIN);
  let t = process.cpuUsage();
  for (const s of sample) predict(full, s);
  let d = process.cpuUsage(t);
  const ips = sample.length / ((d.user + d.system) / 1e6);
  t = process.cpuUsage();
  for (const s of sample) predict(plainFull, s);
  d = process.cpuUsage(t);
  emit('text.classify.throughput_vs_plain_svm', ips, 'items/s (cpu)', sample.length / ((d.user + d.system) / 1e6));
}
