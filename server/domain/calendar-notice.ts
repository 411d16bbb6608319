/**
 * The yearly State Council holiday notice (国务院办公厅关于 Y 年部分节假日安排的通知) as data: entering it in one
 * step, and knowing when to ask for it. Pure: the caller stores the merged entries and recomputes running deadlines.
 */
import { AppError } from './errors.ts';
import {
  addDays,
  isIsoDate,
  parseOfficialCalendarJson,
  WorkCalendar,
  type CalendarEntry,
  type IsoDate,
} from './calendar.ts';

/** One year's notice, validated. */
export interface CalendarNotice {
  year: number;
  /** Who issued it and when, e.g. '国务院办公厅 2025-11-04' (free text from the file). */
  notice: string;
  entries: CalendarEntry[];
}

/** What entering a notice changes in the calendar. */
export interface CalendarNoticeMerge {
  entries: CalendarEntry[];
  /** Days that were not in the calendar before. */
  added: CalendarEntry[];
  /** Days of the year's span the notice no longer lists (e.g. a provisional holiday an administrator had added). */
  removed: CalendarEntry[];
  /** Days whose kind or name the notice changes. */
  changed: { before: CalendarEntry; after: CalendarEntry }[];
}

/** Holiday names every notice has: a file without them is not a whole year's notice. */
const REQUIRED_HOLIDAYS = ['元旦', '春节', '清明', '劳动', '端午', '中秋', '国庆'] as const;

function noticeError(message: string, details?: unknown): never {
  throw new AppError('CALENDAR_NOTICE_INVALID', message, details);
}

/**
 * The first and last day a year's notice may speak about: its own year, plus the last days of December before it
 * (the 元旦 block may start there, e.g. 2022-12-31 in the 2023 notice, 2023-12-30 in the 2024 one).
 */
export function noticeSpan(year: number): { from: IsoDate; to: IsoDate } {
  const y = String(year).padStart(4, '0');
  return { from: addDays(`${y}-01-01`, -3), to: `${y}-12-31` };
}

/**
 * Reads one year's notice in the exchange shape of the shipped calendar JSON
 * (`{ years: { "2027": { notice, holidays: [{ name, from, to, days }], makeUpWorkdays } } }`) and checks that it is a
 * whole, plausible notice: exactly one year, every holiday named, the seven statutory holidays present, every date
 * inside the year (or the last days of December before it), make-up days on weekends.
 * @param expectYear when given, the file must be that year's notice.
 * @throws AppError('CALENDAR_NOTICE_INVALID') with a Chinese message naming what to fix.
 */
export function parseCalendarNotice(json: unknown, expectYear?: number): CalendarNotice {
  let entries: CalendarEntry[];
  try {
    entries = parseOfficialCalendarJson(json);
  } catch (e) {
    noticeError((e as Error).message);
  }
  const years = Object.keys((json as { years: Record<string, unknown> }).years);
  if (years.length !== 1)
    noticeError(`一次只能录入一个年度的通知，文件中有 ${years.length} 个年度：${years.join('、')}`);
  const year = Number(years[0]);
  if (expectYear !== undefined && year !== expectYear)
    noticeError(`文件是 ${year} 年的通知，不是所选的 ${expectYear} 年`);
  const block = (json as { years: Record<string, { notice?: unknown }> }).years[years[0]!]!;
  const notice = typeof block.notice === 'string' ? block.notice.trim() : '';
  if (!notice) noticeError(`请填写通知的发文机关和日期（years.${year}.notice），例如“国务院办公厅 ${year - 1}-11-04”`);
  const span = noticeSpan(year);
  const outside = entries.filter((e) => e.date < span.from || e.date > span.to);
  if (outside.length)
    noticeError(
      `${year} 年通知中的日期须在 ${span.from} 至 ${span.to} 之间：${outside.map((e) => e.date).join('、')}`,
      { outside: outside.map((e) => e.date) },
    );
  const names = new Set(entries.filter((e) => e.kind === 'holiday').map((e) => e.name));
  const missing = REQUIRED_HOLIDAYS.filter((h) => ![...names].some((n) => n.includes(h)));
  if (missing.length)
    noticeError(`通知缺少以下法定节日的放假安排：${missing.join('、')}（名称须包含节日名，如“国庆节、中秋节”）`, {
      missing,
    });
  return { year, notice, entries };
}

