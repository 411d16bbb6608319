import type { Item } from '../domain/item.ts';
import type { DbOrTrx } from '../store/db.ts';
import { itemsOfPerson } from '../store/item.store.ts';
import type { PiiCodec } from '../store/pii.ts';

export interface RepeatCandidate {
  itemId: string;
  number: string;
  title: string;
  registeredOn: string;
  status: string;
  /** Text similarity of the matter, 0..1. */
  similarity: number;
  /** Why it matched, in Chinese (same ID number / phone / name, similarity). */
  reason: string;
  /** Whether the configured rule calls the new item a repeat of this one. */
  isRepeat: boolean;
}

function bigrams(s: string): Set<string> {
  const t = s.replace(/[\s\p{P}]/gu, '');
  const out = new Set<string>();
  for (let i = 0; i + 1 < t.length; i++) out.add(t.slice(i, i + 2));
  return out;
}

/** Jaccard similarity of character bigrams: a cheap matter similarity for person-matched candidates. */
export function matterSimilarity(a: string, b: string): number {
  const A = bigrams(a);
  const B = bigrams(b);
  if (!A.size || !B.size) return 0;
  let inter = 0;
  for (const x of A) if (B.has(x)) inter++;
  return inter / (A.size + B.size - inter);
}

export const REPEAT_SIMILARITY = 0.3;

/**
 * Earlier items of the same person (ID number, phone, or name) with the similarity of their matter.
 * Default rule: same ID number, phone, or name with a near address, and matter similarity ≥ 0.3 → 重件.
 */
export async function findRepeatCandidates(db: DbOrTrx, codec: PiiCodec, item: Pick<Item, 'id' | 'petitioners' | 'title' | 'content'>): Promise<RepeatCandidate[]> {
  const ids = item.petitioners.flatMap((p) => (p.idNumber ? [codec.index('id', p.idNumber)] : []));
  const phones = item.petitioners.flatMap((p) => (p.phone ? [codec.index('phone', p.phone)] : []));
  const names = item.petitioners.flatMap((p) => (p.name.trim() ? [codec.index('name', p.name)] : []));
  const rows = await itemsOfPerson(db, { id: ids, phone: phones, name: names });
  const text = `${item.title} ${item.content}`;
  const byItem = new Map<string, RepeatCandidate>();
  for (const r of rows) {
    if (r.id === item.id) continue;
    const why: string[] = [];
    if (r.id_hash && ids.includes(r.id_hash)) why.push('同一证件号码');
    if (r.phone_hash && phones.includes(r.phone_hash)) why.push('同一联系电话');
    if (names.includes(r.name_hash)) {
      const theirs = r.address ? codec.open(r.address) : '';
      const near = theirs && item.petitioners.some((p) => p.address && matterSimilarity(p.address, theirs) >= 0.6);
      why.push(near ? '同名且住址相近' : '同名');
    }
    const strong = why.some((w) => w !== '同名');
    const similarity = Math.round(matterSimilarity(text, `${r.title} ${r.content}`) * 100) / 100;
    const prev = byItem.get(r.id);
    const reason = `${why.join('、')}；诉求相似度 ${similarity.toFixed(2)}`;
    const cand: RepeatCandidate = {
      itemId: r.id, number: r.number, title: r.title, registeredOn: r.registered_on, status: r.status, similarity, reason,
      isRepeat: strong && similarity >= REPEAT_SIMILARITY,
    };
    if (!prev || (cand.isRepeat && !prev.isRepeat)) byItem.set(r.id, cand);
  }
  return [...byItem.values()].sort((a, b) => Number(b.isRepeat) - Number(a.isRepeat) || b.similarity - a.similarity).slice(0, 20);
}
