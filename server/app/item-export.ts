import type { ItemListQuery } from '../../contract/dto.ts';
import { itemsXlsx } from '../exports/items-xlsx.ts';
import { recordAudit } from './audit-event.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';
import { listItems } from './item-queries.ts';

/** Rows a spreadsheet export holds at most: the size a spreadsheet is still useful at. */
export const EXPORT_ROW_LIMIT = 20_000;

/** Query keys that only page or sort the list: they do not describe which items an export holds. */
const PAGING_KEYS = new Set(['page', 'pageSize', 'sort', 'order', 'cursor', 'dir']);

/** The list export as a file: its bytes, its Chinese name and an ASCII fallback. */
export interface ItemListFile {
  content: Buffer;
  name: string;
  asciiName: string;
  rows: number;
}

/**
 * 导出事项列表: pages through the very query the list shows the reader (same filters, sort and visibility, no
 * personal data), up to EXPORT_ROW_LIMIT rows, writes the spreadsheet and records the export with its filters in
 * the audit log.
 */
export async function exportItemList(deps: AppDeps, ctx: UseCaseCtx, query: ItemListQuery): Promise<ItemListFile> {
  const rows: Awaited<ReturnType<typeof listItems>>['items'] = [];
  let today = '';
  let cursor: string | undefined;
  do {
    const res = await listItems(deps, ctx, { ...query, cursor, dir: 'next', pageSize: 200 });
    today = res.today;
    rows.push(...res.items);
    cursor = res.nextCursor ?? undefined;
  } while (cursor && rows.length < EXPORT_ROW_LIMIT);
  const filters = Object.entries(query)
    .filter(([k, v]) => v !== undefined && v !== '' && !PAGING_KEYS.has(k))
    .map(([k, v]) => `${k}=${v}`)
    .join('，');
  const content = await itemsXlsx(rows, { title: '信访事项列表', filters, today });
  await recordAudit(deps.db, deps, ctx, 'items.export', { rows: rows.length, filters });
  return { content, name: `信访事项列表-${today}.xlsx`, asciiName: `items-${today}.xlsx`, rows: rows.length };
}
