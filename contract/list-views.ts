import type { Role } from './enums.ts';

/** The item list's columns a user may show or hide (编号 and 标题 are always shown). */
export const LIST_COLUMNS = [
  'headCount',
  'channel',
  'status',
  'leadUnit',
  'receivedOn',
  'registeredOn',
  'dueOn',
  'warning',
  'handler',
] as const;
export type ListColumn = (typeof LIST_COLUMNS)[number];

export const LIST_COLUMN_LABELS: Readonly<Record<ListColumn, string>> = {
  headCount: '人数',
  channel: '形式',
  status: '状态',
  leadUnit: '责任单位',
  receivedOn: '收到日期',
  registeredOn: '登记日期',
  dueOn: '期限',
  warning: '预警',
  handler: '经办人',
};

export const DENSITIES = ['compact', 'comfortable'] as const;
export type Density = (typeof DENSITIES)[number];

/** The lists whose layout and saved filters are kept per user. */
export const LIST_KEYS = ['items', 'inbox'] as const;
export type ListKey = (typeof LIST_KEYS)[number];

/** The filter fields a saved filter may hold (the query parameters of GET /api/v1/items). */
export const SAVED_FILTER_KEYS = [
  'q',
  'channel',
  'level',
  'warning',
  'flag',
  'unitId',
  'isRepeat',
  'registeredFrom',
  'registeredTo',
  'channelGroup',
  'domain',
  'origin',
  'inReport',
  'unitName',
  'ratingSource',
  'satisfied',
] as const;

export const SAVED_FILTERS_MAX = 30;

/**
 * The layout a user starts from, by role, chosen to fit 1366 px without sideways scrolling: the desk (登记员) needs
 * the dates it registers by; reviewers and units work to the deadline and its warning; leaders read who handles what.
 */
export function defaultListColumns(role: Role): ListColumn[] {
  switch (role) {
    case 'registrar':
      return ['headCount', 'channel', 'status', 'leadUnit', 'receivedOn', 'registeredOn', 'warning'];
    case 'unit_handler':
    case 'unit_head':
      return ['headCount', 'channel', 'status', 'registeredOn', 'dueOn', 'warning', 'handler'];
    case 'leader':
      return ['headCount', 'status', 'leadUnit', 'registeredOn', 'dueOn', 'warning'];
    default:
      return ['headCount', 'channel', 'status', 'leadUnit', 'registeredOn', 'dueOn', 'warning'];
  }
}
