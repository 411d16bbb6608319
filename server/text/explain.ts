/**
 * Why the classifier chose a label: the words of the document that weighed most for it. A linear model's
 * score is a sum over features, so each jieba word gets its own word feature plus its share of the character
 * n-grams inside it, averaged over the ensemble members.
 */
import type { ClassifierModel } from './classifier.ts';
import { charGramIndex, hashString, rawCounts, vectorize } from './features.ts';
import { getJieba, isContentChar, normalizeText, STOPWORD_SET } from './segment.ts';

/** A word and how much it pushed the score of a label (decision-value units). */
export interface TermWeight {
  term: string;
  weight: number;
}

/**
 * The `k` (default 6) words of `doc` that raised the score of `label` most, strongest first (only positive
 * contributions). Empty when the label is not one of the model's.
 */
export function explainPrediction(
  model: ClassifierModel,
  doc: { title?: string | null; text: string },
  label: string,
  k = 6,
): TermWeight[] {
  const c = model.labels.indexOf(label);
  if (c < 0) return [];
  const text = normalizeText(`${doc.title ?? ''} ${doc.text ?? ''}`);
  const words = new Set<string>();
  for (const t of getJieba().cut(text, true)) {
    if (t.length < 2 || !isContentChar(t.charCodeAt(0)) || STOPWORD_SET.has(t) || /^[0-9a-z.]+$/.test(t)) continue;
    words.add(t);
  }
  const share = new Map<string, number>();
  const gramsOf = new Map<string, string[]>();
  for (const w of words) {
    const gs = new Set<string>();
    for (let i = 0; i < w.length; i++) for (let n = 1; n <= 3 && i + n <= w.length; n++) gs.add(w.slice(i, i + n));
    gramsOf.set(w, [...gs]);
    for (const g of gs) share.set(g, (share.get(g) ?? 0) + 1);
  }
  const score = new Map<string, number>();
  for (const m of model.members) {
    const fo = m.features;
    const mask = (1 << fo.bits) - 1;
    const x = vectorize(rawCounts(doc, fo), (i) => m.idf[i] as number, fo);
    const val = new Map<number, number>();
    x.idx.forEach((i, j) => val.set(i, x.val[j] as number));
    const w = m.weights[c] as Float32Array;
    const at = (i: number): number => (val.get(i) ?? 0) * (w[i] as number);
    for (const word of words) {
      let s = fo.wordBlockWeight > 0 ? at(hashString(word, 11) & mask) : 0;
      if (fo.charBlockWeight > 0)
        for (const g of gramsOf.get(word) ?? [])
          if (g.length <= fo.maxCharN) s += at(charGramIndex(g, fo.bits)) / (share.get(g) ?? 1);
      score.set(word, (score.get(word) ?? 0) + s / model.members.length);
    }
  }
  return [...score.entries()]
    .filter(([, s]) => s > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, k)
    .map(([term, weight]) => ({ term, weight: Math.round(weight * 1000) / 1000 }));
}
