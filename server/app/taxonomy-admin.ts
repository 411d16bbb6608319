import { REPORT_DOMAINS, type ReportDomain } from '../../contract/report-buckets.ts';
import { AppError } from '../domain/errors.ts';
import { canAdminister } from '../domain/item.policy.ts';
import { classNameProblem, resolveDomains } from '../domain/taxonomy.ts';
import type { DbOrTrx } from '../store/db.ts';
import {
  countItemsOfClass,
  deleteTaxonomyNode,
  insertTaxonomy,
  listClassNameMaps,
  listTaxonomy,
  moveTaxonomyPaths,
  putClassNameMap,
  taxonomyByCode,
  taxonomyByPath,
  updateTaxonomyNode,
  writeReportDomains,
  type TaxonomyRow,
} from '../store/reference.store.ts';
import { initialsOf } from './bootstrap.ts';
import { recordAudit } from './audit-event.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';

function requireAdmin(ctx: UseCaseCtx): void {
  if (!canAdminister(ctx.actor) && ctx.actor.userId !== 'system')
    throw new AppError('FORBIDDEN', '只有系统管理员可以维护分类体系');
}

function checkName(name: string): string {
  const why = classNameProblem(name);
  if (why) throw new AppError('VALIDATION', why);
  return name.trim();
}

function checkDomain(d: string | null | undefined): ReportDomain | null {
  if (d === null || d === undefined || d === '') return null;
  if (!(REPORT_DOMAINS as readonly string[]).includes(d))
    throw new AppError('VALIDATION', `「${d}」不是有效的诉求领域（${REPORT_DOMAINS.join('/')}）`);
  return d as ReportDomain;
}

const audit = (trx: DbOrTrx, deps: AppDeps, ctx: UseCaseCtx, action: string, detail: unknown) =>
  recordAudit(trx, deps, ctx, action, detail);

/** The resolved 诉求领域 of every class follows the mapping just written (the report reads it by path). */
async function refreshDomains(trx: DbOrTrx): Promise<void> {
  await writeReportDomains(trx, resolveDomains(await listTaxonomy(trx)));
}

async function mustGet(trx: DbOrTrx, code: string): Promise<TaxonomyRow> {
  const row = await taxonomyByCode(trx, code);
  if (!row) throw new AppError('UNKNOWN_CLASS', `分类 ${code} 不存在`);
  return row;
}

/** The tree and the upstream name mappings as the administrator edits them. */
export async function taxonomyAdminView(deps: AppDeps, ctx: UseCaseCtx) {
  requireAdmin(ctx);
  const nodes = await listTaxonomy(deps.db);
  const pathOf = new Map(nodes.map((n) => [n.code, n.path]));
  const maps = (await listClassNameMaps(deps.db)).map((m) => ({ ...m, path: pathOf.get(m.code) ?? '' }));
  return { nodes, nameMaps: maps };
}

/**
 * Adds a class under `parent` (null: a first level), at most three levels deep, with an optional explicit
 * 诉求领域 (otherwise as its parent). Audited as taxonomy.create.
 */
export async function addClass(
  deps: AppDeps,
  ctx: UseCaseCtx,
  body: { parent: string | null; name: string; domain?: string | null },
): Promise<TaxonomyRow> {
  requireAdmin(ctx);
  const name = checkName(body.name);
  const domain = checkDomain(body.domain);
  const initials = await initialsOf();
  return deps.db.transaction().execute(async (trx) => {
    const parent = body.parent ? await mustGet(trx, body.parent) : null;
    if (parent && parent.level >= 3) throw new AppError('VALIDATION', '分类最多三级，不能在三级分类下新增');
    const path = parent ? `${parent.path}/${name}` : name;
    if (await taxonomyByPath(trx, path)) throw new AppError('DUPLICATE', `分类「${path}」已存在`);
    const siblings = (await listTaxonomy(trx)).filter((t) => t.parent === (parent?.code ?? null));
    const next = Math.max(0, ...siblings.map((t) => Number(t.code.split('.').pop()))) + 1;
    const code = `${parent ? `${parent.code}.` : ''}${String(next).padStart(2, '0')}`;
    const row: TaxonomyRow = {
      code,
      name,
      parent: parent?.code ?? null,
      level: (parent ? parent.level + 1 : 1) as 1 | 2 | 3,
      path,
      pinyin: initials(name),
      domain,
      reportDomain: '其他',
      retired: false,
    };
    await insertTaxonomy(trx, [row]);
    await refreshDomains(trx);
    await audit(trx, deps, ctx, 'taxonomy.create', { code, path, domain });
    return mustGet(trx, code);
  });
}

