import { addDays, diffDays } from '../domain/calendar.ts';
import { computeDeadline, warningOf, type WarningLevel, type WarningThresholds } from '../domain/deadline.ts';
import { MONTH_FACTOR } from './data/weights.data.ts';
import type { Slot, World } from './demo.model.ts';

/** When items arrive: registration dates over two years and the items held open at each warning level. */

export function registrationDates(w: World, n: number, first: string, last: string): string[] {
  const days: string[] = [];
  const weights: number[] = [];
  const span = diffDays(first, last);
  for (let i = 0; i <= span; i++) {
    const d = addDays(first, i);
    const trend = 1.12 - 0.2 * (i / Math.max(1, span)); // 降总量: the older year had more items
    const month = MONTH_FACTOR[Number(d.slice(5, 7))]!;
    const info = w.cal.dayInfo(d);
    const day = info.workday ? 1 : info.kind === 'holiday' ? 0.08 : 0.15;
    days.push(d);
    weights.push(trend * month * day * (0.5 + w.r.next()));
  }
  // Systematic sampling over the cumulative weights: month volumes follow the weights closely while the
  // jitter makes single days vary.
  const total = weights.reduce((a, b) => a + b, 0);
  const out: string[] = [];
  const step = total / Math.max(1, n);
  let next = w.r.next() * step;
  let acc = 0;
  for (let i = 0; i < days.length && out.length < n; i++) {
    acc += weights[i]!;
    while (next < acc && out.length < n) {
      out.push(days[i]!);
      next += step;
    }
  }
  while (out.length < n) out.push(last);
  return out;
}

/**
 * Open items whose current duty sits at each warning level today: a few opinions due (办理期限), and, where
 * only a duty ending exactly today can reach 严重警告 (99 % of a 60-day period is its last day), a receipt
 * notice or a route decision due today. Starts are working days; nothing is forced when none fits.
 */
export function forcedSlots(w: World, thresholds: WarningThresholds): Slot[] {
  const out: Slot[] = [];
  const find = (
    rule: 'handle' | 'accept_notice' | 'route',
    level: WarningLevel,
    from: number,
    to: number,
  ): string[] => {
    const found: string[] = [];
    for (let back = from; back <= to; back++) {
      const start = addDays(w.today, -back);
      if (!w.cal.isWorkday(start)) continue;
      if (warningOf(computeDeadline(w.rules[rule], start, w.cal), w.today, thresholds).level === level)
        found.push(start);
    }
    return found;
  };
  const add = (rule: 'handle' | 'accept_notice' | 'route', level: WarningLevel, n: number): number => {
    const cands = rule === 'handle' ? find(rule, level, 30, 80) : find(rule, level, 5, 20);
    for (let i = 0; i < n && i < cands.length; i++) {
      const start = cands[Math.floor(((i + 0.5) * cands.length) / n)]!;
      // Registered about a week before the start on a working day, so that route and receipt fit before it.
      let reg = rule === 'route' ? start : addDays(start, -7);
      while (!w.cal.isWorkday(reg)) reg = addDays(reg, -1);
      out.push({ receivedOn: reg, forced: { rule, start, level } });
    }
    return Math.min(n, cands.length);
  };
  add('handle', 'notice', 2);
  add('handle', 'warning', 2);
  add('handle', 'overdue', 1);
  if (!add('handle', 'severe', 1) && !add('accept_notice', 'severe', 1)) add('route', 'severe', 1);
  add('accept_notice', 'warning', 1);
  add('route', 'notice', 1);
  add('route', 'warning', 1);
  return out;
}

/**
 * Every item's arrival, in date order: the parking and concrete-plant clusters, the items held at each warning
 * level, and the rest spread over the two years before `today` (no clusters or held items below 40 items).
 */
export function planSlots(w: World, total: number, thresholds: WarningThresholds): Slot[] {
  const r = w.r;
  const today = w.today;
  const first = addDays(today, -729);
  const slots: Slot[] = [];
  const forced = total >= 40 ? forcedSlots(w, thresholds) : [];
  const nParking = total >= 40 ? Math.max(3, Math.round((40 * total) / 2000)) : 0;
  const nConcrete = total >= 40 ? Math.max(2, Math.round((25 * total) / 2000)) : 0;
  for (let i = 0; i < nParking; i++)
    slots.push({ receivedOn: addDays(today, -Math.floor(85 * Math.sqrt(r.next()))), cluster: 'parking' });
  for (let i = 0; i < nConcrete; i++) slots.push({ receivedOn: addDays(today, -r.int(8, 150)), cluster: 'concrete' });
  slots.push(...forced);
  const regular = Math.max(0, total - slots.length);
  for (const d of registrationDates(w, regular, first, today)) slots.push({ receivedOn: d });
  slots.length = Math.min(slots.length, total);
  slots.sort((a, b) => (a.receivedOn < b.receivedOn ? -1 : a.receivedOn > b.receivedOn ? 1 : 0));
  return slots;
}
