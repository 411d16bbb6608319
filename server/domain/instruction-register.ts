/**
 * The 批示 register as the reader sees it: the filters (leader, state, overdue, unit) applied to the rows already
 * cut to what the reader may see, and the same rows as the cells of the Excel export. A filter only ever looks at
 * what the row shows the reader (a unit's row holds only its own duty), so filtering cannot reveal a hidden unit.
 * Pure.
 */
import {
  FOLLOW_UP_STATUS_LABELS,
  INSTRUCTION_REGISTER_STATE_LABELS,
  type FollowUpStatus,
  type InstructionRegisterState,
} from '../../contract/campaign.ts';

export interface RegisterFilter {
  leaderUserId?: string;
  state?: InstructionRegisterState;
  overdue?: boolean;
  unitId?: string;
}

/** What the filters and the export read of one presented row. */
export interface RegisterRowView {
  on: string;
  leaderUserId: string;
  leaderName: string;
  text: string;
  doneOn: string | null;
  overdue: boolean;
  subject: { kind: 'item' | 'case'; items: readonly { number: string; title: string }[]; hidden: number };
  addressees: readonly { ownerUnitId: string; status: FollowUpStatus; dueOn: string; overdue: boolean }[];
}

/**
 * Whether a row passes the filter. The duties looked at are the row's visible ones, only the chosen unit's when a
 * unit is chosen: the state and overdue filters then speak of that unit's duty.
 */
export function matchesRegisterFilter(row: RegisterRowView, f: RegisterFilter): boolean {
  if (f.leaderUserId && row.leaderUserId !== f.leaderUserId) return false;
  const duties = f.unitId ? row.addressees.filter((a) => a.ownerUnitId === f.unitId) : row.addressees;
  if (f.unitId && duties.length === 0) return false;
  if (f.overdue && !duties.some((a) => a.overdue)) return false;
  if (f.state === 'done' && !(duties.length > 0 && duties.every((a) => a.status === 'done'))) return false;
  if (f.state === 'reported' && !duties.some((a) => a.status === 'reported')) return false;
  if (f.state === 'open' && !duties.some((a) => a.status !== 'done')) return false;
  return true;
}

/** The filter in words, for the 说明 sheet and the audit record ("" when nothing is chosen). */
export function registerFilterText(
  f: RegisterFilter,
  names: { leader: (id: string) => string; unit: (id: string) => string },
): string {
  const parts: string[] = [];
  if (f.leaderUserId) parts.push(`批示领导：${names.leader(f.leaderUserId)}`);
  if (f.unitId) parts.push(`落实单位：${names.unit(f.unitId)}`);
  if (f.state) parts.push(`状态：${INSTRUCTION_REGISTER_STATE_LABELS[f.state]}`);
  if (f.overdue) parts.push('仅看逾期');
  return parts.join('；');
}

export const INSTRUCTION_REGISTER_COLUMNS = [
  '批示日期',
  '批示领导',
  '批示内容',
  '所涉事项',
  '落实单位及情况',
  '状态',
  '落实完毕日期',
] as const;

/** The row's state as the screen shows it: 已落实, 逾期 or 落实中. */
export function registerRowState(row: Pick<RegisterRowView, 'doneOn' | 'overdue'>): string {
  return row.doneOn ? '已落实' : row.overdue ? '逾期' : '落实中';
}

/** One row as the cells of `INSTRUCTION_REGISTER_COLUMNS`: the items and duties exactly as the reader sees them. */
export function instructionRegisterLine(row: RegisterRowView, unitName: (id: string) => string): string[] {
  const items = row.subject.items.map((i) => `${i.number} ${i.title}`);
  if (row.subject.hidden > 0) items.push(`另有 ${row.subject.hidden} 件无权查看`);
  const duties = row.addressees.map(
    (a) =>
      `${unitName(a.ownerUnitId)}：${FOLLOW_UP_STATUS_LABELS[a.status]}（限 ${a.dueOn}${a.overdue ? '，逾期' : ''}）`,
  );
  return [
    row.on,
    row.leaderName,
    row.text,
    `${row.subject.kind === 'case' ? '【积案】' : ''}${items.join('\n')}`,
    duties.join('\n'),
    registerRowState(row),
    row.doneOn ?? '',
  ];
}
