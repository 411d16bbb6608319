import type { IsoDate } from '../domain/deadline.ts';
import { AppError } from '../domain/errors.ts';
import { currentDuty, deadlinesOf, type ItemDeadline } from '../domain/item-deadlines.ts';
import { COLLECTIVE_HEAD_COUNT, emptyFacts, type Item } from '../domain/item.ts';
import { canRegister } from '../domain/item.policy.ts';
import { appendAudit } from '../store/audit.store.ts';
import { createHash } from 'node:crypto';
import {
  insertItemsBulk,
  itemsByNumbers,
  lastLocalSteps,
  reserveCounter,
  type BulkItem,
} from '../store/import.store.ts';
import { appendEvent, updateItem, writeDeadlines } from '../store/item.store.ts';
import { insertUnit, listClassNameMaps, listTaxonomy, listUnits } from '../store/reference.store.ts';
import { loadClockwork, type AppDeps, type Clockwork, type UseCaseCtx } from './context.ts';
import { warnDates, type WarnDates } from './derive.ts';
import {
  rowValidator,
  type ClassMapping,
  type ImportProblem,
  type ImportRow,
  type ValidateRefs,
} from './import-rows.ts';
import { tableOf, type RawTable, type TableSource } from './import-table.ts';
import { SYSTEM_SCOPE } from '../domain/visibility.policy.ts';
import { findRepeatCandidates } from './repeat-check.ts';
import { syncRoutingHistory } from './routing-history.ts';

export interface ImportOptions {
  dryRun?: boolean;
  /** Import the valid rows and list the others; by default any bad row stops the whole import. */
  skipInvalid?: boolean;
  /** Create the units the file names that do not exist; by default such a row is bad (units are not invented). */
  createUnits?: boolean;
  /** Rows per transaction. */
  batchSize?: number;
  /** Called while the file is checked (total unknown: 0) and while it is written (total: the rows to write). */
  onProgress?: (done: number, total: number, phase: ImportPhase) => void;
}

export type ImportPhase = 'check' | 'write';

export interface ImportResult {
  rows: number;
  valid: number;
  created: number;
  updated: number;
  /** Rows left out because they were invalid (only with skipInvalid). */
  skipped: number;
  problems: ImportProblem[];
  warnings: string[];
  /** Upstream class paths the local tree lacks, imported as their deepest known ancestor (also in warnings). */
  classMappings: ClassMapping[];
  /** Units created because the file named them (only with createUnits). */
  createdUnits: string[];
  /** Rows of items already here whose row is the same as last imported: nothing written. */
  unchanged: number;
  /** Rows of items already here that differ from the last import: updated (row and 信访件编号). */
  changed: { row: number; number: string }[];
  /** Rows of items that progressed in this system since: left as they are, with why. */
  conflicts: { row: number; number: string; reason: string }[];
  dryRun: boolean;
  /** False when nothing was written because of bad rows. */
  ok: boolean;
}

/** Warning dates depend only on the period: many imported items share one, so they are computed once. */
function memoWarnDates(d: ItemDeadline, cw: Clockwork, memo: Map<string, WarnDates>): WarnDates {
  const key = `${d.rule}|${d.start}|${d.due}`;
  let hit = memo.get(key);
  if (!hit) memo.set(key, (hit = warnDates(d, cw)));
  return { ...hit };
}

