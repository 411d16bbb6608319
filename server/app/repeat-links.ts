import type { Role } from '../../contract/enums.ts';
import type { Item } from '../domain/item.ts';
import type { ReadScope } from '../domain/visibility.policy.ts';
import type { Trx } from '../store/db.ts';
import { appendEvent } from '../store/item.store.ts';
import { appendLinkChange, deleteLink, insertLink, linkChangesFrom, linksFrom } from '../store/link.store.ts';
import type { PiiCodec } from '../store/pii.ts';
import { findRepeatCandidates } from './repeat-check.ts';

/** Links a registrar made or confirmed by hand carry this prefix; the others were found by the repeat rule. */
const MANUAL_PREFIX = '登记人员';
/** The history reasons this recomputation writes (a registrar's own reasons never start so). */
const RECOMPUTED = '更正登记信息后';

const isAutomatic = (reason: string) => !reason.startsWith(MANUAL_PREFIX);

export interface RepeatLinkChanges {
  linked: string[];
  unlinked: string[];
}

/**
 * Recomputes the automatic repeat links of `item` to earlier items after a correction of its petitioners or its
 * matter: an earlier item the repeat rule now finds (same person, same matter) within `scope` is linked; an
 * automatic link the rule no longer supports is removed. Links made or confirmed by hand stay, a link the
 * registrar removed by hand is not made again, and every change goes to the link history and, without naming the
 * other item (units read timelines), to both timelines. Sets `item.isRepeat` / `earlierItemIds` for the caller
 * to save.
 */
export async function recomputeRepeatLinks(
  trx: Trx,
  deps: { codec: PiiCodec; newId: () => string },
  item: Item,
  scope: ReadScope,
  author: { id: string; name: string; role: Role },
  at: string,
  onDate: string,
): Promise<RepeatLinkChanges> {
  const found = (await findRepeatCandidates(trx, deps.codec, item, scope)).filter(
    (c) => c.isRepeat && c.itemId !== item.id && c.registeredOn <= item.registeredOn,
  );
  const existing = await linksFrom(trx, item.id);
  const history = await linkChangesFrom(trx, item.id);
  const removedByHand = new Set(
    history.filter((h) => h.action === 'unlink' && !h.reason.startsWith(RECOMPUTED)).map((h) => h.earlierId),
  );
  const changes: RepeatLinkChanges = { linked: [], unlinked: [] };
  const log = async (earlierId: string, action: 'link' | 'unlink', reason: string) => {
    await appendLinkChange(trx, {
      id: deps.newId(),
      itemId: item.id,
      earlierId,
      action,
      kind: 'repeat',
      reason,
      actorId: author.id,
      actorName: author.name,
      at,
    });
    await appendEvent(
      trx,
      {
        itemId: earlierId,
        at,
        onDate,
        step: 'link',
        actorId: author.id,
        actorName: author.name,
        actorRole: author.role,
        summary: `${RECOMPUTED}${action === 'link' ? '关联' : '解除关联'}后件（重复信访）`,
        data: { action, kind: 'repeat' },
      },
      deps.newId(),
    );
  };
  for (const l of existing) {
    if (l.kind !== 'repeat' || !isAutomatic(l.reason) || found.some((c) => c.itemId === l.earlierId)) continue;
    await deleteLink(trx, item.id, l.earlierId);
    await log(l.earlierId, 'unlink', `${RECOMPUTED}不再为同一信访人反映的同一事项`);
    changes.unlinked.push(l.earlierId);
  }
  for (const c of found) {
    if (existing.some((l) => l.earlierId === c.itemId) || removedByHand.has(c.itemId)) continue;
    await insertLink(trx, {
      itemId: item.id,
      earlierId: c.itemId,
      kind: 'repeat',
      similarity: c.similarity,
      reason: c.reason,
    });
    await log(c.itemId, 'link', `${RECOMPUTED}为同一信访人反映的同一事项（${c.reason}）`);
    changes.linked.push(c.itemId);
  }
  const repeats = [
    ...existing.filter((l) => l.kind === 'repeat' && !changes.unlinked.includes(l.earlierId)).map((l) => l.earlierId),
    ...changes.linked,
  ].sort();
  item.earlierItemIds = repeats;
  item.isRepeat = repeats.length > 0;
  return changes;
}
