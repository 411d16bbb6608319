import type { z } from 'zod';
import {
  type Density,
  type ListColumn,
  type ListKey,
  LIST_COLUMNS,
  SAVED_FILTERS_MAX,
  defaultListColumns,
} from '../../contract/list-views.ts';
import {
  type ListLayout,
  type ListViewsResponse,
  SavedFilterConditions,
  type SavedListFilter,
} from '../../contract/responses/list-views.ts';
import { AppError } from '../domain/errors.ts';
import { countListViews, deleteListView, listViewsOf, putListView } from '../store/list-view.store.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';

const PAGE_SIZES = [20, 50, 100];
const LAYOUT = '';

function defaultsFor(ctx: UseCaseCtx, list: ListKey): ListLayout {
  // A unit's inbox lists its own items only: the 责任单位 column would repeat the unit on every row.
  const columns = defaultListColumns(ctx.actor.role).filter((c) => list !== 'inbox' || c !== 'leadUnit');
  return { columns, density: 'compact', pageSize: 20 };
}

/** A stored layout read back leniently: unknown columns (from an older version) are dropped. */
function layoutOf(body: unknown, fallback: ListLayout): ListLayout {
  const b = (body ?? {}) as Partial<ListLayout>;
  const columns = Array.isArray(b.columns) ? b.columns.filter((c): c is ListColumn => LIST_COLUMNS.includes(c)) : [];
  return {
    columns,
    density: b.density === 'comfortable' ? 'comfortable' : 'compact',
    pageSize: PAGE_SIZES.includes(Number(b.pageSize)) ? Number(b.pageSize) : fallback.pageSize,
  };
}

/** The reader's layout of a list (or the role's default) and their saved filters, newest name order. */
export async function myListViews(deps: AppDeps, ctx: UseCaseCtx, list: ListKey): Promise<ListViewsResponse> {
  const rows = await listViewsOf(deps.db, ctx.actor.userId, list);
  const defaults = defaultsFor(ctx, list);
  const own = rows.find((r) => r.name === LAYOUT);
  const saved: SavedListFilter[] = [];
  for (const r of rows) {
    if (r.name === LAYOUT) continue;
    const b = r.body as Partial<SavedListFilter>;
    const f = SavedFilterConditions.safeParse(b.filters ?? {});
    saved.push({
      name: r.name,
      filters: f.success ? f.data : {},
      ...(b.sort ? { sort: b.sort } : {}),
      ...(b.order ? { order: b.order } : {}),
      updatedAt: r.updatedAt,
    });
  }
  return { list, layout: own ? layoutOf(own.body, defaults) : defaults, isDefault: !own, defaults, saved };
}

/** Keeps the reader's layout of a list (columns, density, page size); a later visit restores it. */
export async function saveMyListLayout(
  deps: AppDeps,
  ctx: UseCaseCtx,
  list: ListKey,
  layout: { columns: ListColumn[]; density: Density; pageSize: number },
): Promise<ListViewsResponse> {
  if (!PAGE_SIZES.includes(layout.pageSize))
    throw new AppError('VALIDATION', `每页条数只能是 ${PAGE_SIZES.join('、')} 之一`);
  const columns = LIST_COLUMNS.filter((c) => layout.columns.includes(c));
  await putListView(
    deps.db,
    ctx.actor.userId,
    list,
    LAYOUT,
    { columns, density: layout.density, pageSize: layout.pageSize },
    deps.clock().toISOString(),
  );
  return myListViews(deps, ctx, list);
}

/** Back to the role's default layout. */
export async function resetMyListLayout(deps: AppDeps, ctx: UseCaseCtx, list: ListKey): Promise<ListViewsResponse> {
  await deleteListView(deps.db, ctx.actor.userId, list, LAYOUT);
  return myListViews(deps, ctx, list);
}

/** Saves (or replaces, by name) a named filter of the reader's. */
export async function saveMyListFilter(
  deps: AppDeps,
  ctx: UseCaseCtx,
  list: ListKey,
  input: {
    name: string;
    filters: z.infer<typeof SavedFilterConditions>;
    sort?: SavedListFilter['sort'];
    order?: SavedListFilter['order'];
  },
): Promise<ListViewsResponse> {
  const name = input.name.trim();
  if (!name) throw new AppError('VALIDATION', '请填写筛选的名称');
  if (name.length > 30) throw new AppError('VALIDATION', '筛选的名称最多 30 个字');
  const userId = ctx.actor.userId;
  await deps.db.transaction().execute(async (trx) => {
    const exists = (await listViewsOf(trx, userId, list)).some((r) => r.name === name);
    if (!exists && (await countListViews(trx, userId, list)) >= SAVED_FILTERS_MAX)
      throw new AppError('VALIDATION', `每个列表最多保存 ${SAVED_FILTERS_MAX} 个筛选，请先删除不用的`);
    await putListView(
      trx,
      userId,
      list,
      name,
      { filters: input.filters, sort: input.sort, order: input.order },
      deps.clock().toISOString(),
    );
  });
  return myListViews(deps, ctx, list);
}

export async function deleteMyListFilter(
  deps: AppDeps,
  ctx: UseCaseCtx,
  list: ListKey,
  name: string,
): Promise<ListViewsResponse> {
  if (!name.trim() || !(await deleteListView(deps.db, ctx.actor.userId, list, name.trim())))
    throw new AppError('NOT_FOUND', `没有名为“${name}”的已保存筛选`);
  return myListViews(deps, ctx, list);
}
