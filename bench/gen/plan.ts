/**
 * The benchmark district's plans, streamed in execution order. It uses the demo seed's own building blocks
 * (matters, channels, levels, lifecycles, repeats, petitioners with invalid-checksum ID numbers and 1xx0000xxxx
 * phones), so the distributions are the demo's; what differs is the scale: plans are made day by day and the
 * repeat pool is a sliding window, so a million items need no quadratic search and no whole-set in memory.
 *
 * Texts: when the labelled corpus (`teddy-train.jsonl`) is present, items of a matching first-level class get
 * a title and content mixed from its real petitions (sentences of one, one sentence of another of the same
 * class, then the demo's item-specific closing), otherwise the demo's generated texts stay.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addDays } from '../../server/domain/calendar.ts';
import type { WorkCalendar } from '../../server/domain/calendar.ts';
import type { WarningThresholds } from '../../server/domain/deadline.ts';
import {
  forcedSlots,
  freshPlan,
  type ItemPlan,
  registrationDates,
  repeatPlan,
  Rng,
  type Slot,
  type StepOp,
  type World,
} from '../../server/app/seed-demo.ts';
import type { Rules } from '../../server/app/context.ts';

export interface Sched {
  date: string;
  plan: ItemPlan;
  /** 0 = the registration, k ≥ 1 = the plan's k-th step. */
  k: number;
  op: { kind: 'register'; date: string } | StepOp;
  /** On a repeat's registration: the plan it comes back to. */
  repeatOf: ItemPlan | null;
}

export interface PlanInputs {
  total: number;
  seed: number;
  today: string;
  cal: WorkCalendar;
  rules: Rules;
  thresholds: WarningThresholds;
  /** Taxonomy path → code. */
  taxonomy: Map<string, string>;
  unitIds: Map<string, string>;
  texts: TextPool | null;
}

interface TeddyRow {
  title?: string | null;
  text: string;
  label: string;
}

/** Real petition texts by first-level class, split into sentences. */
export interface TextPool {
  byLabel: Map<string, { title: string; sentences: string[] }[]>;
  rows: number;
}

/**
 * Where the labelled corpus lives: `XINFANG_TEXTS`, else `shared/data/` beside the checkout (or beside the
 * folder of worktrees).
 */
export function teddyFile(): string | null {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const cands = [
    process.env.XINFANG_TEXTS,
    join(root, '..', 'shared', 'data', 'teddy-train.jsonl'),
    join(root, '..', '..', 'shared', 'data', 'teddy-train.jsonl'),
  ];
  return cands.find((c): c is string => Boolean(c && existsSync(c))) ?? null;
}

/** Loads the labelled corpus when present (null otherwise: the demo's generated texts are used). */
export function loadTextPool(file: string | null = teddyFile()): TextPool | null {
  if (!file || !existsSync(file)) return null;
  const byLabel = new Map<string, { title: string; sentences: string[] }[]>();
  let rows = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as TeddyRow;
    const sentences = r.text.match(/[^。！？!?\n]+[。！？!?]?/g)?.filter((s) => s.trim().length > 3) ?? [];
    if (!sentences.length) continue;
    const title = (r.title?.trim() || sentences[0]!).slice(0, 60);
    const list = byLabel.get(r.label) ?? [];
    list.push({ title, sentences: sentences.map((s) => s.trim()) });
    byLabel.set(r.label, list);
    rows++;
  }
  return { byLabel, rows };
}

/** Title and content from the corpus for a class, or null when the corpus has none of that class. */
function corpusText(
  pool: TextPool,
  r: Rng,
  classPath: string,
  closing: string,
): { title: string; content: string } | null {
  const list = pool.byLabel.get(classPath.split('/')[0]!);
  if (!list?.length) return null;
  const a = r.pick(list);
  const b = r.pick(list);
  const keep = a.sentences.slice(0, r.int(3, 8));
  if (keep.length > 1) keep[r.int(1, keep.length - 1)] = r.pick(b.sentences);
  const content = `${keep.join('')}${closing}`.slice(0, 1800);
  return { title: a.title, content };
}

/** Sliding pool of earlier plans a repeat may come back to, weighted 4:1 towards open or dissatisfied ones. */
class RepeatPool {
  private heavy: ItemPlan[] = [];
  private light: ItemPlan[] = [];
  private h0 = 0;
  private l0 = 0;
  private waiting: ItemPlan[] = [];
  private w0 = 0;

  add(p: ItemPlan): void {
    if (p.persons.length > 0 && p.matter.key !== 'consult') this.waiting.push(p);
  }

  /** A plan registered 20–400 days before `receivedOn`, or null. */
  pick(r: Rng, receivedOn: string): ItemPlan | null {
    const newest = addDays(receivedOn, -20);
    const oldest = addDays(receivedOn, -400);
    while (this.w0 < this.waiting.length && this.waiting[this.w0]!.registeredOn <= newest) {
      const p = this.waiting[this.w0++]!;
      (p.dissatisfied || p.endedOn === null ? this.heavy : this.light).push(p);
    }
    if (this.w0 > 4096) {
      this.waiting = this.waiting.slice(this.w0);
      this.w0 = 0;
    }
    while (this.h0 < this.heavy.length && this.heavy[this.h0]!.registeredOn < oldest) this.h0++;
    while (this.l0 < this.light.length && this.light[this.l0]!.registeredOn < oldest) this.l0++;
    if (this.h0 > 4096) [this.heavy, this.h0] = [this.heavy.slice(this.h0), 0];
    if (this.l0 > 4096) [this.light, this.l0] = [this.light.slice(this.l0), 0];
    const nh = this.heavy.length - this.h0;
    const nl = this.light.length - this.l0;
    if (!nh && !nl) return null;
    const useHeavy = r.next() * (4 * nh + nl) < 4 * nh;
    return useHeavy
      ? this.heavy[this.h0 + Math.floor(r.next() * nh)]!
      : this.light[this.l0 + Math.floor(r.next() * nl)]!;
  }
}

