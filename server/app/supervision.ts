import { UNIT_ROLES } from '../../contract/enums.ts';
import { SUPERVISION_KINDS, type SupervisionStatus } from '../../contract/supervision.ts';
import { AppError } from '../domain/errors.ts';
import type { Item } from '../domain/item.ts';
import { supervisionLink } from '../domain/notice-text.ts';
import {
  applySupervisionStep,
  canSeeSupervision,
  issueSupervision,
  maskedSupervision,
  supervisionStepsFor,
  supervisionTargetRefusal,
  type Supervision,
  type SupervisionDraft,
  type SupervisionInput,
} from '../domain/supervision.ts';
import { identityDictionaryOf } from '../domain/text-masking.ts';
import { identityAccessOf } from '../domain/visibility.policy.ts';
import { appendAudit } from '../store/audit.store.ts';
import { loadItem } from '../store/item.store.ts';
import { getUnit } from '../store/reference.store.ts';
import { raiseNotification } from '../store/notification.store.ts';
import { openableItemRefs, type ItemRef } from '../store/scorecard.store.ts';
import {
  insertSupervision,
  listSupervisions,
  loadSupervision,
  nextSupervisionNumber,
  updateSupervision,
  type SupervisionFilter,
} from '../store/supervision.store.ts';
import { listUsers } from '../store/user.store.ts';
import { todayOf, type AppDeps, type UseCaseCtx } from './context.ts';
import { generateItemDocument } from './item-documents.ts';
import { accessFactsOfItem, openItem, scopeOf, viewerOf } from './visibility.ts';

/**
 * 督查督办 use cases: the bureau issues a 督办 on items of one unit; the addressed unit answers (督办回复); the
 * bureau accepts or presses again, or cancels. A unit reads only the 督办 addressed to it, and in it only the items
 * it may open; free text is masked for a reader who may not see an item's petitioners.
 */

export const SUPERVISION_NOT_FOUND = '督办不存在或无权查看';

/** What the bureau fills in (the suggestion reasons, when issued from a suggestion, included). */
export type IssueSupervisionInput = SupervisionDraft;

export interface SupervisionView extends Supervision {
  /** The items of the 督办 the reader may open (number, masked title). */
  items: ItemRef[];
  /** Steps the reader may take now. */
  steps: string[];
}

async function loadItems(deps: AppDeps, ids: readonly string[]): Promise<Item[]> {
  const out: Item[] = [];
  for (const id of ids) {
    const item = await loadItem(deps.db, id, deps.codec);
    if (item) out.push(item);
  }
  return out;
}

/** The 督办 as the reader may see it, or null when they may not read it. */
async function viewOf(deps: AppDeps, ctx: UseCaseCtx, s: Supervision): Promise<SupervisionView | null> {
  if (!canSeeSupervision(ctx.actor, s)) return null;
  const items = await loadItems(deps, s.itemIds);
  const viewer = viewerOf(deps, ctx.actor);
  const masked = items.filter((i) => identityAccessOf(viewer, accessFactsOfItem(deps, i)) !== 'full');
  const shown = masked.length ? maskedSupervision(s, masked.map(identityDictionaryOf)) : s;
  const refs = await openableItemRefs(deps.db, scopeOf(deps, ctx.actor), s.itemIds);
  return { ...shown, itemIds: refs.map((r) => r.id), items: refs, steps: supervisionStepsFor(ctx.actor, s) };
}

/** Who is told of a 督办: the person addressed, or else the unit's heads. */
async function recipientsOf(db: AppDeps['db'], s: Supervision): Promise<string[]> {
  if (s.addresseeUserId) return [s.addresseeUserId];
  // Read on the caller's transaction: SQLite has one connection, so a read beside it would wait for ever.
  const users = await listUsers(db);
  return users.filter((u) => u.unitId === s.unitId && u.role === 'unit_head' && !u.disabled).map((u) => u.id);
}

async function notify(
  deps: AppDeps,
  db: AppDeps['db'],
  s: Supervision,
  kind: 'supervision_issued' | 'supervision_pressed' | 'supervision_answered',
  userIds: readonly string[],
  round: number,
): Promise<void> {
  const now = deps.clock().toISOString();
  // Item numbers only: no title, so no petitioner can be named whatever the recipient may see.
  const items = (await Promise.all(s.itemIds.map((id) => loadItem(db, id, deps.codec)))).flatMap((i) =>
    i ? [i.number] : [],
  );
  const text =
    kind === 'supervision_answered'
      ? { title: `${s.number} 已回复`, body: `被督办单位已回复${s.number}（事项 ${items.join('、')}），请审核。` }
      : {
          title: `${kind === 'supervision_pressed' ? '【再次督促】' : '【督办】'}${s.number}`,
          body: `${s.kind}：事项 ${items.join('、')}，请于 ${s.dueOn} 前书面回复办理情况。`,
        };
  for (const userId of userIds)
    await raiseNotification(db, {
      id: deps.newId(),
      key: `supervision:${s.id}:${kind}:${round}:${userId}`,
      userId,
      kind,
      ...text,
      link: supervisionLink(s.id),
      supervisionId: s.id,
      createdAt: now,
    });
}

