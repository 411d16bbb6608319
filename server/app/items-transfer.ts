import { SYSTEM_ACTOR } from '../domain/item.policy.ts';
import type { Item } from '../domain/item.ts';
import { tableXlsx } from '../exports/import-xlsx.ts';
import { itemsForExport } from '../store/import.store.ts';
import { loadItem } from '../store/item.store.ts';
import { listUnits } from '../store/reference.store.ts';
import { recordAudit } from './audit-event.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';
import { IMPORT_COLUMNS, type ImportColumn } from './import-rows.ts';

/** The import-format row of one item: the import's own columns plus the results. */
function cellsOf(
  item: Item,
  cls: { classPath: string | null; upstreamClass: string | null },
  units: ReadonlyMap<string, { name: string; insideDistrict: boolean }>,
): string[] {
  const f = item.facts;
  const p = item.petitioners[0] ?? null;
  const unit = item.leadUnitId ? units.get(item.leadUnitId) : undefined;
  const routeKind = f.route?.kind ?? f.declined?.kind ?? '';
  const yes = (b: boolean) => (b ? '是' : '否');
  const cell: Record<ImportColumn, string> = {
    信访件编号: item.number,
    登记日期: item.registeredOn,
    信访形式: item.channel,
    登记机构: item.level,
    信访人: p?.name ?? '',
    证件号码: p?.idNumber ?? '',
    联系电话: p?.phone ?? '',
    人数: String(item.headCount),
    信访目的: item.purpose,
    // The upstream text an item was imported with goes back as it came (upstream gets its own names back).
    内容分类: cls.upstreamClass ?? cls.classPath ?? '',
    是否涉法涉诉: yes(item.flags.includes('涉法涉诉')),
    问题属地: item.place ?? '',
    标题: item.title,
    诉求内容: item.content,
    责任单位: unit?.name ?? '',
    责任单位属地: unit ? (unit.insideDistrict ? '本区' : '外区') : '',
    是否重复信访: yes(item.isRepeat),
    处理方式: routeKind,
    受理日期: f.acceptedOn ?? '',
    办结日期: f.closedOn ?? '',
    处理结果: f.closedOn ? (f.opinion?.facts ?? '') : '',
    满意度: f.closedOn ? (f.rating?.satisfaction ?? '') : '',
  };
  return IMPORT_COLUMNS.map((c) => cell[c]);
}

/**
 * `xinfang export items`: every item registered in the range (all when none) as an xlsx in the import's own
 * columns plus the results (受理日期, 办结日期, 处理结果, 满意度), so the file imports into another instance
 * unchanged and an upstream system gets the results back. It holds personal data: it is an operator's command
 * (no HTTP route), and each export is audited with its range and row count.
 */
export async function exportItemsForImport(
  deps: AppDeps,
  range: { from?: string; to?: string },
  ctx: UseCaseCtx = { actor: SYSTEM_ACTOR, requestId: null },
  onProgress?: (done: number) => void,
): Promise<{ content: Buffer; rows: number }> {
  const units = new Map((await listUnits(deps.db)).map((u) => [u.id, u]));
  const rows: string[][] = [];
  let after: string | null = null;
  for (;;) {
    const page = await itemsForExport(deps.db, after, 500, range);
    for (const ref of page) {
      const item = await loadItem(deps.db, ref.id, deps.codec);
      if (item) rows.push(cellsOf(item, ref, units));
    }
    onProgress?.(rows.length);
    if (page.length < 500) break;
    after = page[page.length - 1]!.number;
  }
  const content = await tableXlsx(IMPORT_COLUMNS, rows);
  await recordAudit(deps.db, deps, ctx, 'items.export_import', { rows: rows.length, ...range });
  return { content, rows: rows.length };
}
