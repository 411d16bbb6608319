import type { WarningLevelCode } from '../../contract/enums.ts';

/** The threshold dates stored per item for its current duty. */
export interface StoredDueDates {
  dueOn: string | null;
  noticeOn: string | null;
  warningOn: string | null;
  severeOn: string | null;
}

/** Warning level today from the stored threshold dates of the current duty. */
export function warningFromDates(r: StoredDueDates, today: string): WarningLevelCode | null {
  if (!r.dueOn) return null;
  if (today > r.dueOn) return 'overdue';
  if (r.severeOn && today >= r.severeOn) return 'severe';
  if (r.warningOn && today >= r.warningOn) return 'warning';
  if (r.noticeOn && today >= r.noticeOn) return 'notice';
  return 'normal';
}
