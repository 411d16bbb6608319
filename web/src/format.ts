import type { WarningLevelCode } from '../../contract/enums.ts';
import { WARNING_LEVEL_LABELS } from '../../contract/enums.ts';

/** Dates are shown as YYYY-MM-DD everywhere (the API already speaks ISO dates). */
export function fmtDate(s: string | null | undefined): string {
  if (!s) return '—';
  return s.slice(0, 10);
}

/** A date the way a letter to a petitioner writes it: 2025-09-26 → 2025年9月26日 (the public pages). */
export function fmtDateCn(s: string | null | undefined): string {
  const m = s ? /^(\d{4})-(\d{2})-(\d{2})/.exec(s) : null;
  if (!m) return s || '—';
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

/** Timestamp in Beijing time as YYYY-MM-DD HH:mm. */
export function fmtDateTime(s: string | null | undefined): string {
  if (!s) return '—';
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  const bj = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return `${bj.slice(0, 10)} ${bj.slice(11, 16)}`;
}

/** Timestamp in Beijing time as YYYY-MM-DD HH:mm:ss (audit log). */
export function fmtDateTimeSec(s: string | null | undefined): string {
  if (!s) return '—';
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  const bj = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return `${bj.slice(0, 10)} ${bj.slice(11, 19)}`;
}

/** A share 0..1 as a whole percentage, e.g. 0.873 → '87%'. */
export function fmtPct(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return '—';
  return `${Math.round(p * 100)}%`;
}

const nf = new Intl.NumberFormat('zh-CN');
export function fmtNum(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : nf.format(n);
}

export const WARNING_ORDER: (WarningLevelCode | 'none')[] = [
  'overdue',
  'severe',
  'warning',
  'notice',
  'normal',
  'none',
];
export const WARNING_COLOR: Record<WarningLevelCode | 'none', string> = {
  overdue: '#cf1322',
  severe: '#d4380d',
  warning: '#d46b08',
  notice: '#d4b106',
  normal: '#389e0d',
  none: '#8c8c8c',
};
export const WARNING_TAG: Record<WarningLevelCode | 'none', string> = {
  overdue: 'red',
  severe: 'volcano',
  warning: 'orange',
  notice: 'gold',
  normal: 'green',
  none: 'default',
};
export function warningLabel(l: WarningLevelCode | 'none' | null | undefined): string {
  if (!l || l === 'none') return '无期限';
  return WARNING_LEVEL_LABELS[l];
}

export function daysLeftText(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n < 0) return `已超期 ${fmtNum(-n)} 天`;
  if (n === 0) return '今天到期';
  return `剩余 ${fmtNum(n)} 天`;
}
