import type { z } from 'zod';
import type {
  AssignCaseBody,
  CasePlanBody,
  CaseNoteBody,
  CloseCaseBody,
  CreateCaseBody,
  EntryRuleConfigBody,
  ReopenCaseBody,
} from '../../contract/campaign.ts';
import { CASE_STATUS_LABELS } from '../../contract/campaign.ts';
import { BUREAU_ROLES, UNIT_ROLES } from '../../contract/enums.ts';
import {
  applyCaseAction,
  closingRequirements,
  newCase,
  type BacklogCase,
  type CaseAction,
} from '../domain/backlog-case.ts';
import {
  DEFAULT_ENTRY_RULES,
  evaluateEntryRules,
  matterOfItem,
  mattersOf,
  proposeCases,
  type EntryRuleConfig,
} from '../domain/backlog-rules.ts';
import {
  caseProgress,
  caseRow,
  leaderCases,
  REGISTER_COLUMNS,
  registerLine,
  type Names,
} from '../domain/backlog-views.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/item.policy.ts';
import {
  caseItemRows,
  casedItemIds,
  insertCase,
  itemAttachmentOf,
  listCases,
  listDismissals,
  loadCase,
  nextCaseNumber,
  saveDismissal,
  updateCase,
} from '../store/backlog.store.ts';
import { matterItemRows } from '../store/campaign-rows.store.ts';
import type { DbOrTrx } from '../store/db.ts';
import { listUnits } from '../store/reference.store.ts';
import { getSetting, setSetting } from '../store/settings.store.ts';
import { listUsers, userById } from '../store/user.store.ts';
import { registerXlsx } from '../exports/register-xlsx.ts';
import { auditAction } from './audit-action.ts';
import { recordAudit } from './audit-event.ts';
import { todayOf, type AppDeps, type UseCaseCtx } from './context.ts';
import { scopeOf } from './visibility.ts';

/**
 * 积案 and 领导包案, end to end: proposals by the configurable entry rules (each with its reason), confirmation or
 * dismissal with a reason, cases added by hand, the assignment of exactly one 包案领导 with the 责任单位 and 包案干部,
 * the 化解方案, dated progress notes, closing with its evidence and reopening. Who sees a case:
 * the bureau every one; the 包案领导 those he holds; the 责任单位's staff those of their unit. Anyone else hears
 * "not found", as for a missing case. Linked items are listed only where the viewer may open them.
 */

const CASE_NOT_FOUND = '积案不存在或无权查看';
const SETTING = 'backlog_entry_rules';

const isBureau = (a: Actor) => BUREAU_ROLES.includes(a.role);

function requireBureau(ctx: UseCaseCtx, what: string): void {
  if (!isBureau(ctx.actor)) throw new AppError('FORBIDDEN', `只有信访局可以${what}`);
}

function mayView(a: Actor, c: BacklogCase): boolean {
  if (isBureau(a)) return true;
  if (a.role === 'leader') return c.leaderUserId === a.userId;
  return UNIT_ROLES.includes(a.role) && a.unitId !== null && c.unitId === a.unitId;
}

/** Progress notes: the bureau, the 包案领导 and the 责任单位's staff; the plan: the bureau and the 责任单位's head. */
function mayAct(a: Actor, c: BacklogCase, kind: CaseAction['kind']): boolean {
  if (isBureau(a)) return true;
  if (kind === 'note') return mayView(a, c);
  if (kind === 'plan') return a.role === 'unit_head' && a.unitId !== null && c.unitId === a.unitId;
  return false;
}

export async function entryRuleConfig(db: DbOrTrx): Promise<EntryRuleConfig> {
  return getSetting<EntryRuleConfig>(db, SETTING, { ...DEFAULT_ENTRY_RULES });
}