/** Builds the item (facts, status) an imported row describes, so status and report columns agree. */
export function itemOfRow(r: ImportRow, id: string, unitId: string | null, registeredBy: string): Item {
  const f = emptyFacts();
  let status: Item['status'] = 'registered';
  const on = r.registeredOn;
  if (r.routeKind) {
    f.routedOn = on;
    f.route = {
      kind: r.routeKind,
      on,
      unitId: r.routeKind === '转送' || r.routeKind === '交办' ? unitId : null,
      assistUnitIds: [],
      note: '导入',
    };
  }
  const close = (day: IsoDate) => {
    f.servedOn = day;
    f.concludedOn = day;
    f.closedOn = day;
    if (r.satisfaction) f.rating = { satisfaction: r.satisfaction, on: day, comment: '' };
    status = 'closed';
  };
  switch (r.routeKind) {
    case '转送':
    case '交办':
      status = 'routed';
      if (r.acceptedOn) {
        f.unitReceivedOn = on;
        f.acceptedOn = r.acceptedOn;
        status = 'handling';
      }
      if (r.closedOn) {
        f.opinion = { issuedOn: r.closedOn, facts: r.result ?? '', basis: '', answers: [] };
        close(r.closedOn);
      }
      break;
    case '直接回复':
      if (r.result) f.opinion = { issuedOn: r.closedOn ?? on, facts: r.result, basis: '', answers: [] };
      close(r.closedOn ?? on);
      break;
    case '存':
      status = 'filed';
      break;
    case '不予受理':
    case '不再受理':
      f.declined = { kind: r.routeKind, on, reason: '导入' };
      status = r.routeKind === '不予受理' ? 'not_accepted' : 'not_reaccepted';
      break;
    default:
      break;
  }
  return {
    id,
    number: r.number,
    version: 1,
    status,
    channel: r.channel,
    level: r.level,
    receivedOn: on,
    registeredOn: on,
    petitioners: r.petitioner ? [r.petitioner] : [],
    organisation: null,
    headCount: r.headCount,
    representatives: [],
    title: r.title,
    content: r.content,
    demands: [],
    classCode: r.classCode,
    purpose: r.purpose,
    handlingClass: '申诉求决类',
    flags: [
      ...(r.legal ? ['涉法涉诉' as const] : []),
      ...(r.headCount >= COLLECTIVE_HEAD_COUNT ? ['集体访' as const] : []),
    ],
    place: r.place,
    leadUnitId: unitId,
    assistUnitIds: [],
    accused: null,
    isRepeat: r.isRepeat ?? false,
    earlierItemIds: [],
    registeredBy,
    facts: f,
  };
}

/** Trailing digits of a number when they look like a registration sequence (for the counter floor). */
function seqOf(number: string): number {
  const m = /(\d+)\D*$/.exec(number);
  const n = m ? Number(m[1]) : 0;
  return n < 1e9 ? n : 0;
}

/** How often (rows) the check pass reports progress. */
const CHECK_PROGRESS_EVERY = 5000;

/**
 * Imports items from a table (CSV / first xlsx sheet), streamed: a first pass checks every row (and lists every
 * problem: row, column, reason), a second pass writes the valid rows in batched transactions. Only the problems
 * and the numbers seen (to refuse duplicates in the file) are kept, so memory stays flat in the file's size.
 * Upserts by 信访件编号 (a re-import updates, never duplicates). Each item gets its deadlines and one 'import'
 * timeline event; the audit log gets one `item.import` event per batch listing the numbers (per-item audit
 * would serialise 100k hash-chain appends).
 */
export async function importItems(
  deps: AppDeps,
  ctx: UseCaseCtx,
  input: TableSource | RawTable,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  if (!canRegister(ctx.actor) && ctx.actor.userId !== 'system')
    throw new AppError('FORBIDDEN', '只有信访部门可以导入信访事项');
  const source = Array.isArray((input as RawTable).rows) ? tableOf(input as RawTable) : (input as TableSource);
  const now = deps.clock();
  const cw = await loadClockwork(deps.db, now);
  const taxonomy = await listTaxonomy(deps.db);
  const classByPath = new Map(taxonomy.map((t) => [t.path, { code: t.code, path: t.path }]));
  const pathOf = new Map(taxonomy.map((t) => [t.code, t.path]));
  const classByUpstream = new Map(
    (await listClassNameMaps(deps.db)).map((m) => [m.upstream, { code: m.code, path: pathOf.get(m.code)! }]),
  );
  const unitNames = new Set((await listUnits(deps.db)).map((u) => u.name));
  const refs: ValidateRefs = {
    classByPath,
    classByUpstream,
    unitNames,
    createUnits: !!opts.createUnits,
    today: cw.today,
  };
  const header = await source.header();
  const checked = await checkPass(deps, source, header, refs, opts);
  const base = {
    ...checked,
    created: 0,
    updated: 0,
    createdUnits: [] as string[],
    unchanged: 0,
    changed: [],
    conflicts: [],
    dryRun: !!opts.dryRun,
  };
  if (checked.problems.length && !opts.skipInvalid) return { ...base, skipped: 0, ok: false };
  if (opts.dryRun) {
    const existing = checked.existing;
    return { ...strip(base), created: checked.valid - existing, updated: existing, ok: true };
  }
  const writer = batchWriter(deps, ctx, cw, now.toISOString());
  const v = rowValidator(header, refs);
  const size = opts.batchSize ?? 2000;
  let batch: ImportRow[] = [];
  let done = 0;
  const write = async () => {
    await writer.write(batch);
    done += batch.length;
    batch = [];
    opts.onProgress?.(done, checked.valid, 'write');
  };
  for await (const { cells, rowNumber } of source.rows()) {
    const r = v.check(cells, rowNumber);
    if (Array.isArray(r)) continue;
    batch.push(r);
    if (batch.length >= size) await write();
  }
  if (batch.length) await write();
  // The similarity index is filled afterwards (the server's background indexer or `xinfang text reindex`),
  // so that a large import is not slowed by text processing.
  return {
    ...strip(base),
    created: writer.created,
    updated: writer.updated,
    createdUnits: writer.createdUnits,
    unchanged: writer.unchanged,
    changed: writer.changed,
    conflicts: writer.conflicts,
    ok: true,
  };
}