export async function issueSupervisionUseCase(
  deps: AppDeps,
  ctx: UseCaseCtx,
  input: IssueSupervisionInput,
): Promise<SupervisionView> {
  if (!SUPERVISION_KINDS.includes(input.kind))
    throw new AppError('VALIDATION', `督办方式须为：${SUPERVISION_KINDS.join('、')}`);
  const today = todayOf(deps.clock());
  const items = await loadItems(deps, [...new Set(input.itemIds)]);
  if (items.length !== new Set(input.itemIds).size) throw new AppError('VALIDATION', '所选信访事项不存在，请重新选择');
  const refusal = supervisionTargetRefusal(items, input.unitId);
  if (refusal) throw new AppError('VALIDATION', refusal);
  if (input.addresseeUserId) {
    const users = await listUsers(deps.db);
    const u = users.find((x) => x.id === input.addresseeUserId);
    if (!u || u.unitId !== input.unitId || !UNIT_ROLES.includes(u.role))
      throw new AppError('UNKNOWN_USER', '被督办人须为被督办单位的人员');
  }
  const s = await deps.db.transaction().execute(async (trx) => {
    const number = await nextSupervisionNumber(trx, input.issuedOn.slice(0, 4));
    const made = { ...issueSupervision(input, ctx.actor, { id: deps.newId(), number }, today), version: 1 };
    const nowIso = deps.clock().toISOString();
    await insertSupervision(trx, made, nowIso);
    await appendAudit(
      trx,
      {
        at: nowIso,
        actorId: ctx.actor.userId,
        actorRole: ctx.actor.role,
        action: 'supervision.issue',
        itemId: made.itemIds[0] ?? null,
        detail: { supervisionId: made.id, number, unitId: made.unitId, items: made.itemIds.length },
        requestId: ctx.requestId,
      },
      deps,
    );
    await notify(deps, trx, made, 'supervision_issued', await recipientsOf(trx, made), 1);
    return made;
  });
  return (await viewOf(deps, ctx, s))!;
}

export async function supervisionStepUseCase(
  deps: AppDeps,
  ctx: UseCaseCtx,
  id: string,
  version: number,
  input: SupervisionInput,
): Promise<SupervisionView> {
  const today = todayOf(deps.clock());
  const s = await deps.db.transaction().execute(async (trx) => {
    const cur = await loadSupervision(trx, id);
    if (!cur || !canSeeSupervision(ctx.actor, cur)) throw new AppError('NOT_FOUND', SUPERVISION_NOT_FOUND);
    if (cur.version !== version)
      throw new AppError('CONFLICT', '该督办已被他人更新，请刷新后重试', { version: cur.version });
    const { supervision, summary } = applySupervisionStep(cur, input, ctx.actor, today);
    const next = { ...supervision, version: cur.version + 1 };
    const nowIso = deps.clock().toISOString();
    if (!(await updateSupervision(trx, next, nowIso)))
      throw new AppError('CONFLICT', '该督办已被他人更新，请刷新后重试');
    await appendAudit(
      trx,
      {
        at: nowIso,
        actorId: ctx.actor.userId,
        actorRole: ctx.actor.role,
        action: `supervision.${input.step}`,
        itemId: next.itemIds[0] ?? null,
        detail: { supervisionId: next.id, from: cur.status, to: next.status, summary },
        requestId: ctx.requestId,
      },
      deps,
    );
    const round = 1 + next.reviews.filter((r) => r.decision === 'press').length;
    if (input.step === 'press')
      await notify(deps, trx, next, 'supervision_pressed', await recipientsOf(trx, next), round);
    if (input.step === 'reply') await notify(deps, trx, next, 'supervision_answered', [next.issuedByUserId], round);
    return next;
  });
  return (await viewOf(deps, ctx, s))!;
}

export async function getSupervisionUseCase(deps: AppDeps, ctx: UseCaseCtx, id: string): Promise<SupervisionView> {
  const s = await loadSupervision(deps.db, id);
  const view = s ? await viewOf(deps, ctx, s) : null;
  if (!view) throw new AppError('NOT_FOUND', SUPERVISION_NOT_FOUND);
  return view;
}

/** The 督办 register: every 督办 for the bureau and leaders, a unit's own for a unit; others see none. */
export async function listSupervisionsUseCase(
  deps: AppDeps,
  ctx: UseCaseCtx,
  f: Omit<SupervisionFilter, 'limit'> & { status?: SupervisionStatus },
): Promise<SupervisionView[]> {
  const { actor } = ctx;
  const seesAll = actor.role === 'leader' || actor.role === 'registrar' || actor.role === 'reviewer';
  if (!seesAll && !(UNIT_ROLES.includes(actor.role) && actor.unitId)) return [];
  const rows = await listSupervisions(deps.db, { ...f, unitId: seesAll ? f.unitId : actor.unitId! });
  const out: SupervisionView[] = [];
  for (const s of rows) {
    const v = await viewOf(deps, ctx, s);
    if (v) out.push(v);
  }
  return out;
}

/**
 * The 督办单 of a 督办 about one of its items, for a reader of the 督办 who may open the item: the petitioner in
 * full or masked as the reader may see them (the 督办's own text masked alike), refused to the accused unit.
 */
export async function supervisionOrderDocument(
  deps: AppDeps,
  ctx: UseCaseCtx,
  supervisionId: string,
  itemId: string,
): Promise<{ name: string; content: Buffer }> {
  const view = await getSupervisionUseCase(deps, ctx, supervisionId);
  if (!view.itemIds.includes(itemId)) throw new AppError('NOT_FOUND', '该督办不涉及此信访事项，或您无权查看该事项');
  const { item, identity } = await openItem(deps, ctx, itemId);
  const unit = await getUnit(deps.db, view.unitId);
  return generateItemDocument(deps, ctx, item, 'supervision_order', identity, {
    number: view.number,
    issuedOn: view.issuedOn,
    input: {
      unitName: unit?.name ?? '被督办单位',
      trigger: view.reason,
      means: view.kind,
      requirements: view.requirements,
      reportDue: view.dueOn,
    },
  });
}