/** The administrator (or the bureau's reviewer) sets the entry rules; audited. */
export async function setEntryRuleConfig(deps: AppDeps, ctx: UseCaseCtx, body: EntryRuleConfigBody) {
  if (ctx.actor.role !== 'admin' && ctx.actor.role !== 'reviewer') {
    throw new AppError('FORBIDDEN', '只有系统管理员或审核人员可以设置积案认定规则');
  }
  await deps.db.transaction().execute(async (trx) => {
    await setSetting(trx, SETTING, body);
    await auditAction(deps, ctx, trx, 'backlog.rules', null, body);
  });
  return body;
}

async function namesOf(db: DbOrTrx): Promise<Names> {
  const [units, users] = await Promise.all([listUnits(db), listUsers(db)]);
  const u = new Map(units.map((x) => [x.id, x.name]));
  const p = new Map(users.map((x) => [x.id, x.displayName]));
  return { unit: (id) => (id ? (u.get(id) ?? id) : ''), user: (id) => (id ? (p.get(id) ?? id) : '') };
}

/** Today's proposals with every rule's verdict and reason (the bureau's screen). */
export async function caseProposals(deps: AppDeps, ctx: UseCaseCtx) {
  requireBureau(ctx, '查看积案认定建议');
  const today = todayOf(deps.clock());
  const [rows, cased, dismissals, cfg, names] = await Promise.all([
    matterItemRows(deps.db),
    casedItemIds(deps.db),
    listDismissals(deps.db),
    entryRuleConfig(deps.db),
    namesOf(deps.db),
  ]);
  const number = new Map(rows.map((r) => [r.id, r.number]));
  return proposeCases(mattersOf(rows), today, cfg, { casedItemIds: cased, dismissals }).map((p) => ({
    ...p,
    leadUnit: names.unit(p.leadUnitId),
    itemNumbers: p.itemIds.map((i) => number.get(i) ?? i),
  }));
}

/**
 * Confirms a 积案: from the proposal of the anchor's matter (its rule hits recorded, all its items linked), or by
 * hand when no rule is met (the reason says why). Further items of the same matter may be added.
 */
export async function createCase(deps: AppDeps, ctx: UseCaseCtx, body: z.infer<typeof CreateCaseBody>) {
  requireBureau(ctx, '认定积案');
  const today = todayOf(deps.clock());
  const nowIso = deps.clock().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const [rows, cfg] = await Promise.all([matterItemRows(trx), entryRuleConfig(trx)]);
    const matter = matterOfItem(mattersOf(rows), body.anchorItemId);
    const known = new Set(rows.map((r) => r.id));
    for (const id of [body.anchorItemId, ...body.itemIds]) {
      if (!known.has(id) && !(await caseItemRows(trx, [id], scopeOf(deps, ctx.actor))).length) {
        throw new AppError('NOT_FOUND', '所选信访事项不存在');
      }
    }
    const hits = matter ? evaluateEntryRules(matter, today, cfg) : [];
    const origin = hits.some((h) => h.met) ? { kind: 'rule' as const, hits } : { kind: 'manual' as const };
    const id = deps.newId();
    const c = newCase(
      {
        id,
        number: await nextCaseNumber(trx, Number(today.slice(0, 4))),
        title: body.title,
        reason: body.reason,
        anchorItemId: body.anchorItemId,
        itemIds: [...new Set([...(matter?.items.map((i) => i.id) ?? []), ...body.itemIds])],
        origin,
        on: body.on ?? today,
        by: { userId: ctx.actor.userId, name: ctx.actor.displayName },
      },
      today,
    );
    await insertCase(trx, c, nowIso);
    await auditAction(deps, ctx, trx, 'backlog.create', body.anchorItemId, {
      caseId: id,
      number: c.number,
      origin: origin.kind,
    });
    return { id, number: c.number, version: c.version };
  });
}