/** Binary min-heap of plans by (registeredOn, slot order). */
class PlanHeap {
  private a: { p: ItemPlan; o: number }[] = [];
  get size(): number {
    return this.a.length;
  }
  private less(i: number, j: number): boolean {
    const x = this.a[i]!;
    const y = this.a[j]!;
    return x.p.registeredOn < y.p.registeredOn || (x.p.registeredOn === y.p.registeredOn && x.o < y.o);
  }
  private swap(i: number, j: number): void {
    [this.a[i], this.a[j]] = [this.a[j]!, this.a[i]!];
  }
  push(p: ItemPlan, o: number): void {
    this.a.push({ p, o });
    for (let i = this.a.length - 1; i > 0; ) {
      const up = (i - 1) >> 1;
      if (!this.less(i, up)) break;
      this.swap(i, up);
      i = up;
    }
  }
  peek(): ItemPlan | undefined {
    return this.a[0]?.p;
  }
  pop(): ItemPlan {
    const top = this.a[0]!.p;
    const last = this.a.pop()!;
    if (this.a.length) {
      this.a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.a.length && this.less(l, m)) m = l;
        if (r < this.a.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}

/**
 * Every registration and step of the district, in the order the demo seed would execute them: by date, then
 * registration order, then step order. Plans are made lazily, a day ahead of their registration.
 */
export function* schedule(inp: PlanInputs): Generator<Sched> {
  const r = new Rng(inp.seed);
  const w: World = {
    r,
    cal: inp.cal,
    rules: inp.rules,
    today: inp.today,
    taxonomy: inp.taxonomy,
    unitIds: inp.unitIds,
    personSeq: 0,
  };
  const total = inp.total;
  const today = inp.today;
  const first = addDays(today, -729);
  const slots: Slot[] = [];
  if (total >= 40) slots.push(...forcedSlots(w, inp.thresholds));
  // The demo's two hot clusters, scaled with the total but capped: a real district has a few hundred such
  // petitions about one car park, not tens of thousands.
  const nParking = total >= 40 ? Math.min(400, Math.max(3, Math.round((40 * total) / 2000))) : 0;
  const nConcrete = total >= 40 ? Math.min(250, Math.max(2, Math.round((25 * total) / 2000))) : 0;
  for (let i = 0; i < nParking; i++)
    slots.push({ receivedOn: addDays(today, -Math.floor(85 * Math.sqrt(r.next()))), cluster: 'parking' });
  for (let i = 0; i < nConcrete; i++) slots.push({ receivedOn: addDays(today, -r.int(8, 150)), cluster: 'concrete' });
  const regular = Math.max(0, total - slots.length);
  for (const d of registrationDates(w, regular, first, today)) slots.push({ receivedOn: d });
  slots.length = Math.min(slots.length, total);
  slots.sort((a, b) => (a.receivedOn < b.receivedOn ? -1 : a.receivedOn > b.receivedOn ? 1 : 0));

  const pool = new RepeatPool();
  const heap = new PlanHeap();
  const buckets = new Map<string, Sched[]>();
  const origins = new Map<ItemPlan, ItemPlan>();
  let next = 0; // next slot to plan
  let order = 0; // registration order
  const firstDay = slots[0]?.receivedOn ?? today;
  for (let day = firstDay; day <= today; day = addDays(day, 1)) {
    // Plan every slot received up to this day (registration is never before receipt).
    while (next < slots.length && slots[next]!.receivedOn <= day) {
      const slot = slots[next]!;
      let plan: ItemPlan | null = null;
      if (!slot.cluster && !slot.forced && r.chance(0.085)) {
        const orig = pool.pick(r, slot.receivedOn);
        if (orig) {
          plan = repeatPlan(w, next, slot, orig);
          origins.set(plan, orig);
        }
      }
      if (!plan) {
        plan = freshPlan(w, next, slot);
        if (inp.texts && !slot.forced) {
          const closing =
            String(plan.raw['content'])
              .split(/(?<=。)/)
              .slice(-1)[0] ?? '';
          const t = corpusText(inp.texts, r, plan.matter.cls, closing);
          if (t) {
            plan.raw['title'] = t.title;
            plan.raw['content'] = t.content;
          }
        }
      }
      pool.add(plan);
      heap.push(plan, next);
      next++;
    }
    const todays = buckets.get(day) ?? [];
    buckets.delete(day);
    while (heap.size && heap.peek()!.registeredOn <= day) {
      const p = heap.pop();
      p.idx = order++;
      const repeatOf = origins.get(p) ?? null;
      origins.delete(p);
      todays.push({ date: day, plan: p, k: 0, op: { kind: 'register', date: p.registeredOn }, repeatOf });
      p.ops.forEach((op, i) => {
        const s: Sched = { date: op.date, plan: p, k: i + 1, op, repeatOf: null };
        if (op.date === day) todays.push(s);
        else {
          const b = buckets.get(op.date);
          if (b) b.push(s);
          else buckets.set(op.date, [s]);
        }
      });
    }
    todays.sort((a, b) => a.plan.idx - b.plan.idx || a.k - b.k);
    yield* todays;
  }
}
