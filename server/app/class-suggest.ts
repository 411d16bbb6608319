/**
 * Class and lead-unit advice for registration: the calibrated base model, the office's own model (when
 * `XINFANG_MODEL` names one) and the confirmed items nearest to the text, combined by
 * `text/office.ts`; lead units from a year of the office's routing history (`text/routing.ts`).
 */
import type { ReadScope } from '../domain/visibility.policy.ts';
import { listClassifiedIdsByTitleWords, listClassifiedTexts, listRoutingHistory } from '../store/item-text.store.ts';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DbOrTrx } from '../store/db.ts';
import { listTaxonomy } from '../store/reference.store.ts';
import { officeModelBytes, officeModelInForce } from '../store/model.store.ts';
import { lshCandidates } from '../store/text.store.ts';
import { loadModel, type ClassifierModel } from '../text/classifier.ts';
import { deserializeModel } from '../text/model-io.ts';
import { combineClassSuggestion, type ClassSuggestion, type ConfirmedNeighbour } from '../text/office.ts';
import { routingCountsOf } from '../store/routing.store.ts';
import {
  routingCounts,
  routingFeaturesOf,
  routingKeywords,
  suggestUnits,
  type RoutingFeature,
  type UnitSuggestion,
} from '../text/routing.ts';
import { bandKeys, prepareText, signature, similarities, type PreparedText } from '../text/similarity.ts';

const BASE_MODEL = fileURLToPath(new URL('../../models/base-classifier.json.gz', import.meta.url));
let base: ClassifierModel | null = null;
let office: { path: string; model: ClassifierModel } | null = null;

/** The shipped base model (7 first-level classes), loaded once. */
export function baseClassifier(): ClassifierModel {
  base ??= loadModel(BASE_MODEL);
  return base;
}

/** The office model put in force by retraining (stored in the database), as this process last read it. */
let stored: { id: string; model: ClassifierModel; checkedAt: number } | null = null;
let storedChecked = 0;

/** Puts a model in force in this process (after a retraining switched to it). */
export function putOfficeModelInForce(id: string, model: ClassifierModel, nowMs: number): void {
  stored = { id, model, checkedAt: nowMs };
  storedChecked = nowMs;
}

/**
 * Follows the office model in force in the database (another instance or the CLI may have switched it):
 * checks at most once a minute, loads only when it changed.
 */
export async function syncOfficeModel(db: DbOrTrx, nowMs: number): Promise<void> {
  if (nowMs - storedChecked < 60_000 && storedChecked !== 0) return;
  storedChecked = nowMs;
  const inForce = await officeModelInForce(db);
  if (!inForce) {
    stored = null;
    return;
  }
  if (stored?.id === inForce.id) return;
  const bytes = await officeModelBytes(db, inForce.id);
  if (bytes) stored = { id: inForce.id, model: deserializeModel(bytes), checkedAt: nowMs };
}

/** Forgets what this process read of the stored model (tests, and a restore of the database). */
export function forgetStoredOfficeModel(): void {
  stored = null;
  storedChecked = 0;
}

/**
 * The office's own model: the one retraining put in force (stored in the database), else the one named by
 * `XINFANG_MODEL` (trained by `text train --from-db`), else null.
 */
export function officeClassifier(): ClassifierModel | null {
  if (stored) return stored.model;
  const path = process.env.XINFANG_MODEL;
  if (!path || !existsSync(path)) return null;
  if (office?.path !== path) office = { path, model: loadModel(path) };
  return office.model;
}

/**
 * Confirmed items (with a content class) whose text is close to the new one, best first. Candidates come from
 * the LSH index (copies and close re-tellings) and, for texts told in other words, from titles of the last two
 * years sharing one of the query's distinctive title words.
 */
