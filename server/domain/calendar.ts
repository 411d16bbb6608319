/**
 * The working calendar (工作日历): which days are working days in mainland China.
 *
 * Pure code: dates are ISO strings 'YYYY-MM-DD' and all arithmetic is done on UTC midnights, so the
 * host time zone and daylight-saving rules never shift a day. The calendar itself is data (official
 * State Council notices, editable by an administrator); see calendar-seed.ts for the shipped copy.
 */

/** A calendar date written 'YYYY-MM-DD'. */
export type IsoDate = string;

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * Parsed dates, remembered: the statutory clock walks the same few thousand dates again and again (every
 * deadline, warning date and working-day count of every item), and parsing was a sizeable part of that work.
 */
const parsed = new Map<string, number>();
const PARSED_KEPT = 50_000;

/** Milliseconds of the UTC midnight of `d`, or NaN when `d` is not a real 'YYYY-MM-DD' date. */
function utcMs(d: string): number {
  let ms = parsed.get(d);
  if (ms === undefined) {
    ms = parseUtcMs(d);
    if (parsed.size >= PARSED_KEPT) parsed.clear();
    parsed.set(d, ms);
  }
  return ms;
}

function parseUtcMs(d: string): number {
  const m = ISO_RE.exec(d);
  if (!m) return Number.NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const day = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || day < 1 || day > 31) return Number.NaN;
  // setUTCFullYear keeps years below 100 literal (Date.UTC would map 0024 to 1924).
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, day);
  // An overflowing day (02-30) lands in the next month: not a real date.
  if (t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== day) return Number.NaN;
  return t.getTime();
}

const formatted = new Map<number, IsoDate>();

function fromMs(ms: number): IsoDate {
  let d = formatted.get(ms);
  if (d === undefined) {
    d = formatMs(ms);
    if (formatted.size >= PARSED_KEPT) formatted.clear();
    formatted.set(ms, d);
  }
  return d;
}

function formatMs(ms: number): IsoDate {
  const t = new Date(ms);
  const y = t.getUTCFullYear();
  if (y < 1 || y > 9999) throw new RangeError(`日期超出可处理范围（0001–9999 年）：${y}`);
  const mo = String(t.getUTCMonth() + 1).padStart(2, '0');
  const day = String(t.getUTCDate()).padStart(2, '0');
  return `${String(y).padStart(4, '0')}-${mo}-${day}`;
}

/** Milliseconds of `d`, throwing a RangeError naming `label` when `d` is not a real date. */
function msOf(d: string, label: string): number {
  const ms = typeof d === 'string' ? utcMs(d) : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${label}不是有效日期（应为 YYYY-MM-DD）：${String(d)}`);
  return ms;
}

function assertInteger(n: number, label: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${label}必须是整数：${String(n)}`);
}

/** True iff `s` is a string 'YYYY-MM-DD' naming a real calendar date (no 02-30, no 2023-02-29). */
export function isIsoDate(s: unknown): s is IsoDate {
  return typeof s === 'string' && !Number.isNaN(utcMs(s));
}

/**
 * Throws a RangeError unless `d` is a real 'YYYY-MM-DD' date.
 * @param label Chinese name of the value, used in the message (e.g. '受理日期').
 */
export function assertIsoDate(d: unknown, label = '日期'): asserts d is IsoDate {
  if (!isIsoDate(d)) throw new RangeError(`${label}不是有效日期（应为 YYYY-MM-DD）：${String(d)}`);
}

/** The date `n` calendar days after `d` (before it when `n` is negative). */
export function addDays(d: IsoDate, n: number): IsoDate {
  assertInteger(n, '天数');
  return fromMs(msOf(d, '日期') + n * DAY_MS);
}

/** Calendar days from `a` to `b` (`b - a`): diffDays('2024-09-30', '2024-10-01') === 1. */
export function diffDays(a: IsoDate, b: IsoDate): number {
  return Math.round((msOf(b, '日期') - msOf(a, '日期')) / DAY_MS);
}

/** Day of the week of `d`: 0 = Sunday … 6 = Saturday. */
export function weekday(d: IsoDate): number {
  return new Date(msOf(d, '日期')).getUTCDay();
}

/** One official calendar fact: a holiday (放假) or a make-up working day (调休上班, a weekend day worked). */
export interface CalendarEntry {
  date: IsoDate;
  kind: 'holiday' | 'makeup';
  name: string;
}

/** What one day is, and why. */
export interface DayInfo {
  date: IsoDate;
  workday: boolean;
  weekday: number;
  kind: 'workday' | 'weekend' | 'holiday' | 'makeup';
  name?: string;
}

/** A search for the next working day gives up after this many days: only a broken calendar gets there. */
const MAX_SCAN_DAYS = 366;

/**
 * Late-December days may belong to the next year's 元旦 block (2022-12-31 was in the 2023 notice, 2023-12-30/31 in
 * the 2024 one): from this day of December on, a day is settled only once the next year's notice is in.
 */
const NEXT_NOTICE_FROM_DECEMBER_DAY = 29;