/** The bureau declines a proposal, with a reason: it is not proposed again on the same facts. */
export async function dismissProposal(deps: AppDeps, ctx: UseCaseCtx, body: { anchorItemId: string; reason: string }) {
  requireBureau(ctx, '处理积案认定建议');
  const today = todayOf(deps.clock());
  return deps.db.transaction().execute(async (trx) => {
    const [rows, cfg] = await Promise.all([matterItemRows(trx), entryRuleConfig(trx)]);
    const matter = matterOfItem(mattersOf(rows), body.anchorItemId);
    if (!matter || matter.anchor.id !== body.anchorItemId) throw new AppError('NOT_FOUND', '该积案认定建议不存在');
    const hits = evaluateEntryRules(matter, today, cfg).filter((h) => h.met);
    const d = {
      anchorItemId: body.anchorItemId,
      rules: hits.map((h) => h.rule),
      itemCount: matter.items.length,
      on: today,
      reason: body.reason.trim(),
    };
    await saveDismissal(trx, d, ctx.actor.userId, deps.clock().toISOString());
    await auditAction(deps, ctx, trx, 'backlog.dismiss', body.anchorItemId, d);
    return d;
  });
}

async function openCase(deps: AppDeps, ctx: UseCaseCtx, id: string, db: DbOrTrx = deps.db): Promise<BacklogCase> {
  const c = await loadCase(db, id);
  if (!c || !mayView(ctx.actor, c)) throw new AppError('NOT_FOUND', CASE_NOT_FOUND);
  return c;
}

/** One case as its viewer may see it: progress, what closing needs, history, notes, the items he may open. */
export async function caseDetail(deps: AppDeps, ctx: UseCaseCtx, id: string) {
  const c = await openCase(deps, ctx, id);
  const today = todayOf(deps.clock());
  const names = await namesOf(deps.db);
  const items = await caseItemRows(deps.db, c.itemIds, scopeOf(deps, ctx.actor));
  return {
    ...caseRow(c, names, today),
    version: c.version,
    leaderUserId: c.leaderUserId,
    unitId: c.unitId,
    origin: c.origin,
    confirmReason: c.confirmReason,
    confirmedBy: c.confirmedBy.name,
    cadreList: c.cadres,
    plan: c.plan,
    notes: c.notes,
    history: c.history,
    closing: c.closing,
    progress: caseProgress(c, today),
    closingNeeds: {
      resolved: closingRequirements(c, 'resolved', null),
      terminated: closingRequirements(c, 'terminated', null),
    },
    linkedItems: items,
    abilities: {
      assign: mayAct(ctx.actor, c, 'assign'),
      plan: mayAct(ctx.actor, c, 'plan'),
      note: mayAct(ctx.actor, c, 'note'),
      close: mayAct(ctx.actor, c, 'close'),
    },
  };
}

/** The bureau's 包案 register (every case), or a unit's cases (its own as 责任单位). */
export async function caseRegister(deps: AppDeps, ctx: UseCaseCtx, q: { status?: readonly BacklogCase['status'][] }) {
  const a = ctx.actor;
  let filter: Parameters<typeof listCases>[1];
  if (isBureau(a)) filter = { status: q.status };
  else if (a.role === 'leader') filter = { leaderUserId: a.userId, status: q.status };
  else if (UNIT_ROLES.includes(a.role) && a.unitId) filter = { unitId: a.unitId, status: q.status };
  else throw new AppError('FORBIDDEN', '无权查看积案台账');
  const [cases, names] = await Promise.all([listCases(deps.db, filter), namesOf(deps.db)]);
  const today = todayOf(deps.clock());
  return cases.map((c) => caseRow(c, names, today));
}

/**
 * The 包案 register as an Excel file: exactly the rows `caseRegister` gives the reader for the same filter, in the
 * same order; the export is recorded in the audit log with its filter and row count.
 */
export async function caseRegisterExport(
  deps: AppDeps,
  ctx: UseCaseCtx,
  q: { status?: readonly BacklogCase['status'][] },
): Promise<{ name: string; content: Buffer }> {
  const rows = await caseRegister(deps, ctx, q);
  const filters = q.status?.length ? `状态：${q.status.map((s) => CASE_STATUS_LABELS[s]).join('、')}` : '';
  const content = await registerXlsx('包案台账', REGISTER_COLUMNS, rows.map(registerLine), filters);
  await recordAudit(deps.db, deps, ctx, 'backlog.export', { rows: rows.length, filters: filters || '全部' });
  return { name: `包案台账_${todayOf(deps.clock())}.xlsx`, content };
}

