/**
 * The daily digest of one person (每日待办摘要), sent once a day at a set time: how many to-do items wait for him,
 * how many of them are due within a few days and how many are overdue, with their item numbers, and how many of
 * his notices came since the last digest and are still unread. Counts and item numbers only: a digest never names
 * a petitioner nor an item's title, in the app or out of it (an e-mail leaves the system, and a number is all the
 * person needs to find the item on his list). Pure.
 */
import type { IsoDate } from './calendar.ts';

export interface DigestFacts {
  userId: string;
  date: IsoDate;
  /** The person's to-do items (what waits for him), each with its item number and days left (null: no deadline). */
  todo: readonly { number: string; daysLeft: number | null }[];
  /** How many days ahead count as due soon (today included). */
  dueSoonDays: number;
  /** His unread notices raised since the last digest, by kind label (e.g. 期限预警 → 3). */
  unread: readonly { label: string; count: number }[];
  /** Whether an earlier digest was sent (the unread count then reads 自上次摘要以来). */
  hadDigest: boolean;
}

export interface DigestCounts {
  waiting: number;
  dueSoon: number;
  overdue: number;
  unread: number;
}

export interface Digest {
  /** `digest:<user>:<date>`: one digest per person and day. */
  key: string;
  userId: string;
  date: IsoDate;
  /** 每日待办摘要（M月D日） */
  title: string;
  /** The in-app text, one fact a line. */
  body: string;
  /** The e-mail text: the same lines and where to look. */
  emailBody: string;
  counts: DigestCounts;
  /** Numbers of the overdue items and of those due soon, the most pressing first. */
  overdueNumbers: string[];
  dueSoonNumbers: string[];
  /** The workbench. */
  link: string;
}

/** At most this many item numbers are written per line; the rest is counted. */
export const DIGEST_NUMBERS_SHOWN = 10;

export function digestKey(userId: string, date: IsoDate): string {
  return `digest:${userId}:${date}`;
}

/** 每日待办摘要（12月9日） */
export function digestTitle(date: IsoDate): string {
  return `每日待办摘要（${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日）`;
}

function numbersLine(label: string, numbers: readonly string[]): string {
  const shown = numbers.slice(0, DIGEST_NUMBERS_SHOWN).join('、');
  const more = numbers.length > DIGEST_NUMBERS_SHOWN ? ` 等 ${numbers.length} 项` : '';
  return `${label}：${shown}${more}`;
}

/** The digest of one person for one day, or null when nothing waits for him and nothing new is unread. */
export function digestOf(f: DigestFacts): Digest | null {
  const byDue = [...f.todo].sort((a, b) => (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity));
  const overdue = byDue.filter((t) => t.daysLeft !== null && t.daysLeft < 0).map((t) => t.number);
  const dueSoon = byDue
    .filter((t) => t.daysLeft !== null && t.daysLeft >= 0 && t.daysLeft <= f.dueSoonDays)
    .map((t) => t.number);
  const unread = f.unread.filter((u) => u.count > 0);
  const counts: DigestCounts = {
    waiting: f.todo.length,
    dueSoon: dueSoon.length,
    overdue: overdue.length,
    unread: unread.reduce((n, u) => n + u.count, 0),
  };
  if (!counts.waiting && !counts.unread) return null;
  const lines = [
    counts.waiting
      ? `待办 ${counts.waiting} 项，其中超期 ${counts.overdue} 项、${f.dueSoonDays} 日内到期 ${counts.dueSoon} 项。`
      : '当前没有待办事项。',
  ];
  if (overdue.length) lines.push(numbersLine('超期', overdue));
  if (dueSoon.length) lines.push(numbersLine(`${f.dueSoonDays} 日内到期`, dueSoon));
  if (counts.unread) {
    const kinds = unread.map((u) => `${u.label} ${u.count} 条`).join('、');
    lines.push(`${f.hadDigest ? '自上次摘要以来' : ''}未读通知 ${counts.unread} 条（${kinds}）。`);
  }
  return {
    key: digestKey(f.userId, f.date),
    userId: f.userId,
    date: f.date,
    title: digestTitle(f.date),
    body: lines.join('\n'),
    emailBody: [...lines, '请登录信访事项办理平台，在“待办事项”中查看和办理。'].join('\n'),
    counts,
    overdueNumbers: overdue,
    dueSoonNumbers: dueSoon,
    link: '/',
  };
}