/** Options of a calendar. */
export interface WorkCalendarOptions {
  /**
   * The years whose official notice the calendar holds. Absent: inferred from the entries — a year counts when it
   * has both a 春节 and a 国庆 holiday (every State Council notice has both; a single day an administrator adds
   * does not make a year official).
   */
  officialYears?: readonly number[];
}

function yearOf(d: IsoDate): number {
  return Number(d.slice(0, 4));
}

function inferOfficialYears(entries: Iterable<CalendarEntry>): Set<number> {
  const spring = new Set<number>();
  const national = new Set<number>();
  for (const e of entries) {
    if (e.kind !== 'holiday') continue;
    if (e.name.includes('春节')) spring.add(yearOf(e.date));
    if (e.name.includes('国庆')) national.add(yearOf(e.date));
  }
  return new Set([...spring].filter((y) => national.has(y)));
}

/**
 * A working calendar built from holiday and make-up entries. A day is a working day iff it is a
 * make-up day, or Monday–Friday and not a holiday. Immutable: editing the calendar means building a
 * new instance, and deadlines computed against it move accordingly.
 */
export class WorkCalendar {
  readonly #byDate: ReadonlyMap<IsoDate, CalendarEntry>;
  readonly #official: ReadonlySet<number>;

  /**
   * @throws RangeError when an entry has a malformed date or kind, a make-up day is not a weekend day,
   *   or two entries name the same date.
   */
  constructor(entries: readonly CalendarEntry[], opts: WorkCalendarOptions = {}) {
    const byDate = new Map<IsoDate, CalendarEntry>();
    for (const [i, e] of entries.entries()) {
      assertIsoDate(e.date, `日历第 ${i + 1} 条的日期`);
      if (e.kind !== 'holiday' && e.kind !== 'makeup') {
        throw new RangeError(`日历第 ${i + 1} 条（${e.date}）类型无效：${String(e.kind)}`);
      }
      if (e.kind === 'makeup' && weekday(e.date) !== 0 && weekday(e.date) !== 6) {
        throw new RangeError(`调休上班日必须是周六或周日：${e.date}`);
      }
      if (byDate.has(e.date)) throw new RangeError(`日历中 ${e.date} 重复出现`);
      byDate.set(e.date, { date: e.date, kind: e.kind, name: e.name });
    }
    this.#byDate = byDate;
    for (const y of opts.officialYears ?? []) {
      if (!Number.isInteger(y) || y < 1 || y > 9999) throw new RangeError(`官方日历年份无效：${String(y)}`);
    }
    this.#official = new Set(opts.officialYears ?? inferOfficialYears(byDate.values()));
  }