/** A leader's own page: the cases he holds, most urgent first, with counts. */
export async function myCases(deps: AppDeps, ctx: UseCaseCtx) {
  if (ctx.actor.role !== 'leader') throw new AppError('FORBIDDEN', '「我的包案」仅供区领导使用');
  const [cases, names] = await Promise.all([listCases(deps.db, { leaderUserId: ctx.actor.userId }), namesOf(deps.db)]);
  return leaderCases(ctx.actor.userId, cases, names, todayOf(deps.clock()));
}

export type CaseActionBody =
  | ({ kind: 'assign' } & z.infer<typeof AssignCaseBody>)
  | ({ kind: 'plan' } & z.infer<typeof CasePlanBody>)
  | ({ kind: 'note' } & z.infer<typeof CaseNoteBody>)
  | ({ kind: 'close' } & z.infer<typeof CloseCaseBody>)
  | ({ kind: 'reopen' } & z.infer<typeof ReopenCaseBody>);

async function actionOf(trx: DbOrTrx, c: BacklogCase, b: CaseActionBody, on: string): Promise<CaseAction> {
  switch (b.kind) {
    case 'assign': {
      const u = await userById(trx, b.leaderUserId);
      if (!u) throw new AppError('UNKNOWN_USER', '所选包案领导账号不存在');
      const units = await listUnits(trx);
      if (!units.some((x) => x.id === b.unitId)) throw new AppError('UNKNOWN_UNIT', '所选责任单位不存在');
      return {
        kind: 'assign',
        on,
        leader: { userId: u.id, role: u.role, name: u.displayName },
        unitId: b.unitId,
        cadres: b.cadres.map((x) => ({ name: x.name, post: x.post, userId: x.userId ?? null })),
        reason: b.reason,
      };
    }
    case 'plan':
      return { kind: 'plan', on, goal: b.goal, measures: b.measures };
    case 'note':
      return { kind: 'note', on, text: b.text, measuresDone: b.measuresDone };
    case 'close': {
      // The evidence is a file stored on one of the case's items (uploaded there as its material).
      const file = await itemAttachmentOf(trx, b.evidence.attachmentId);
      if (!file || !c.itemIds.includes(file.itemId)) {
        throw new AppError('CLOSE_REQUIREMENTS', `请先在该积案关联的信访事项中上传${b.evidence.kind}，再选择该附件`);
      }
      return { kind: 'close', on, outcome: b.outcome, evidence: { ...b.evidence, name: file.name }, note: b.note };
    }
    case 'reopen':
      return { kind: 'reopen', on, reason: b.reason };
  }
}

/** Applies one action to a case the actor may act on, in one transaction, with the version read. */
export async function actOnCase(deps: AppDeps, ctx: UseCaseCtx, id: string, body: CaseActionBody) {
  const today = todayOf(deps.clock());
  const nowIso = deps.clock().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const c = await openCase(deps, ctx, id, trx);
    if (!mayAct(ctx.actor, c, body.kind)) throw new AppError('FORBIDDEN', '您无权进行此项积案操作');
    if (c.version !== body.version) throw new AppError('CONFLICT', '该积案已被他人修改，请刷新后重试');
    const action = await actionOf(trx, c, body, body.on ?? today);
    const { case: next, summary } = applyCaseAction(c, action, {
      today,
      by: { userId: ctx.actor.userId, name: ctx.actor.displayName },
    });
    const version = await updateCase(trx, next, c.version, nowIso);
    await auditAction(deps, ctx, trx, `backlog.${body.kind}`, c.anchorItemId, { caseId: id, summary });
    return { id, version, status: next.status, summary };
  });
}

/** The leader accounts a case can be assigned to (the bureau's choice list). */
export async function leaderAccounts(deps: AppDeps, ctx: UseCaseCtx) {
  requireBureau(ctx, '指定包案领导');
  return (await listUsers(deps.db))
    .filter((u) => u.role === 'leader' && !u.disabled)
    .map((u) => ({ id: u.id, name: u.displayName }));
}
