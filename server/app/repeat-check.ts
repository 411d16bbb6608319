import type { Item } from '../domain/item.ts';
import type { ReadScope } from '../domain/visibility.policy.ts';
import type { DbOrTrx } from '../store/db.ts';
import { itemsOfPerson } from '../store/item.store.ts';
import type { PiiCodec } from '../store/pii.ts';
import { detectRepeat, type PetitionRecord } from '../text/repeat.ts';

export interface RepeatCandidate {
  itemId: string;
  number: string;
  title: string;
  registeredOn: string;
  status: string;
  /** Text similarity of the matter, 0..1. */
  similarity: number;
  /** Why it matched, in Chinese (same ID number / phone / name and address, similarity). */
  reason: string;
  /** Whether the configured rule calls the new item a repeat of this one. */
  isRepeat: boolean;
}

/**
 * Earlier items of the same person within `scope` (the visibility rule; the bureau's is the district): the store
 * finds them by keyed hash (ID number, phone, name), and the text module's repeat rule decides (default: same
 * ID number, phone, or name with a near address, and the same matter → 重件), with the similarity and the
 * reason for each candidate. Titles are the masked ones.
 */
export async function findRepeatCandidates(
  db: DbOrTrx,
  codec: PiiCodec,
  item: Pick<Item, 'id' | 'petitioners' | 'title' | 'content'>,
  scope: ReadScope,
): Promise<RepeatCandidate[]> {
  const people = item.petitioners.filter((p) => p.name.trim() || p.idNumber || p.phone);
  const rows = await itemsOfPerson(
    db,
    {
      id: people.flatMap((p) => (p.idNumber ? [codec.index('id', p.idNumber)] : [])),
      phone: people.flatMap((p) => (p.phone ? [codec.index('phone', p.phone)] : [])),
      name: people.flatMap((p) => (p.name.trim() ? [codec.index('name', p.name)] : [])),
    },
    scope,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  // One record per earlier petitioner (an item may have several), with the identity the rule compares.
  const earlier: PetitionRecord[] = rows
    .filter((r) => r.id !== item.id)
    .map((r) => ({
      id: r.id,
      date: r.registered_on,
      idHash: r.id_hash,
      phone: r.phone ? codec.open(r.phone) : null,
      name: codec.open(r.name),
      address: r.address ? codec.open(r.address) : null,
      title: r.title,
      text: r.content,
    }));
  const best = new Map<string, RepeatCandidate>();
  for (const p of people) {
    const me: PetitionRecord = {
      id: item.id || 'new',
      idHash: p.idNumber ? codec.index('id', p.idNumber) : null,
      phone: p.phone,
      name: p.name,
      address: p.address,
      title: item.title,
      text: item.content,
    };
    for (const c of detectRepeat(me, earlier, { maxCandidates: 50 }).candidates) {
      const r = byId.get(c.id)!;
      const cand: RepeatCandidate = {
        itemId: c.id,
        number: r.number,
        title: r.masked_title ?? '',
        registeredOn: r.registered_on,
        status: r.status,
        similarity: c.matterSimilarity,
        reason: c.reason,
        isRepeat: c.isRepeat,
      };
      const prev = best.get(c.id);
      if (
        !prev ||
        Number(cand.isRepeat) > Number(prev.isRepeat) ||
        (cand.isRepeat === prev.isRepeat && cand.similarity > prev.similarity)
      )
        best.set(c.id, cand);
    }
  }
  return [...best.values()]
    .sort((a, b) => Number(b.isRepeat) - Number(a.isRepeat) || b.similarity - a.similarity)
    .slice(0, 20);
}
