import { UNIT_HANDLING_STATUSES, UNIT_INBOX_STATUSES } from '../../../../contract/status-sets.ts';
import { useCurrentUser } from '../../api/auth.ts';
import { ItemTable, type ListPreset } from './ItemListPage.tsx';

const PRESETS: ListPreset[] = [
  { key: 'todo', label: '待签收 / 待受理', filters: { status: [...UNIT_INBOX_STATUSES] }, sort: 'dueOn', order: 'asc' },
  {
    key: 'due',
    label: '办理中（按期限）',
    filters: { status: [...UNIT_HANDLING_STATUSES] },
    sort: 'dueOn',
    order: 'asc',
  },
  { key: 'overdue', label: '已超期', filters: { warning: 'overdue' }, sort: 'dueOn', order: 'asc' },
  { key: 'all', label: '本单位全部', filters: {} },
];

/** 责任单位收件箱: the unit's items with presets (the list API limits unit staff to their unit). */
export default function InboxPage() {
  const me = useCurrentUser();
  return <ItemTable title={`${me.unit?.name ?? '本单位'}收件箱`} presets={PRESETS} showUnitFilter={false} />;
}
