/**
 * The daily digest of one person (每日待办摘要): what waits for them, the most pressing first, with counts by
 * warning level, sent once a day at a set time. Built from the person's worklist (`worklistFor`), whose titles are
 * already what the person may read; the outbound text (e-mail) carries item numbers and actions only. Pure.
 */
import { WARNING_LEVEL_LABELS } from '../../contract/enums.ts';
import type { IsoDate } from './calendar.ts';
import type { WarningLevel } from './deadline.ts';
import type { WorkEntry } from './worklist.ts';

export interface Digest {
  /** Stable: `digest:<user>:<date>`: one digest per person and day. */
  key: string;
  userId: string;
  date: IsoDate;
  title: string;
  /** In-app lines (with titles as the person may read them). */
  lines: string[];
  /** Outbound text: numbers, actions and dates only. */
  outboundText: string;
  counts: { total: number; overdue: number; severe: number; warning: number; notice: number; unread: number };
  link: string;
}

export function digestKey(userId: string, date: IsoDate): string {
  return `digest:${userId}:${date}`;
}

function line(e: WorkEntry, withTitle: boolean): string {
  const what = `${e.actionLabel}：${e.numbers.join('、')}${withTitle && e.title ? `「${e.title}」` : ''}`;
  const level = e.level && e.level !== 'normal' ? `【${WARNING_LEVEL_LABELS[e.level]}】` : '';
  const due = e.dueOn ? `（截至 ${e.dueOn}）` : '';
  return `${level}${what}${due}`;
}

/**
 * The digest of `userId` for `date`, or null when nothing waits and nothing is unread (`sendEmpty` sends a 零报告
 * line instead). At most `maxLines` lines are listed; the rest is counted.
 */
export function digestFor(
  input: { userId: string; displayName: string; date: IsoDate; work: readonly WorkEntry[]; unread: number },
  opts: { maxLines?: number; sendEmpty?: boolean } = {},
): Digest | null {
  const max = opts.maxLines ?? 20;
  const work = input.work;
  const count = (l: WarningLevel) => work.filter((e) => e.level === l).length;
  const counts = {
    total: work.length,
    overdue: count('overdue'),
    severe: count('severe'),
    warning: count('warning'),
    notice: count('notice'),
    unread: input.unread,
  };
  if (!work.length && !input.unread && !opts.sendEmpty) return null;
  const head = work.length
    ? `${input.displayName}，您有 ${work.length} 项待办${counts.overdue ? `，其中超期 ${counts.overdue} 项` : ''}${
        counts.severe ? `、严重警告 ${counts.severe} 项` : ''
      }`
    : `${input.displayName}，今日无待办事项`;
  const more = work.length > max ? [`另有 ${work.length - max} 项，请登录系统查看`] : [];
  const unread = input.unread ? [`未读通知 ${input.unread} 条`] : [];
  const shown = work.slice(0, max);
  return {
    key: digestKey(input.userId, input.date),
    userId: input.userId,
    date: input.date,
    title: `${input.date} 待办摘要：${work.length} 项待办`,
    lines: [head, ...shown.map((e) => line(e, true)), ...more, ...unread],
    outboundText: [head, ...shown.map((e) => line(e, false)), ...more, ...unread].join('\n'),
    counts,
    link: '/',
  };
}