function strip<T extends { existing: number }>(b: T): Omit<T, 'existing'> {
  const { existing: _, ...rest } = b;
  return rest;
}

/** The first pass: every row checked, every problem listed; with dryRun, how many numbers already exist. */
async function checkPass(
  deps: AppDeps,
  source: TableSource,
  header: string[],
  refs: ValidateRefs,
  opts: ImportOptions,
) {
  const v = rowValidator(header, refs);
  const problems: ImportProblem[] = [...v.missing];
  let rows = 0;
  let valid = 0;
  let bad = 0;
  let existing = 0;
  let numbers: string[] = [];
  const countExisting = async () => {
    existing += (await itemsByNumbers(deps.db, numbers)).size;
    numbers = [];
  };
  for await (const { cells, rowNumber } of source.rows()) {
    rows++;
    if (rows % CHECK_PROGRESS_EVERY === 0) opts.onProgress?.(rows, 0, 'check');
    if (v.missing.length) continue;
    const r = v.check(cells, rowNumber);
    if (Array.isArray(r)) {
      problems.push(...r);
      bad++;
      continue;
    }
    valid++;
    if (opts.dryRun) {
      numbers.push(r.number);
      if (numbers.length >= 500) await countExisting();
    }
  }
  if (numbers.length) await countExisting();
  const classMappings = [...v.mappings.values()];
  const warnings = [
    ...v.warnings,
    ...classMappings.map(
      (m) =>
        `内容分类「${m.upstream}」不在本地分类表中，已按「${m.local}」导入并保留原分类（${m.rows} 行，首见第 ${m.firstRow} 行）`,
    ),
  ];
  return { rows, valid, skipped: bad, problems, warnings, classMappings, existing };
}

/** Digest of what a row says (row number aside) and the local class it resolved to. */
function rowHash(r: ImportRow): string {
  const { rowNumber: _, ...fields } = r;
  return createHash('sha256').update(JSON.stringify(fields)).digest('base64url').slice(0, 22);
}

