import { AppError } from '../domain/errors.ts';
import { canRegister } from '../domain/item.policy.ts';
import type { ReadScope } from '../domain/visibility.policy.ts';
import type { DbOrTrx } from '../store/db.ts';
import { listClassifiedSamples, listItemTextsByIds } from '../store/item-text.store.ts';
import { listTaxonomy } from '../store/reference.store.ts';
import { finishTextIndex, indexItemBands, queuedTextItems } from '../store/text.store.ts';
import type { ClassifierModel } from '../text/classifier.ts';
import { officeLabels, type DatedSample } from '../text/office.ts';
import { bandKeys, signature, similarities } from '../text/similarity.ts';
import {
  adviseClass,
  adviseUnits,
  baseClassifier,
  officeClassifier,
  textProbe,
  type TextProbe,
} from './class-suggest.ts';
import { loadClockwork, todayOf, type AppDeps, type UseCaseCtx } from './context.ts';
import { findRepeatCandidates } from './repeat-check.ts';
import { scopeOf } from './visibility.ts';

/** The classifier of record: the office's own model when `XINFANG_MODEL` names one, else the shipped base model. */
export function classifier(): ClassifierModel {
  return officeClassifier() ?? baseClassifier();
}

/** Text of an item for the similarity index. */
export function matterText(title: string, content: string): string {
  return `${title}\n${content}`;
}

/** Adds (or refreshes) one item in the persistent similarity index, inside the caller's transaction. */
export async function indexItemText(db: DbOrTrx, itemId: string, title: string, content: string): Promise<void> {
  await indexItemBands(db, itemId, bandKeys(signature(matterText(title, content))));
}

/** Longest stretch the indexer computes signatures before letting the event loop serve others (ms). */
const INDEX_SLICE_MS = 4;
/** Items per write: small, so one transaction holds the (synchronous) SQLite connection only briefly. */
const INDEX_BATCH = 25;

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/** What one run of the similarity indexer did: items given bands, and items whose text yields no index keys. */
export interface ReindexCounts {
  indexed: number;
  /** Taken off the list without bands: text with no index keys (other scripts, emoji, punctuation only, empty). */
  withoutKeys: number;
}

/**
 * Indexes the items queued for the similarity index (imports, corrections, upgrades); returns how many were
 * done. Meant to run inside the server: the signatures (jieba and MinHash, a few ms each) are computed in slices
 * of a few milliseconds with the event loop served in between, and each small batch is written in its own short
 * transaction — requests are never held for a whole batch.
 */
export async function reindexText(deps: Pick<AppDeps, 'db'>, onProgress?: (done: number) => void): Promise<number> {
  const c = await reindexTextCounts(deps, onProgress);
  return c.indexed + c.withoutKeys;
}

/**
 * `reindexText` with its counts. It always ends: every item read is taken off the list in the same pass — with
 * its bands, or marked done without any when its text yields no index keys (it cannot be found by similarity,
 * and reading it again would give nothing) — unless it was queued again meanwhile, for its newer text.
 */
export async function reindexTextCounts(
  deps: Pick<AppDeps, 'db'>,
  onProgress?: (done: number) => void,
): Promise<ReindexCounts> {
  const counts: ReindexCounts = { indexed: 0, withoutKeys: 0 };
  for (;;) {
    const rows = await queuedTextItems(deps.db, INDEX_BATCH);
    if (!rows.length) return counts;
    const keys: (string[] | null)[] = [];
    let slice = performance.now();
    for (const r of rows) {
      keys.push(r.title === null ? null : bandKeys(signature(matterText(r.title, r.content ?? ''))));
      if (performance.now() - slice >= INDEX_SLICE_MS) {
        await yieldToLoop();
        slice = performance.now();
      }
    }
    await deps.db.transaction().execute(async (trx) => {
      for (const [i, r] of rows.entries()) await finishTextIndex(trx, r.itemId, r.queuedAt, keys[i] ?? null);
    });
    for (const k of keys) {
      if (k?.length) counts.indexed += 1;
      else counts.withoutKeys += 1;
    }
    onProgress?.(counts.indexed + counts.withoutKeys);
    await yieldToLoop();
  }
}

/**
 * Earlier items about the same matter (any petitioner) within `scope` (the visibility rule), by LSH candidates
 * verified with text similarity. Titles are the masked ones.
 */
