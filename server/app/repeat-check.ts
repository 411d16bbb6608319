import { admissionAdvice, type AdmissionAdvice, type AdmissionClock } from '../domain/admission-advice.ts';
import { AppError } from '../domain/errors.ts';
import type { Item } from '../domain/item.ts';
import { canRegister } from '../domain/item.policy.ts';
import type { ReadScope } from '../domain/visibility.policy.ts';
import type { DbOrTrx } from '../store/db.ts';
import type { PiiCodec } from '../store/pii.ts';
import { loadItem } from '../store/item.store.ts';
import { personCandidates } from '../store/repeat.store.ts';
import { type AppDeps, loadClockwork, type UseCaseCtx } from './context.ts';
import { scopeOf } from './visibility.ts';
import {
  detectRepeatByHash,
  matchableKeys,
  matterCacheOf,
  type HashedQuery,
  type HashedRecord,
} from '../text/repeat.ts';

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
  /**
   * For a repeat (same person, same matter): 不再受理 when the earlier matter was settled (复核, or a lapsed
   * 复查 / 复核 window), 不予受理 while it is still within its time limits; null otherwise or without a clock.
   */
  admission: AdmissionAdvice | null;
}

/**
 * Earlier items of the same person within `scope` (the visibility rule; the bureau's is the district): the store
 * finds them by keyed hash (ID number, phone, name), bounded to the newest of each kind, and the text module's
 * repeat rule decides (default: same ID number, phone, or name with a near address, and the same matter → 重件),
 * with the similarity and the reason for each candidate. Identities are compared by their keyed hashes; only the
 * address of a row found by the name alone is decrypted. Titles are the masked ones. Given the statutory `clock`,
 * each repeat carries its 不予受理 / 不再受理 advice (admission-advice.ts) from the earlier item's facts.
 */
export async function findRepeatCandidates(
  db: DbOrTrx,
  codec: PiiCodec,
  item: Pick<Item, 'id' | 'petitioners' | 'title' | 'content'>,
  scope: ReadScope,
  clock?: AdmissionClock,
): Promise<RepeatCandidate[]> {
  const people = item.petitioners
    .filter((p) => p.name.trim() || p.idNumber || p.phone)
    .map((p) => {
      const can = matchableKeys(p);
      return {
        id: item.id || 'new',
        idHash: can.id && p.idNumber ? codec.index('id', p.idNumber) : null,
        phoneHash: can.phone && p.phone ? codec.index('phone', p.phone) : null,
        nameHash: can.name ? codec.index('name', p.name) : null,
        address: p.address,
        title: item.title,
        text: item.content,
      } satisfies HashedQuery;
    })
    .filter((q) => q.idHash || q.phoneHash || q.nameHash);
  if (!people.length) return [];
  const keys = (k: 'idHash' | 'phoneHash' | 'nameHash') => [
    ...new Set(people.flatMap((q) => (q[k] ? [q[k] as string] : []))),
  ];
  const rows = await personCandidates(
    db,
    { id: keys('idHash'), phone: keys('phoneHash'), name: keys('nameHash') },
    scope,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const earlier: HashedRecord[] = rows.map((r) => {
    let address: string | null | undefined;
    return {
      id: r.id,
      date: r.registeredOn,
      idHash: r.idHash,
      phoneHash: r.phoneHash,
      nameHash: r.nameHash,
      address: () => {
        if (address === undefined) address = r.address ? codec.open(r.address) : null;
        return address;
      },
      title: r.title,
      text: r.content,
    };
  });
  const cache = matterCacheOf({ title: item.title, text: item.content });
  const best = new Map<string, RepeatCandidate>();
  for (const me of people) {
    for (const c of detectRepeatByHash(me, earlier, cache, { maxCandidates: 50 }).candidates) {
      const r = byId.get(c.id)!;
      const cand: RepeatCandidate = {
        itemId: c.id,
        number: r.number,
        title: r.maskedTitle ?? '',
        registeredOn: r.registeredOn,
        status: r.status,
        similarity: c.matterSimilarity,
        reason: c.reason,
        isRepeat: c.isRepeat,
        admission: null,
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
  const out = [...best.values()]
    .sort((a, b) => Number(b.isRepeat) - Number(a.isRepeat) || b.similarity - a.similarity)
    .slice(0, 20);
  if (clock)
    for (const c of out) {
      if (!c.isRepeat) continue;
      const earlierItem = await loadItem(db, c.itemId, codec);
      if (earlierItem) c.admission = admissionAdvice(earlierItem, clock);
    }
  return out;
}

/** What the registration form asks about before an item exists: the person as typed, and the matter's text. */
export interface RepeatCheckQuery {
  idNumber?: string | undefined;
  phone?: string | undefined;
  name?: string | undefined;
  address?: string | undefined;
  text?: string | undefined;
}

/**
 * 重复信访提示 while registering (registrars only): earlier items of the person typed, within the registrar's scope.
 * Without a name, ID number or phone there is nobody to look for, and the answer is empty.
 */
export async function repeatCheckFor(deps: AppDeps, ctx: UseCaseCtx, q: RepeatCheckQuery): Promise<RepeatCandidate[]> {
  if (!canRegister(ctx.actor)) throw new AppError('FORBIDDEN', '无权查询');
  if (!q.idNumber && !q.phone && !q.name) return [];
  const petitioner = {
    name: q.name ?? '',
    idNumber: q.idNumber || null,
    idVerified: true,
    phone: q.phone || null,
    address: q.address || null,
  };
  const item = { id: '', title: '', content: q.text ?? '', petitioners: [petitioner] };
  const clock = await loadClockwork(deps.db, deps.clock());
  return findRepeatCandidates(deps.db, deps.codec, item, scopeOf(deps, ctx.actor), clock);
}