/**
 * Renames a class (its subtree and the items that carry them move with it), sets or clears its explicit
 * 诉求领域, or retires / restores it. Reports follow at once: they read the resolved domain by class path.
 */
export async function editClass(
  deps: AppDeps,
  ctx: UseCaseCtx,
  code: string,
  body: { name?: string; domain?: string | null; retired?: boolean },
): Promise<TaxonomyRow & { itemsMoved: number }> {
  requireAdmin(ctx);
  const name = body.name === undefined ? undefined : checkName(body.name);
  const domain = body.domain === undefined ? undefined : checkDomain(body.domain);
  const initials = name ? await initialsOf() : null;
  return deps.db.transaction().execute(async (trx) => {
    const before = await mustGet(trx, code);
    let itemsMoved = 0;
    const after = {
      name: name ?? before.name,
      domain: domain === undefined ? before.domain : domain,
      retired: body.retired ?? before.retired,
    };
    if (name && name !== before.name) {
      const path = before.parent ? `${before.path.slice(0, -before.name.length)}${name}` : name;
      if (await taxonomyByPath(trx, path)) throw new AppError('DUPLICATE', `分类「${path}」已存在`);
      itemsMoved = await moveTaxonomyPaths(trx, code, before.path, path);
    }
    await updateTaxonomyNode(trx, code, after, initials ? initials(after.name) : before.pinyin);
    await refreshDomains(trx);
    const row = await mustGet(trx, code);
    await audit(trx, deps, ctx, 'taxonomy.edit', {
      code,
      before: { path: before.path, domain: before.domain, retired: before.retired },
      after: { path: row.path, domain: row.domain, retired: row.retired },
      itemsMoved,
    });
    return { ...row, itemsMoved };
  });
}

/** Deletes a class no item carries (with nothing under it); a class in use can only be retired. */
export async function deleteClass(deps: AppDeps, ctx: UseCaseCtx, code: string): Promise<void> {
  requireAdmin(ctx);
  await deps.db.transaction().execute(async (trx) => {
    const row = await mustGet(trx, code);
    if ((await listTaxonomy(trx)).some((t) => t.parent === code))
      throw new AppError('CLASS_IN_USE', `分类「${row.path}」下还有子分类，请先删除或停用子分类`);
    const used = await countItemsOfClass(trx, code);
    if (used) throw new AppError('CLASS_IN_USE', `分类「${row.path}」已有 ${used} 件事项使用，不能删除，可以停用`);
    await deleteTaxonomyNode(trx, code);
    await audit(trx, deps, ctx, 'taxonomy.delete', { code, path: row.path });
  });
}

/**
 * Maps an upstream system's class name (its path text) to a local class, or removes the mapping (code null).
 * The next import of that name uses it, and a re-import moves the items already imported under it.
 */
export async function setClassNameMap(
  deps: AppDeps,
  ctx: UseCaseCtx,
  body: { upstream: string; code: string | null },
): Promise<void> {
  requireAdmin(ctx);
  const upstream = body.upstream.trim().replace(/\s*\/\s*/g, '/');
  if (!upstream || upstream.length > 100) throw new AppError('VALIDATION', '上游分类名称不能为空，且不超过 100 个字');
  // An import never yields an empty level ("a//b", "/a"), so a mapping of one could never apply.
  if (upstream.split('/').some((level) => !level))
    throw new AppError('VALIDATION', '上游分类名称的各级都不能为空，例如「教育文体/学前教育」');
  await deps.db.transaction().execute(async (trx) => {
    const target = body.code ? await mustGet(trx, body.code) : null;
    if (target && target.path === upstream) throw new AppError('VALIDATION', '上游名称与本地分类相同，无需对应');
    const before = (await listClassNameMaps(trx)).find((m) => m.upstream === upstream) ?? null;
    await putClassNameMap(trx, upstream, target?.code ?? null, deps.clock().toISOString());
    await audit(trx, deps, ctx, 'taxonomy.name_map', {
      upstream,
      before: before?.code ?? null,
      after: target ? { code: target.code, path: target.path } : null,
    });
  });
}
