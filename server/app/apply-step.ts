import type { StepInputDto } from '../../contract/dto.ts';
import { STEP_LABELS } from '../../contract/enums.ts';
import { AppError } from '../domain/errors.ts';
import { stepsForIdentity } from '../domain/item.policy.ts';
import type { Item } from '../domain/item.ts';
import {
  DEFAULT_LIFECYCLE_SETTINGS,
  transition,
  type LifecycleSettings,
  type OrganDirectory,
  type StepInput,
} from '../domain/lifecycle.ts';
import { identityWarnings } from '../domain/text-masking.ts';
import { routeRefusal } from '../domain/visibility.policy.ts';
import { attachmentsOfItem } from '../store/attachment-ref.store.ts';
import { appendAudit } from '../store/audit.store.ts';
import { getUnit, listUnits } from '../store/reference.store.ts';
import { getSetting } from '../store/settings.store.ts';
import { loadClockwork, type AppDeps, type UseCaseCtx } from './context.ts';
import { saveItemChange } from './derive.ts';
import { openItem } from './visibility.ts';

export interface StepResult {
  item: Item;
  summary: string;
  refused: boolean;
  /** For a route: the text names the petitioner (the registrar reads it once more; see `identityWarnings`). */
  warnings: string[];
}

/**
 * Applies one lifecycle step for an actor: load → authorize → transition (pure) → derive deadlines →
 * write item (version-checked), timeline and audit in one transaction. A lost race is `CONFLICT`.
 */
export async function applyStep(
  deps: AppDeps,
  ctx: UseCaseCtx,
  itemId: string,
  version: number,
  dto: StepInputDto,
): Promise<StepResult> {
  const now = deps.clock();
  const nowIso = now.toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const { item, identity } = await openItem(deps, ctx, itemId, trx);
    if (item.version !== version)
      throw new AppError('CONFLICT', '该事项已被他人修改，请刷新后重试', { current: item.version });
    const cw = await loadClockwork(trx, now);
    const mine = stepsForIdentity(ctx.actor, item, identity);
    if (!mine.includes(dto.step)) {
      const list = mine.length ? mine.map((s) => STEP_LABELS[s]).join('、') : '无';
      throw new AppError('STEP_NOT_ALLOWED', `您当前不能「${STEP_LABELS[dto.step]}」。您可办理：${list}`, {
        allowed: mine,
        status: item.status,
      });
    }
    if (dto.step === 'route') {
      if (dto.unitId && !(await getUnit(trx, dto.unitId)))
        throw new AppError('UNKNOWN_UNIT', '所选责任单位不存在，请重新选择');
      for (const a of dto.assistUnitIds ?? [])
        if (!(await getUnit(trx, a))) throw new AppError('UNKNOWN_UNIT', '所选协办单位不存在');
      // The accused unit, as lead or as assisting unit, only by the bureau's explicit redaction choice.
      const refusal = routeRefusal(item, dto);
      if (refusal) throw new AppError('FORBIDDEN', refusal);
    }
    if ((dto.step === 'request_review' || dto.step === 'request_rereview') && dto.organ?.unitId)
      if (!(await getUnit(trx, dto.organ.unitId))) throw new AppError('UNKNOWN_UNIT', '所选复查/复核机关不存在');
    const cited = citedAttachments(dto);
    if (cited.length) {
      const own = await attachmentsOfItem(trx, item.id, cited);
      if (cited.some((a) => !own.has(a)))
        throw new AppError('VALIDATION', '所附材料不是本事项的材料：请先在“材料与文书”中上传，再选择');
    }
    // The assisting unit is always the actor's own: a client never names it.
    const own = dto.step === 'submit_assist_opinion' ? { unitId: ctx.actor.unitId ?? undefined } : {};
    const input = {
      ...dto,
      ...own,
      ...(dto.step === 'add_hearing' ? {} : { on: dto.on ?? cw.today }),
    } as StepInput;
    const result = transition(item, input, {
      today: cw.today,
      calendar: cw.calendar,
      rules: cw.rules,
      actor: { userId: ctx.actor.userId, name: ctx.actor.displayName, unitId: ctx.actor.unitId, role: ctx.actor.role },
      settings: await getSetting<Partial<LifecycleSettings>>(trx, 'lifecycle_settings', DEFAULT_LIFECYCLE_SETTINGS),
      organs: await organDirectory(trx),
    });
    const next = result.item;
    await saveItemChange(trx, deps, cw, next, version, {
      at: nowIso,
      onDate: dto.step === 'add_hearing' ? dto.from : (input as { on: string }).on,
      step: dto.step,
      author: { id: ctx.actor.userId, name: ctx.actor.displayName, role: ctx.actor.role },
      summary: result.summary,
      data: { input: dto, refused: result.refused },
    });
    await appendAudit(
      trx,
      {
        at: nowIso,
        actorId: ctx.actor.userId,
        actorRole: ctx.actor.role,
        action: `item.${dto.step}`,
        itemId: next.id,
        detail: { from: item.status, to: next.status, refused: result.refused, ...ratingAudit(dto) },
        requestId: ctx.requestId,
      },
      deps,
    );
    const warnings = dto.step === 'route' ? identityWarnings(item) : [];
    return { item: next, summary: result.summary, refused: result.refused, warnings };
  });
}

/** A 回访 is audited with what the petitioner said and where it came from (the rating's source). */
export function ratingAudit(dto: StepInputDto): Record<string, unknown> {
  if (dto.step !== 'rate') return {};
  return { satisfaction: dto.satisfaction, source: 'return_visit', method: dto.visit?.method ?? null };
}

/** The units' hierarchy (parent links) as the lifecycle asks it: is one organ above another. */
export async function organDirectory(trx: Parameters<typeof listUnits>[0]): Promise<OrganDirectory> {
  const parent = new Map((await listUnits(trx)).map((u) => [u.id, u.parentId]));
  return {
    isAbove(upper, lower) {
      const seen = new Set<string>();
      for (let p = parent.get(lower) ?? null; p && !seen.has(p); p = parent.get(p) ?? null) {
        if (p === upper) return true;
        seen.add(p);
      }
      return false;
    },
  };
}

/** The attachment ids a step cites (a 复查/复核 document received from outside, a 办结报告's files). */
function citedAttachments(dto: StepInputDto): string[] {
  if (dto.step === 'decide_review' || dto.step === 'decide_rereview')
    return dto.document?.attachmentId ? [dto.document.attachmentId] : [];
  if (dto.step === 'conclude') return dto.report?.attachmentIds ?? [];
  return [];
}
