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
import { routingCounts, routingKeywords, suggestUnits, type UnitSuggestion } from '../text/routing.ts';
import { bandKeys, prepareText, signature, textSimilarity } from '../text/similarity.ts';

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
  opts: { min?: number; k?: number; today?: string } = {},
): Promise<ConfirmedNeighbour[]> {
  const text = `${title}\n${content}`;
  const ids = new Set((await lshCandidates(db, bandKeys(signature(text)), 60)).map((c) => c.itemId));
  const words = routingKeywords(`${title} ${content.slice(0, 60)}`, 3);
  if (words.length) {
    const since = opts.today
      ? new Date(Date.parse(`${opts.today}T00:00:00Z`) - 730 * 86_400_000).toISOString().slice(0, 10)
      : '0000-00-00';
    for (const id of await listClassifiedIdsByTitleWords(db, scope, words, since)) ids.add(id);
  }
  if (!ids.size) return [];
  const rows = await listClassifiedTexts(db, scope, [...ids]);
  const q = prepareText(text);
  return rows
    .map((r) => (r.identityVisible ? r : { ...r, title: r.maskedTitle ?? '', content: r.maskedContent ?? '' }))
    .map((r) => ({
      itemId: r.id,
      number: r.number,
      title: r.title,
      classPath: r.classPath,
      leadUnitId: r.leadUnitId,
      similarity: Math.round(textSimilarity(q, `${r.title}\n${r.content}`).score * 100) / 100,
    }))
    .filter((r) => r.similarity >= (opts.min ?? 0.35))
    .sort((a, b) => b.similarity - a.similarity || (a.number < b.number ? -1 : 1))
    .slice(0, opts.k ?? 5);
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
): Promise<ClassAdvice> {
  await syncOfficeModel(db, Date.now());
  const neighbours =
    `${title}${content}`.trim().length >= 10 ? await confirmedNeighbours(db, title, content, scope, { today }) : [];
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

/** Lead units for a class (and place, 涉法涉诉, title) from the routing of the year before `today`. */
export async function adviseUnits(
  db: DbOrTrx,
  scope: ReadScope,
  q: { classPath: string; place?: string | null; legal?: boolean; title?: string | null },
  today: string,
): Promise<UnitSuggestion[]> {
  const since = new Date(Date.parse(`${today}T00:00:00Z`) - 365 * 86_400_000).toISOString().slice(0, 10);
  // One pass over the year's routed items; a maintained (feature, value, unit, month, n) table can replace it.
  const rows = await listRoutingHistory(db, scope, since, today);
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
  return suggestUnits(counts, names, { classCode: q.classPath, place: q.place, legal: q.legal, title: q.title });
}