/** Writes batches of checked rows, one transaction each; keeps the units it creates and the running counts. */
function batchWriter(deps: AppDeps, ctx: UseCaseCtx, cw: Clockwork, nowIso: string) {
  const warnMemo = new Map<string, WarnDates>();
  let units: Map<string, string> | null = null;
  const out = {
    created: 0,
    updated: 0,
    createdUnits: [] as string[],
    unchanged: 0,
    changed: [] as ImportResult['changed'],
    conflicts: [] as ImportResult['conflicts'],
    async write(batch: readonly ImportRow[]): Promise<void> {
      units ??= new Map((await listUnits(deps.db)).map((u) => [u.name, u.id]));
      const known = units;
      const newUnits: string[] = [];
      await deps.db.transaction().execute(async (trx) => {
        for (const r of batch) {
          if (r.unitName && !known.has(r.unitName)) {
            const id = deps.newId();
            await insertUnit(
              trx,
              { id, name: r.unitName, parentId: null, insideDistrict: r.unitInside, kind: '部门', sort: 999 },
              nowIso,
            );
            known.set(r.unitName, id);
            newUnits.push(r.unitName);
          }
        }
        const existing = await itemsByNumbers(
          trx,
          batch.map((r) => r.number),
        );
        // Reserve registration sequences per year for the new items, above any number they already carry.
        const nextSeq = new Map<number, number>();
        const fresh = batch.filter((r) => !existing.has(r.number));
        for (const year of new Set(fresh.map((r) => Number(r.registeredOn.slice(0, 4))))) {
          const ofYear = fresh.filter((r) => r.registeredOn.startsWith(String(year)));
          nextSeq.set(
            year,
            await reserveCounter(
              trx,
              `item:${year}`,
              ofYear.length,
              Math.max(0, ...ofYear.map((r) => seqOf(r.number))),
            ),
          );
        }
        // New items are written with multi-row INSERTs; a row whose 初件/重件 the product must decide flushes
        // them first so the repeat check also sees earlier rows of the same file.
        const pending: BulkItem[] = [];
        const flush = async () => {
          await insertItemsBulk(trx, pending, deps.codec, nowIso);
          await syncRoutingHistory(
            trx,
            pending.map((b) => ({ item: b.item, classPath: b.extra.classPath })),
            { fresh: true },
          );
          pending.length = 0;
        };
        const local = await lastLocalSteps(
          trx,
          [...existing.values()].map((e) => e.id),
        );
        const written: string[] = [];
        for (const r of batch) {
          const old = existing.get(r.number);
          const hash = rowHash(r);
          if (old && old.importHash === hash) {
            out.unchanged++;
            continue;
          }
          const step = old && local.get(old.id);
          if (step) {
            out.conflicts.push({
              row: r.rowNumber,
              number: r.number,
              reason: `该事项已在本系统办理（最近一步：${step.summary}，${step.at.slice(0, 10)}），导入未覆盖其办理情况；如需更改请在事项中更正`,
            });
            continue;
          }
          written.push(r.number);
          const item = itemOfRow(
            r,
            old?.id ?? deps.newId(),
            r.unitName ? known.get(r.unitName)! : null,
            ctx.actor.userId,
          );
          if (r.isRepeat === null && item.petitioners.length) {
            await flush();
            const decided = (await findRepeatCandidates(trx, deps.codec, item, SYSTEM_SCOPE)).filter((c) => c.isRepeat);
            item.isRepeat = decided.length > 0;
            item.earlierItemIds = decided.map((c) => c.itemId);
          }
          const deadlines = deadlinesOf(item, cw.calendar, cw.rules, cw.today, cw.thresholds);
          const duty = currentDuty(deadlines);
          const extra = {
            classPath: r.classPath,
            upstreamClass: r.upstreamClass,
            importHash: hash,
            dueOn: duty?.due ?? null,
            dueRule: duty?.rule ?? null,
            warnDates: duty ? memoWarnDates(duty, cw, warnMemo) : null,
          };
          const event = {
            at: nowIso,
            onDate: cw.today,
            step: 'import',
            actorId: ctx.actor.userId,
            actorName: ctx.actor.displayName,
            actorRole: ctx.actor.role,
            summary: old ? `导入更新（第 ${r.rowNumber} 行）` : `导入登记（第 ${r.rowNumber} 行）`,
            data: { row: r.rowNumber },
          };
          if (old) {
            await updateItem(trx, item, old.version, deps.codec, extra, nowIso, { petitioners: true });
            await writeDeadlines(trx, item.id, deadlines);
            await appendEvent(trx, { itemId: item.id, ...event }, deps.newId());
            out.updated++;
            out.changed.push({ row: r.rowNumber, number: r.number });
          } else {
            const year = Number(r.registeredOn.slice(0, 4));
            const seq = nextSeq.get(year)!;
            nextSeq.set(year, seq + 1);
            pending.push({ item, seq, extra, deadlines, event: { ...event, id: deps.newId() } });
            out.created++;
          }
        }
        await flush();
        if (!written.length && !newUnits.length) return;
        await appendAudit(
          trx,
          {
            at: nowIso,
            actorId: ctx.actor.userId,
            actorRole: ctx.actor.role,
            action: 'item.import',
            itemId: null,
            detail: {
              rows: batch.length,
              numbers: written,
              ...(newUnits.length ? { createdUnits: newUnits } : {}),
            },
            requestId: ctx.requestId,
          },
          deps,
        );
      });
      out.createdUnits.push(...newUnits);
    },
  };
  return out;
}
