import { useQuery } from '@tanstack/react-query';
import { call, client } from './typed.ts';
import type { TaxNode } from './types.ts';

export function useUnits() {
  return useQuery({
    queryKey: ['units'],
    queryFn: async () => (await call(client.GET('/api/v1/units'))).units,
    staleTime: 300_000,
  });
}

export function useTaxonomy() {
  return useQuery({
    queryKey: ['taxonomy'],
    queryFn: async () => (await call(client.GET('/api/v1/taxonomy'))).nodes,
    staleTime: 3_600_000,
  });
}

/** Today on the server's clock (the deadlines and date checks use it, not the PC's clock). */
export function useServerToday() {
  return useQuery({
    queryKey: ['workbench'],
    queryFn: () => call(client.GET('/api/v1/workbench')),
    select: (d) => d.today,
  });
}

export interface TaxTreeNode {
  value: string;
  title: string;
  path: string;
  pinyin: string;
  children?: TaxTreeNode[];
}

/**
 * Taxonomy as a tree for TreeSelect; each node keeps its path and pinyin initials for searching. Retired classes
 * (and what lies under them) are left out unless asked for: they are not offered for new items.
 */
export function taxonomyTree(all: TaxNode[], opts: { withRetired?: boolean } = {}): TaxTreeNode[] {
  const retired = new Set<string>();
  for (const n of all) if (n.retired || (n.parent && retired.has(n.parent))) retired.add(n.code);
  const nodes = opts.withRetired ? all : all.filter((n) => !retired.has(n.code));
  const byCode = new Map<string, TaxTreeNode>();
  for (const n of nodes) byCode.set(n.code, { value: n.code, title: n.name, path: n.path, pinyin: n.pinyin });
  const roots: TaxTreeNode[] = [];
  for (const n of nodes) {
    const t = byCode.get(n.code)!;
    const p = n.parent ? byCode.get(n.parent) : undefined;
    if (p) (p.children ??= []).push(t);
    else roots.push(t);
  }
  return roots;
}

export function matchTaxonomy(
  input: string,
  node: { title?: unknown; path?: unknown; pinyin?: unknown; value?: unknown },
): boolean {
  const q = input.trim().toLowerCase();
  if (!q) return true;
  return [node.title, node.path, node.pinyin, node.value].some(
    (v) => typeof v === 'string' && v.toLowerCase().includes(q),
  );
}