export async function similarMatters(
  db: DbOrTrx,
  title: string,
  content: string,
  scope: ReadScope,
  opts: { excludeId?: string; min?: number; k?: number; probe?: TextProbe } = {},
) {
  const probe = opts.probe ?? (await textProbe(db, title, content));
  const ids = probe.lsh.map((c) => c.itemId).filter((id) => id !== opts.excludeId);
  if (!ids.length) return [];
  const rows = await listItemTextsByIds(db, scope, ids);
  const sims = similarities(
    probe.prepared,
    rows.map((r) => matterText(r.title, r.content)),
  );
  return rows
    .flatMap((r, i) => {
      const s = sims[i];
      if (s == null) return [];
      return [
        {
          itemId: r.id,
          number: r.number,
          title: r.maskedTitle ?? '',
          registeredOn: r.registeredOn,
          status: r.status,
          similarity: Math.round(s * 100) / 100,
        },
      ];
    })
    .filter((r) => r.similarity >= (opts.min ?? 0.5))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, opts.k ?? 5);
}

export interface SuggestInput {
  title: string;
  content: string;
  place?: string | null;
  classCode?: string | null;
  /** 涉法涉诉 flag as ticked so far (routing evidence). */
  legal?: boolean;
  petitioners?: { name?: string; idNumber?: string | null; phone?: string | null; address?: string | null }[];
}

/**
 * Suggestions for a registrar as they type: content class (top 3 with probabilities, mapped to the taxonomy),
 * lead unit (from a year of routing history, with the reason), earlier items of the same person and of the
 * same matter. Nothing is applied: the registrar confirms.
 */
export async function suggestForRegistration(deps: AppDeps, ctx: UseCaseCtx, input: SuggestInput) {
  if (!canRegister(ctx.actor)) throw new AppError('FORBIDDEN', '只有信访部门登记人员可以使用登记辅助');
  const scope = scopeOf(deps, ctx.actor);
  const text = `${input.title}\n${input.content}`.trim();
  const today = todayOf(deps.clock());
  // The text is segmented and its LSH candidates read once, for the class neighbours and the same matter.
  const probe = text.length >= 10 ? await textProbe(deps.db, input.title, input.content) : undefined;
  const classAdvice = await adviseClass(deps.db, input.title, input.content, today, scope, probe);
  const classes = classAdvice.top.map((c) => ({ label: c.path, p: c.p, code: c.code, reasons: c.reasons }));
  const taxonomy = input.classCode ? await listTaxonomy(deps.db) : [];
  const chosen = input.classCode ? taxonomy.find((t) => t.code === input.classCode)?.path : undefined;
  // Units follow the class the registrar chose, else a confident suggestion; an unsure class gets none.
  const classPath = chosen ?? (classAdvice.status === 'confident' ? classes[0]?.label : undefined);
  // Each unit shows, beside its counts, the office's similar confirmed items that it handled.
  const similarFor = (unitId: string) =>
    classAdvice.neighbours
      .filter((n) => n.leadUnitId === unitId)
      .slice(0, 3)
      .map(({ itemId, number, title, similarity }) => ({ itemId, number, title, similarity }));
  const units = classPath
    ? (
        await adviseUnits(
          deps.db,
          scope,
          { classPath, place: input.place ?? null, legal: input.legal ?? false, title: input.title },
          today,
        )
      ).map((u) => ({ ...u, similar: similarFor(u.unitId) }))
    : [];
  const people = (input.petitioners ?? [])
    .filter((p) => p.name || p.idNumber || p.phone)
    .map((p) => ({
      name: p.name ?? '',
      idNumber: p.idNumber || null,
      idVerified: true,
      phone: p.phone || null,
      address: p.address || null,
    }));
  const sameperson = people.length
    ? await findRepeatCandidates(
        deps.db,
        deps.codec,
        {
          id: '',
          title: input.title,
          content: input.content,
          petitioners: people,
        },
        scope,
        await loadClockwork(deps.db, deps.clock()),
      )
    : [];
  const sameMatter = probe ? await similarMatters(deps.db, input.title, input.content, scope, { probe }) : [];
  const { top: _top, ...advice } = classAdvice;
  return { classes, classAdvice: advice, units, sameperson, sameMatter };
}

/**
 * Training samples from the office's own items with a confirmed content class, dated by registration, labelled
 * down to the deepest level of the tree that has at least 10 items (`officeLabels`).
 */
export async function confirmedSamples(deps: Pick<AppDeps, 'db'>): Promise<DatedSample[]> {
  const rows = await listClassifiedSamples(deps.db);
  const labels = officeLabels(rows.map((r) => r.classPath));
  return rows.map((r, i) => ({ title: r.title, text: r.content, label: labels[i] as string, date: r.registeredOn }));
}
