import { z } from 'zod';
import { DENSITIES, LIST_COLUMNS, SAVED_FILTER_KEYS } from '../list-views.ts';

const filterShape = Object.fromEntries(SAVED_FILTER_KEYS.map((k) => [k, z.string().max(200).optional()])) as Record<
  (typeof SAVED_FILTER_KEYS)[number],
  z.ZodOptional<z.ZodString>
>;

/** A saved filter's conditions: the list's query fields, status as a list. */
export const SavedFilterConditions = z
  .object({ ...filterShape, status: z.array(z.string().max(40)).max(20).optional() })
  .strict()
  .meta({ id: 'SavedFilterConditions' });

export const SavedListFilter = z
  .object({
    name: z.string(),
    filters: SavedFilterConditions,
    sort: z.enum(['registeredOn', 'dueOn', 'number', 'receivedOn']).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SavedListFilter' });
export type SavedListFilter = z.infer<typeof SavedListFilter>;

export const ListLayout = z
  .object({
    columns: z.array(z.enum(LIST_COLUMNS)),
    density: z.enum(DENSITIES),
    pageSize: z.number().int(),
  })
  .meta({ id: 'ListLayout' });
export type ListLayout = z.infer<typeof ListLayout>;

/** The reader's view of one list: the layout in use (theirs or the role's default) and their named filters. */
export const ListViewsResponse = z.object({
  list: z.string(),
  layout: ListLayout,
  /** True when the layout is the role's default (nothing saved yet). */
  isDefault: z.boolean(),
  defaults: ListLayout,
  saved: z.array(SavedListFilter),
});
export type ListViewsResponse = z.infer<typeof ListViewsResponse>;
