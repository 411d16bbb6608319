import { Worker } from 'node:worker_threads';
import type { Insertable } from 'kysely';
import type { Rules } from '../../server/app/context.ts';
import { warnDates } from '../../server/app/derive.ts';
import { matterText } from '../../server/app/text-intel.ts';
import { WorkCalendar, type CalendarEntry } from '../../server/domain/calendar.ts';
import type { WarningThresholds } from '../../server/domain/deadline.ts';
import { currentDuty, deadlinesOf, type ItemDeadline } from '../../server/domain/item-deadlines.ts';
import type { Item } from '../../server/domain/item.ts';
import {
  deadlineRows,
  eventRow,
  itemRow,
  petitionerRows,
  unitRows,
  type ItemWriteExtra,
  type TimelineEvent,
} from '../../server/store/item.store.ts';
import type { PiiCodec } from '../../server/store/pii.ts';
import type {
  DeadlineTable,
  EventTable,
  ItemTable,
  ItemUnitTable,
  PetitionerTable,
  TextLshTable,
} from '../../server/store/schema.ts';
import { bandKeys, signature } from '../../server/text/similarity.ts';

/** What deadline derivation needs, in a form that crosses to a worker thread. */
export interface DeriveInputs {
  calendar: CalendarEntry[];
  officialYears: number[];
  rules: Rules;
  thresholds: WarningThresholds;
  /** Taxonomy code → path. */
  pathOfCode: [string, string][];
}

/** The domain's deadlines of an item on a day, and the list columns derived from them. */
export class Deriver {
  private cal: WorkCalendar;
  private pathOfCode: Map<string, string>;
  constructor(private inp: DeriveInputs) {
    this.cal = new WorkCalendar(inp.calendar, { officialYears: inp.officialYears });
    this.pathOfCode = new Map(inp.pathOfCode);
  }

  deadlines(item: Item, today: string): ItemDeadline[] {
    return deadlinesOf(item, this.cal, this.inp.rules, today, this.inp.thresholds);
  }

  /** The list columns of the item's final state (the current duty and its warning dates). */
  extra(item: Item, deadlines: ItemDeadline[], today: string): ItemWriteExtra {
    const duty = currentDuty(deadlines);
    const cw = { calendar: this.cal, rules: this.inp.rules, thresholds: this.inp.thresholds, today };
    return {
      classPath: item.classCode ? (this.pathOfCode.get(item.classCode) ?? null) : null,
      dueOn: duty?.due ?? null,
      dueRule: duty?.rule ?? null,
      warnDates: duty ? warnDates(duty, cw) : null,
    };
  }
}

/** One finished item to turn into rows (its deadlines and list columns are derived from its last day). */
export interface EncodeJob {
  item: Item;
  queryCodeHash: string;
  createdIso: string;
  updatedIso: string;
  /** The day of the item's last write (the clock's "today" then). */
  lastDay: string;
}

export interface EncodedRows {
  items: Insertable<ItemTable>[];
  petitioners: PetitionerTable[];
  units: ItemUnitTable[];
  deadlines: DeadlineTable[];
  lsh: TextLshTable[];
}

/** The rows of finished items, exactly as the store's write path builds them. */
export function encodeRows(batch: EncodeJob[], codec: PiiCodec, d: Deriver): EncodedRows {
  const out: EncodedRows = { items: [], petitioners: [], units: [], deadlines: [], lsh: [] };
  for (const j of batch) {
    const deadlines = d.deadlines(j.item, j.lastDay);
    const extra = { ...d.extra(j.item, deadlines, j.lastDay), queryCodeHash: j.queryCodeHash };
    const row = itemRow(j.item, codec, extra, j.createdIso);
    row.updated_at = j.updatedIso;
    out.items.push(row);
    out.petitioners.push(...petitionerRows(j.item.id, j.item.petitioners, codec));
    out.units.push(...unitRows(j.item));
    out.deadlines.push(...deadlineRows(j.item.id, deadlines));
    for (const k of bandKeys(signature(matterText(j.item.title, j.item.content))))
      out.lsh.push({ band_key: k, item_id: j.item.id });
  }
  return out;
}

/**
 * One timeline entry of a registration or a step: the item as it stands after it, and the entry without the
 * deadlines its data records (derived here, off the planning thread).
 */
export interface EventJob {
  item: Item;
  today: string;
  ev: Omit<TimelineEvent, 'data'>;
  /** Data before the deadlines (a step's input and refusal; nothing for a registration). */
  data: { input: unknown; refused: unknown } | null;
  id: string;
  seq: number;
}

/** The timeline rows, with the deadlines recorded as registration and the step use case record them. */
export function eventRows(batch: EventJob[], d: Deriver): EventTable[] {
  return batch.map((j) => {
    const deadlines = d.deadlines(j.item, j.today);
    const data = j.data
      ? {
          input: j.data.input,
          refused: j.data.refused,
          deadlines: deadlines.map((x) => ({ rule: x.rule, due: x.due, metOn: x.metOn, explanation: x.explanation })),
        }
      : { deadlines: deadlines.map((x) => ({ rule: x.rule, due: x.due, explanation: x.explanation })) };
    return eventRow({ ...j.ev, data }, j.id, j.seq);
  });
}

export type WorkerJob = { kind: 'encode'; jobs: EncodeJob[] } | { kind: 'events'; jobs: EventJob[] };
export type WorkerResult<J extends WorkerJob> = J extends { kind: 'encode' } ? EncodedRows : EventTable[];

/** Runs a job on this thread (no workers) or in a worker: the same functions either way. */
export function runJob(job: WorkerJob, codec: PiiCodec, d: Deriver): EncodedRows | EventTable[] {
  return job.kind === 'encode' ? encodeRows(job.jobs, codec, d) : eventRows(job.jobs, d);
}

/** A small pool of workers; `run` resolves with the rows of a batch. */
export class EncodePool {
  private workers: Worker[] = [];
  private pending = new Map<number, { resolve: (rows: never) => void; reject: (err: Error) => void }>();
  private seq = 0;
  private rr = 0;

  constructor(keyFile: string, size: number, derive: DeriveInputs) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
        workerData: { keyFile, derive, module: new URL('./encode.worker.ts', import.meta.url).href },
      });
      w.on('message', (m: { id: number; rows: never }) => {
        this.pending.get(m.id)?.resolve(m.rows);
        this.pending.delete(m.id);
      });
      w.on('error', (err) => {
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
      this.workers.push(w);
    }
  }

  get inFlight(): number {
    return this.pending.size;
  }

  run<J extends WorkerJob>(job: J): Promise<WorkerResult<J>> {
    const id = ++this.seq;
    const w = this.workers[this.rr++ % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (rows: never) => void, reject });
      w.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
