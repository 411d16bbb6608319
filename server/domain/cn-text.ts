/** Chinese renderings of dates and numbers shared by the texts and documents the product writes. */
import { weekday, type IsoDate } from './calendar.ts';

/** 2025-03-05 → 2025年3月5日 */
export function dateCn(d: IsoDate): string {
  return `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
}

/** 2025-03-05 → 3月5日 (within a text that already named the year). */
export function monthDayCn(d: IsoDate): string {
  return `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** 2025-12-03 → 星期三 */
export function weekdayCn(d: IsoDate): string {
  return `星期${WEEKDAYS[weekday(d)]}`;
}

/** 09:30 → 上午9:30, 14:00 → 下午2:00 (as meeting notices write times). */
export function timeCn(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const part = h < 12 ? '上午' : h < 18 ? '下午' : '晚上';
  const h12 = h <= 12 ? h : h - 12;
  return `${part}${h12}:${String(m).padStart(2, '0')}`;
}