function sameEntry(a: CalendarEntry, b: CalendarEntry): boolean {
  return a.kind === b.kind && a.name === b.name;
}

/**
 * Enters a notice: the notice is the authority for its year, so every entry of that year it does not list is
 * removed (e.g. a provisional holiday an administrator had added), and every day it lists is set as it says. Late
 * December days named 元旦 that the notice does not list stay (they belong to the next year's notice), and so do
 * entries of every other year. Returns the merged entries (sorted) and what was added, removed or changed, for the
 * administrator's confirmation and the audit entry.
 */
export function mergeCalendarNotice(current: readonly CalendarEntry[], notice: CalendarNotice): CalendarNoticeMerge {
  const y = String(notice.year).padStart(4, '0');
  const listed = new Map(notice.entries.map((e) => [e.date, e]));
  const nextNewYear = (e: CalendarEntry) => e.date >= `${y}-12-29` && e.name.includes('元旦');
  const replaced = (e: CalendarEntry) =>
    listed.has(e.date) || (e.date >= `${y}-01-01` && e.date <= `${y}-12-31` && !nextNewYear(e));
  const byDate = new Map(current.map((e) => [e.date, e]));
  const added: CalendarEntry[] = [];
  const changed: CalendarNoticeMerge['changed'] = [];
  for (const e of notice.entries) {
    const b = byDate.get(e.date);
    if (!b) added.push(e);
    else if (!sameEntry(b, e)) changed.push({ before: b, after: e });
  }
  const removed = current.filter((e) => replaced(e) && !listed.has(e.date));
  const entries = [...current.filter((e) => !replaced(e)), ...notice.entries].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  );
  new WorkCalendar(entries); // the merged calendar must itself be valid
  return { entries, added, removed, changed };
}

/** A reminder for the administrator that a year's notice is missing. */
export interface CalendarCoverageWarning {
  year: number;
  /** The day from which the reminder shows: 1 October of the year before. */
  warnFrom: IsoDate;
  /** `upcoming`: next year's notice is due soon; `missing`: the year has begun (deadlines in it are provisional). */
  severity: 'upcoming' | 'missing';
  message: string;
}

/** The day from which the administrator is reminded to enter `year`'s notice (1 October of the year before). */
export function calendarWarnFrom(year: number): IsoDate {
  return `${String(year - 1).padStart(4, '0')}-10-01`;
}

/**
 * The reminders to show today: the current year and the next, each whose notice the calendar lacks once its
 * reminder day has come. Empty when both are in.
 */
export function calendarCoverageWarnings(cal: WorkCalendar, today: IsoDate): CalendarCoverageWarning[] {
  if (!isIsoDate(today)) throw new RangeError(`当前日期不是有效日期：${String(today)}`);
  const y = Number(today.slice(0, 4));
  const out: CalendarCoverageWarning[] = [];
  for (const year of [y, y + 1]) {
    if (cal.hasOfficialYear(year)) continue;
    const warnFrom = calendarWarnFrom(year);
    if (today < warnFrom) continue;
    const severity = year <= y ? 'missing' : 'upcoming';
    out.push({
      year,
      warnFrom,
      severity,
      message:
        severity === 'missing'
          ? `工作日历缺少 ${year} 年的法定节假日安排：落在 ${year} 年的期限按周一至周五为工作日暂算，请尽快录入国务院办公厅通知`
          : `工作日历尚无 ${year} 年的法定节假日安排。国务院办公厅通知通常于 ${year - 1} 年 10 月至 12 月发布，发布后请及时录入`,
    });
  }
  return out;
}
