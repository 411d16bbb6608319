/**
 * When scheduled jobs are due, on the wall clock of Asia/Shanghai (the statutory clock's time zone). Pure: `now`
 * is passed in. A slot is the latest scheduled moment at or before now, written `YYYY-MM-DDTHH:MM+08:00`, so
 * that slots of one job sort as text and a job's row can say which slot ran last.
 */

export type Schedule =
  /** Once a day at the given Beijing time, e.g. '08:00'. */
  | { kind: 'daily'; at: string }
  /** Every N minutes on the Beijing clock, aligned to midnight (N divides the day, e.g. 5, 15, 60). */
  | { kind: 'every'; minutes: number };

export const JOB_TIME_ZONE = 'Asia/Shanghai';

const PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: JOB_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The Beijing wall clock of an instant: date 'YYYY-MM-DD' and minutes since midnight. */
export function beijingClock(now: Date): { date: string; minutes: number } {
  const p = Object.fromEntries(PARTS.formatToParts(now).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, minutes: Number(p.hour) * 60 + Number(p.minute) };
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function previousDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** Checks a schedule; throws RangeError with a Chinese message. */
export function checkSchedule(s: Schedule): Schedule {
  if (s.kind === 'daily') {
    const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s.at);
    if (!m) throw new RangeError(`每日执行时间应为 HH:MM（如 08:00）：${s.at}`);
  } else if (!Number.isInteger(s.minutes) || s.minutes < 1 || s.minutes > 1440 || 1440 % s.minutes !== 0) {
    throw new RangeError(`执行间隔应为能整除一天的分钟数（如 5、15、60）：${s.minutes}`);
  }
  return s;
}

/** The slot due at `now`: the latest scheduled moment at or before it. */
export function slotOf(s: Schedule, now: Date): string {
  checkSchedule(s);
  const { date, minutes } = beijingClock(now);
  if (s.kind === 'every') return `${date}T${hhmm(minutes - (minutes % s.minutes))}+08:00`;
  const [h, m] = s.at.split(':').map(Number) as [number, number];
  const at = h * 60 + m;
  return `${minutes >= at ? date : previousDate(date)}T${s.at}+08:00`;
}

/** The instant a slot stands for. */
export function slotInstant(slot: string): Date {
  return new Date(`${slot.slice(0, 16)}:00${slot.slice(16)}`);
}

/** The Beijing date of a slot (the day a daily job's digest or sweep is for). */
export function slotDate(slot: string): string {
  return slot.slice(0, 10);
}

/** The slot after the one due at `now` (the next time the job will run). */
export function nextSlotOf(s: Schedule, now: Date): string {
  const cur = slotInstant(slotOf(s, now));
  const step = s.kind === 'daily' ? 86_400_000 : s.minutes * 60_000;
  return slotOf(s, new Date(cur.getTime() + step));
}
