import type { CorrectItemBody } from '../../contract/dto.ts';
import { AppError } from '../domain/errors.ts';
import { correctItem } from '../domain/item-correction.ts';
import { canCorrect } from '../domain/item.policy.ts';
import type { Item } from '../domain/item.ts';
import { enqueueTextIndex } from '../store/text.store.ts';
import { appendAudit } from '../store/audit.store.ts';
import { taxonomyByCode } from '../store/reference.store.ts';
import { loadClockwork, type AppDeps, type UseCaseCtx } from './context.ts';
import { saveItemChange } from './derive.ts';
import { type RepeatLinkChanges, recomputeRepeatLinks } from './repeat-links.ts';
import { openItem, scopeOf } from './visibility.ts';

/**
 * 更正登记信息 by the registrar or reviewer, with a reason: applies the correction (pure), recomputes the derived
 * state (deadlines, class path and report domain, list columns, the automatic repeat links) and writes the item
 * (version-checked), a timeline line with before/after and an audit entry with before/after, in one transaction.
 * Corrected petitioners are sealed (SM4) and indexed (keyed hashes) again; their before/after is kept masked.
 */
export async function correctRegisteredItem(
  deps: AppDeps,
  ctx: UseCaseCtx,
  itemId: string,
  body: CorrectItemBody,
): Promise<{ item: Item; summary: string }> {
  if (!canCorrect(ctx.actor)) throw new AppError('FORBIDDEN', '只有信访部门登记、审核人员可以更正登记信息');
  const now = deps.clock();
  const nowIso = now.toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const { item } = await openItem(deps, ctx, itemId, trx);
    if (item.version !== body.version)
      throw new AppError('CONFLICT', '该事项已被他人修改，请刷新后重试', { current: item.version });
    const code = body.correction.classCode?.trim();
    const classRow = code ? await taxonomyByCode(trx, code) : null;
    if (code && !classRow) throw new AppError('VALIDATION', `内容分类 ${code} 不存在，请从分类中选择`);
    // As at registration: a retired class stays on the items that carry it but is not chosen anew.
    if (classRow?.retired && classRow.code !== item.classCode)
      throw new AppError('CLASS_RETIRED', `内容分类「${classRow.path}」已停用，请选择其他分类`);
    const cw = await loadClockwork(trx, now);
    const beforeRow = item.classCode ? await taxonomyByCode(trx, item.classCode) : null;
    const paths = new Map([beforeRow, classRow].flatMap((r) => (r ? [[r.code, r.path] as const] : [])));
    const result = correctItem(item, { ...body.correction, reason: body.reason }, cw.today, (c) => paths.get(c));
    const next = result.item;
    const author = { id: ctx.actor.userId, name: ctx.actor.displayName, role: ctx.actor.role };
    // The same person and the same matter are judged again on the corrected petitioners and text.
    const links = result.recompute.repeatLinks
      ? await recomputeRepeatLinks(trx, deps, next, scopeOf(deps, ctx.actor), author, nowIso, cw.today)
      : { linked: [], unlinked: [] };
    const summary = result.summary + linkNote(links);
    const petitioners = result.changes.some((x) => x.field === 'petitioners');
    await saveItemChange(
      trx,
      deps,
      cw,
      next,
      body.version,
      {
        at: nowIso,
        onDate: cw.today,
        step: 'correct',
        author,
        summary,
        // Counts only: the timeline is read by units that may not see the earlier items (the ids are audited).
        data: {
          reason: body.reason,
          changes: result.changes,
          recompute: result.recompute,
          links: { linked: links.linked.length, unlinked: links.unlinked.length },
        },
      },
      // Corrected petitioners are sealed and their keyed hashes written again.
      { petitioners },
    );
    // A corrected title or content gets new similarity bands from the background indexer.
    if (next.title !== item.title || next.content !== item.content) await enqueueTextIndex(trx, [next.id], nowIso);
    await appendAudit(
      trx,
      {
        at: nowIso,
        actorId: ctx.actor.userId,
        actorRole: ctx.actor.role,
        action: 'item.correct',
        itemId: next.id,
        detail: { reason: body.reason, changes: result.changes, links },
        requestId: ctx.requestId,
      },
      deps,
    );
    return { item: next, summary };
  });
}

/** The timeline's word on the recomputed repeat links, without naming the earlier items. */
function linkNote(links: RepeatLinkChanges): string {
  const parts = [
    links.linked.length ? `关联 ${links.linked.length} 件前件` : '',
    links.unlinked.length ? `解除 ${links.unlinked.length} 件前件的关联` : '',
  ].filter(Boolean);
  return parts.length ? `；重复信访重新判定：${parts.join('，')}` : '';
}