  /** The years whose official holiday notice the calendar holds, ascending. */
  officialYears(): number[] {
    return [...this.#official].sort((a, b) => a - b);
  }

  /** True iff the calendar holds the official notice of `year`. */
  hasOfficialYear(year: number): boolean {
    return this.#official.has(year);
  }

  /**
   * The year whose missing notice leaves `d` unsettled, or null when `d` is settled: the year of `d` when its notice
   * is missing, or the next year for a late-December day (it may fall in the next 元旦 block) when that one is.
   */
  unsettledYearOf(d: IsoDate): number | null {
    const y = yearOf(d);
    if (!this.#official.has(y)) return y;
    const md = d.slice(5);
    if (md >= `12-${NEXT_NOTICE_FROM_DECEMBER_DAY}` && !this.#official.has(y + 1)) return y + 1;
    return null;
  }

  /** Years with a missing notice among the days of the span [from, to] (both counted), ascending. */
  unsettledYearsIn(from: IsoDate, to: IsoDate): number[] {
    const out = new Set<number>();
    const span = diffDays(from, to);
    for (let i = 0; i <= span; i++) {
      const y = this.unsettledYearOf(addDays(from, i));
      if (y !== null) out.add(y);
    }
    return [...out].sort((a, b) => a - b);
  }

  /** Every entry, sorted by date (for storage and display). */
  entries(): CalendarEntry[] {
    return [...this.#byDate.values()]
      .sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0))
      .map((e) => ({ ...e }));
  }

  /** True iff `d` is a working day. */
  isWorkday(d: IsoDate): boolean {
    const e = this.#byDate.get(d);
    if (e) return e.kind === 'makeup';
    const w = weekday(d);
    return w !== 0 && w !== 6;
  }

  /** What `d` is: working day, plain weekend, holiday (with its name) or make-up working day. */
  dayInfo(d: IsoDate): DayInfo {
    const w = weekday(d);
    const e = this.#byDate.get(d);
    if (e) return { date: d, workday: e.kind === 'makeup', weekday: w, kind: e.kind, name: e.name };
    const weekend = w === 0 || w === 6;
    return { date: d, workday: !weekend, weekday: w, kind: weekend ? 'weekend' : 'workday' };
  }

  /** The first working day strictly after `d`. */
  nextWorkday(d: IsoDate): IsoDate {
    let cur = d;
    for (let i = 0; i < MAX_SCAN_DAYS; i++) {
      cur = addDays(cur, 1);
      if (this.isWorkday(cur)) return cur;
    }
    throw new RangeError(`${d} 之后 ${MAX_SCAN_DAYS} 日内没有工作日，请检查工作日历`);
  }

  /** `d` itself when it is a working day, otherwise the next working day. */
  rollForward(d: IsoDate): IsoDate {
    return this.isWorkday(d) ? d : this.nextWorkday(d);
  }

  /**
   * The day on which `n` working days after `start` are complete (the start day is not counted):
   * addWorkdays('2024-09-27', 5) === '2024-10-10' because 09-29 is a make-up day. `n = 0` gives `start`.
   */
  addWorkdays(start: IsoDate, n: number): IsoDate {
    assertInteger(n, '工作日数');
    if (n < 0) throw new RangeError(`工作日数不能为负数：${n}`);
    assertIsoDate(start, '起算日期');
    let cur = start;
    for (let left = n; left > 0; left--) cur = this.nextWorkday(cur);
    return cur;
  }

  /**
   * Working days in the half-open span (a, b]: `a` is not counted, `b` is. Negative when `b` is before
   * `a`. Inverse of addWorkdays: workdaysBetween(s, addWorkdays(s, n)) === n.
   */
  workdaysBetween(a: IsoDate, b: IsoDate): number {
    const span = diffDays(a, b);
    if (span < 0) return -this.workdaysBetween(b, a);
    let count = 0;
    for (let i = 1; i <= span; i++) if (this.isWorkday(addDays(a, i))) count++;
    return count;
  }
}

// ---------------------------------------------------------------------------------------------------
// The official-notice exchange format (../shared/data/cn-calendar-2023-2026.json):
// { years: { "2024": { notice?, holidays: [{ name, from, to, days: [...] }], makeUpWorkdays: [...] } } }

function shapeError(path: string, what: string): Error {
  return new Error(`日历数据格式错误：${path} ${what}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readDate(v: unknown, path: string): IsoDate {
  if (!isIsoDate(v)) throw shapeError(path, `不是有效日期（应为 YYYY-MM-DD）：${JSON.stringify(v)}`);
  return v;
}

function readArray(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw shapeError(path, '应为数组');
  return v;
}

/**
 * Reads and validates the official holiday notice format (years → holidays[{name, from, to, days}] and
 * makeUpWorkdays[]) into calendar entries sorted by date. Every holiday block must list exactly the
 * days from `from` to `to`; make-up days must be weekend days; no date may appear twice.
 * @throws Error naming the offending path when the shape is wrong.
 */
export function parseOfficialCalendarJson(json: unknown): CalendarEntry[] {
  if (!isRecord(json)) throw shapeError('(根)', '应为对象');
  const years = json['years'];
  if (!isRecord(years)) throw shapeError('years', '应为以年份为键的对象');
  const out: CalendarEntry[] = [];
  const seen = new Map<IsoDate, string>();
  const add = (e: CalendarEntry, path: string): void => {
    const prev = seen.get(e.date);
    if (prev !== undefined) throw shapeError(path, `日期 ${e.date} 与 ${prev} 重复`);
    seen.set(e.date, path);
    out.push(e);
  };
  for (const [year, block] of Object.entries(years)) {
    const yp = `years.${year}`;
    if (!/^\d{4}$/.test(year)) throw shapeError(yp, '年份应为四位数字');
    if (!isRecord(block)) throw shapeError(yp, '应为对象');
    readArray(block['holidays'], `${yp}.holidays`).forEach((h, i) => {
      const hp = `${yp}.holidays[${i}]`;
      if (!isRecord(h)) throw shapeError(hp, '应为对象');
      const name = h['name'];
      if (typeof name !== 'string' || name.trim() === '') throw shapeError(`${hp}.name`, '应为非空字符串');
      const from = readDate(h['from'], `${hp}.from`);
      const to = readDate(h['to'], `${hp}.to`);
      if (to < from) throw shapeError(hp, `结束日期 ${to} 早于开始日期 ${from}`);
      const days = readArray(h['days'], `${hp}.days`).map((d, j) => readDate(d, `${hp}.days[${j}]`));
      const span = diffDays(from, to) + 1;
      const contiguous = days.length === span && days.every((d, j) => d === addDays(from, j));
      if (!contiguous) throw shapeError(`${hp}.days`, `应逐日列出 ${from} 至 ${to} 的 ${span} 天`);
      days.forEach((d, j) => add({ date: d, kind: 'holiday', name: name.trim() }, `${hp}.days[${j}]`));
    });
    readArray(block['makeUpWorkdays'], `${yp}.makeUpWorkdays`).forEach((d, i) => {
      const p = `${yp}.makeUpWorkdays[${i}]`;
      const date = readDate(d, p);
      const w = weekday(date);
      if (w !== 0 && w !== 6) throw shapeError(p, `调休上班日 ${date} 不是周六或周日`);
      add({ date, kind: 'makeup', name: '调休上班' }, p);
    });
  }
  return out.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}

const DAY_FMT = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date in China (the statutory clock runs on Beijing time). */
export function todayOf(now: Date): IsoDate {
  return DAY_FMT.format(now);
}