export async function confirmedNeighbours(
  db: DbOrTrx,
  title: string,
  content: string,
  scope: ReadScope,
  opts: { min?: number; k?: number; today?: string; probe?: TextProbe } = {},
): Promise<ConfirmedNeighbour[]> {
  const probe = opts.probe ?? (await textProbe(db, title, content));
  const ids = new Set(probe.lsh.map((c) => c.itemId));
  const words = routingKeywords(`${title} ${content.slice(0, 60)}`, 3);
  if (words.length) {
    const since = opts.today
      ? new Date(Date.parse(`${opts.today}T00:00:00Z`) - 730 * 86_400_000).toISOString().slice(0, 10)
      : '0000-00-00';
    for (const id of await listClassifiedIdsByTitleWords(db, scope, words, since)) ids.add(id);
  }
  if (!ids.size) return [];
  const rows = (await listClassifiedTexts(db, scope, [...ids])).map((r) =>
    r.identityVisible ? r : { ...r, title: r.maskedTitle ?? '', content: r.maskedContent ?? '' },
  );
  const sims = similarities(
    probe.prepared,
    rows.map((r) => `${r.title}\n${r.content}`),
  );
  return rows
    .flatMap((r, i) => {
      const s = sims[i];
      if (s == null) return [];
      return [
        {
          itemId: r.id,
          number: r.number,
          title: r.title,
          classPath: r.classPath,
          leadUnitId: r.leadUnitId,
          similarity: Math.round(s * 100) / 100,
        },
      ];
    })
    .filter((r) => r.similarity >= (opts.min ?? 0.35))
    .sort((a, b) => b.similarity - a.similarity || (a.number < b.number ? -1 : 1))
    .slice(0, opts.k ?? 5);
}

/** A text as the similarity lookups need it, computed once per request: segmented, and its LSH candidates. */
export interface TextProbe {
  prepared: PreparedText;
  lsh: { itemId: string; bands: number }[];
}

/** Segments the text once and finds its LSH candidates (the 60 items sharing most bands). */
export async function textProbe(db: DbOrTrx, title: string, content: string): Promise<TextProbe> {
  const text = `${title}\n${content}`;
  return { prepared: prepareText(text), lsh: await lshCandidates(db, bandKeys(signature(text)), 60) };
}

/** A class candidate as the registration screen shows it: with the taxonomy code to adopt. */
export interface ClassAdvice extends Omit<ClassSuggestion, 'top'> {
  top: (ClassSuggestion['top'][number] & { code: string | null })[];
}

/** The combined, explained class suggestion for a text, mapped to the office's taxonomy. */
export async function adviseClass(
  db: DbOrTrx,
  title: string,
  content: string,
  today: string,
  scope: ReadScope,
  probe?: TextProbe,
): Promise<ClassAdvice> {
  await syncOfficeModel(db, Date.now());
  const neighbours =
    `${title}${content}`.trim().length >= 10
      ? await confirmedNeighbours(db, title, content, scope, { today, probe })
      : [];
  const off = officeClassifier();
  const s = combineClassSuggestion({
    doc: { title, text: content },
    base: baseClassifier(),
    office: off ? { model: off } : null,
    neighbours,
    minSimilarity: 0.35,
  });
  const taxonomy = await listTaxonomy(db);
  const byPath = new Map(taxonomy.map((t) => [t.path, t.code]));
  return { ...s, top: s.top.map((c) => ({ ...c, code: byPath.get(c.path) ?? null })) };
}

/** The twelve months ending with the month of `today`, as `YYYY-MM` bounds (the window the history reads). */
export function routingWindow(today: string): { fromMonth: string; toMonth: string } {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const from = new Date(Date.UTC(y, m - 1 - 11, 1)).toISOString().slice(0, 7);
  return { fromMonth: from, toMonth: today.slice(0, 7) };
}

/**
 * Lead units for a class (and place, 涉法涉诉, title) from the routing of the last twelve months (the month of
 * `today` and the eleven before it). A viewer who sees the whole district reads the maintained counts
 * (`routing-history.ts`); any narrower scope counts only the routed items it may see.
 */
export async function adviseUnits(
  db: DbOrTrx,
  scope: ReadScope,
  q: { classPath: string; place?: string | null; legal?: boolean; title?: string | null },
  today: string,
): Promise<UnitSuggestion[]> {
  const { fromMonth, toMonth } = routingWindow(today);
  const query = { classCode: q.classPath, place: q.place, legal: q.legal, title: q.title };
  if (scope.kind === 'district') {
    const rows = await routingCountsOf(db, routingFeaturesOf(query), fromMonth, toMonth);
    const names = new Map(rows.map((r) => [r.unitId, r.unitName]));
    const counts = rows.map((r) => ({
      feature: r.feature as RoutingFeature,
      value: r.value,
      unitId: r.unitId,
      n: r.n,
    }));
    return suggestUnits(counts, names, query);
  }
  const rows = await listRoutingHistory(db, scope, `${fromMonth}-01`, today);
  const { counts, names } = routingCounts(
    rows.map((h) => ({
      classCode: h.classPath,
      place: h.place,
      legal: h.legal,
      title: h.title,
      unitId: h.unitId,
      unitName: h.unitName,
      date: h.routedOn,
    })),
  );
  return suggestUnits(counts, names, query);
}
