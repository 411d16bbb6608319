import type { z } from 'zod';
import type {
  FollowUpReportBody,
  FollowUpReviewBody,
  InstructionBody,
  LeaderRequestBody,
  SubjectInput,
} from '../../contract/campaign.ts';
import { BUREAU_ROLES } from '../../contract/enums.ts';
import { AppError } from '../domain/errors.ts';
import { reviewReport, submitReport, type FollowUp } from '../domain/follow-up.ts';
import {
  addresseeOf,
  followUpTimeline,
  instructionTimeline,
  requestTimeline,
  canSeeInstruction,
  instruct,
  mayAskAbout,
  newRequest,
  subjectItemIds,
  visibleSubjectItems,
  withAddressee,
  withdrawRequest,
  type Instruction,
  type LeaderRequest,
  type Subject,
  type TimelineEntry,
} from '../domain/instruction.ts';
import {
  INSTRUCTION_REGISTER_COLUMNS,
  instructionRegisterLine,
  matchesRegisterFilter,
  registerFilterText,
  type RegisterFilter,
} from '../domain/instruction-register.ts';
import { isUnitRole } from '../domain/item.policy.ts';
import { itemLabelOf, titleFor } from '../domain/notice-text.ts';
import { canOpenItem, identityAccessOf, type ItemAccessFacts } from '../domain/visibility.policy.ts';
import { loadCase } from '../store/backlog.store.ts';
import {
  insertInstruction,
  insertRequest,
  listInstructions,
  listRequests,
  loadInstruction,
  loadRequest,
  updateAddressee,
  updateRequest,
} from '../store/instruction.store.ts';
import type { DbOrTrx } from '../store/db.ts';
import { appendEvent, loadItem } from '../store/item.store.ts';
import { listUnits } from '../store/reference.store.ts';
import { listUsers, userById } from '../store/user.store.ts';
import { registerXlsx } from '../exports/register-xlsx.ts';
import { auditAction } from './audit-action.ts';
import { recordAudit } from './audit-event.ts';
import { todayOf, type AppDeps, type UseCaseCtx } from './context.ts';
import { accessFactsOfItem, caseAccessOf, openItem, viewerOf } from './visibility.ts';

/**
 * 请示报告 and 领导批示: the bureau or a unit escalates an item or a 积案 to a leader; the leader instructs units
 * with a deadline; each unit reports back and the bureau accepts or returns the report. Who sees what: the
 * register follows `canSeeInstruction`, and a subject's items show only where the viewer may open them.
 */

const isBureau = (ctx: UseCaseCtx) => BUREAU_ROLES.includes(ctx.actor.role);

/** Writes the entries on the items' timelines (read, like every entry, only by those who may open the item). */
async function appendTimeline(deps: AppDeps, ctx: UseCaseCtx, trx: DbOrTrx, entries: readonly TimelineEntry[]) {
  const at = deps.clock().toISOString();
  for (const e of entries) {
    await appendEvent(
      trx,
      {
        itemId: e.itemId,
        at,
        onDate: e.on,
        step: e.step,
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        actorRole: ctx.actor.role,
        summary: e.summary,
        data: {},
      },
      deps.newId(),
    );
  }
}

async function unitNamer(deps: AppDeps): Promise<(id: string) => string> {
  const names = new Map((await listUnits(deps.db)).map((u) => [u.id, u.name] as const));
  return (id) => names.get(id) ?? id;
}

/** The subject as stored, after checking the actor may act on it (a unit: an item it may open, its own 积案). */
async function subjectFor(deps: AppDeps, ctx: UseCaseCtx, s: SubjectInput): Promise<Subject> {
  if (s.kind === 'item') {
    const o = await openItem(deps, ctx, s.itemId);
    // A leader instructs on any item he may open; a unit asks about the items it leads; assisting it contributes
    // to the lead unit's 请示 instead.
    if (ctx.actor.role !== 'leader' && !mayAskAbout(o.standing))
      throw new AppError('FORBIDDEN', '只有信访局或该事项的责任（主办）单位可以就此请示');
    return { kind: 'item', itemId: s.itemId };
  }
  const c = await loadCase(deps.db, s.caseId);
  const mayUse =
    c && (isBureau(ctx) || ctx.actor.role === 'leader' || (ctx.actor.unitId && c.unitId === ctx.actor.unitId));
  if (!c || !mayUse) throw new AppError('NOT_FOUND', '该积案不存在或无权查看');
  return { kind: 'case', caseId: c.id, itemIds: c.itemIds };
}

/**
 * The leader directory a 请示 is addressed from: every active leader's name and title (职务), nothing more; for
 * those who may ask (the bureau and the units' staff).
 */
export async function leaderDirectory(deps: AppDeps, ctx: UseCaseCtx) {
  if (!isBureau(ctx) && !(isUnitRole(ctx.actor.role) && ctx.actor.unitId))
    throw new AppError('FORBIDDEN', '只有信访局或责任单位可以向领导请示');
  return (await listUsers(deps.db))
    .filter((u) => u.role === 'leader' && !u.disabled)
    .map((u) => ({ id: u.id, name: u.displayName, title: u.title ?? '区领导' }));
}

export async function askLeader(deps: AppDeps, ctx: UseCaseCtx, body: z.infer<typeof LeaderRequestBody>) {
  if (ctx.actor.role === 'leader') throw new AppError('FORBIDDEN', '领导不能向领导提出请示');
  const today = todayOf(deps.clock());
  const subject = await subjectFor(deps, ctx, body.subject);
  const leader = await userById(deps.db, body.leaderUserId);
  if (!leader) throw new AppError('NOT_FOUND', '所选领导账号不存在');
  const r = newRequest(
    {
      id: deps.newId(),
      subject,
      asker: ctx.actor,
      leader: { userId: leader.id, role: leader.role, name: leader.displayName },
      question: body.question,
      on: body.on ?? today,
    },
    today,
  );
  await deps.db.transaction().execute(async (trx) => {
    await insertRequest(trx, r, deps.clock().toISOString());
    await appendTimeline(deps, ctx, trx, requestTimeline(r, leader.displayName));
    await auditAction(deps, ctx, trx, 'instruction.request', subjectItemIds(subject)[0] ?? null, r);
  });
  return r;
}

export async function withdrawLeaderRequest(
  deps: AppDeps,
  ctx: UseCaseCtx,
  id: string,
  body: { version: number; reason: string },
) {
  const r = await loadRequest(deps.db, id);
  const own = r && (isBureau(ctx) ? r.fromUnitId === null : r.fromUnitId === ctx.actor.unitId);
  if (!r || !own) throw new AppError('NOT_FOUND', '该请示不存在或无权处理');
  const today = todayOf(deps.clock());
  const next = withdrawRequest(r, today, body.reason, today);
  await deps.db.transaction().execute(async (trx) => {
    await updateRequest(trx, next, body.version, deps.clock().toISOString());
    await auditAction(deps, ctx, trx, 'instruction.withdraw', null, { id, reason: body.reason });
  });
  return { ...next, version: body.version + 1 };
}

export async function giveInstruction(deps: AppDeps, ctx: UseCaseCtx, body: z.infer<typeof InstructionBody>) {
  const today = todayOf(deps.clock());
  const request = body.requestId ? await loadRequest(deps.db, body.requestId) : null;
  if (body.requestId && !request) throw new AppError('NOT_FOUND', '该请示不存在');
  const subject = request ? null : body.subject ? await subjectFor(deps, ctx, body.subject) : null;
  const units = new Set((await listUnits(deps.db)).map((u) => u.id));
  const unitName = await unitNamer(deps);
  const unknown = body.addressees.find((a) => !units.has(a.unitId));
  if (unknown) throw new AppError('VALIDATION', `落实单位 ${unknown.unitId} 不存在，请重新选择`);
  const out = instruct(
    {
      id: deps.newId(),
      request,
      subject,
      leader: ctx.actor,
      text: body.text,
      on: body.on ?? today,
      addressees: body.addressees,
    },
    today,
  );
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    await insertInstruction(trx, out.instruction, now);
    await appendTimeline(deps, ctx, trx, instructionTimeline(out.instruction, unitName));
    if (out.request && request) await updateRequest(trx, out.request, request.version, now);
    await auditAction(deps, ctx, trx, 'instruction.give', subjectItemIds(out.instruction.subject)[0] ?? null, {
      id: out.instruction.id,
      requestId: out.instruction.requestId,
      addressees: body.addressees,
    });
  });
  return out.instruction;
}

async function addresseeTurn(
  deps: AppDeps,
  ctx: UseCaseCtx,
  id: string,
  unitId: string,
  version: number,
  step: (f: FollowUp, today: string) => FollowUp,
  action: string,
) {
  const stored = await loadInstruction(deps.db, id);
  if (!stored) throw new AppError('NOT_FOUND', '该批示不存在或未交由本单位落实');
  const f = addresseeOf(stored.instruction, unitId);
  const next = withAddressee(stored.instruction, step(f, todayOf(deps.clock())));
  const nf = addresseeOf(next, unitId);
  const unitName = await unitNamer(deps);
  const v = await deps.db.transaction().execute(async (trx) => {
    const nv = await updateAddressee(trx, next, nf, version, deps.clock().toISOString());
    await appendTimeline(deps, ctx, trx, followUpTimeline(next, nf, unitName));
    await auditAction(deps, ctx, trx, action, null, { id, unitId });
    return nv;
  });
  return { instruction: next, unitId, version: v };
}

/** The addressed unit reports what it did. */
export async function reportOnInstruction(
  deps: AppDeps,
  ctx: UseCaseCtx,
  id: string,
  body: z.infer<typeof FollowUpReportBody>,
) {
  const unitId = ctx.actor.unitId;
  if (isBureau(ctx) || ctx.actor.role === 'leader' || !unitId)
    throw new AppError('FORBIDDEN', '只有落实单位可以反馈批示落实情况');
  const by = { userId: ctx.actor.userId, name: ctx.actor.displayName };
  return addresseeTurn(
    deps,
    ctx,
    id,
    unitId,
    body.version,
    (f, today) => submitReport(f, { on: body.on ?? today, text: body.text, by }, today),
    'instruction.report',
  );
}

/** The bureau accepts a unit's report or returns it with a new date. */
export async function reviewInstructionReport(
  deps: AppDeps,
  ctx: UseCaseCtx,
  id: string,
  unitId: string,
  body: z.infer<typeof FollowUpReviewBody>,
) {
  if (!isBureau(ctx)) throw new AppError('FORBIDDEN', '只有信访局可以审核批示落实情况');
  const by = { userId: ctx.actor.userId, name: ctx.actor.displayName };
  return addresseeTurn(
    deps,
    ctx,
    id,
    unitId,
    body.version,
    (f, today) =>
      reviewReport(
        f,
        { on: body.on ?? today, accepted: body.accept, note: body.note, newDueOn: body.newDueOn ?? null, by },
        today,
      ),
    'instruction.review',
  );
}

/**
 * The 批示 register and the open 请示, as the actor may see them: a leader his own, a unit those it asked or is
 * addressed by, the bureau all. Each subject lists only the items the viewer may open (numbers and titles);
 * each unit's duty is marked overdue when open past its date. The filter narrows the 批示 (not the 请示) by what
 * each row shows this reader; a unit's row holds, and is marked overdue by, its own duty only.
 */
export async function instructionRegister(deps: AppDeps, ctx: UseCaseCtx, filter: RegisterFilter = {}) {
  const a = ctx.actor;
  const leader = a.role === 'leader';
  const bureau = isBureau(ctx);
  if (!bureau && !leader && !a.unitId) throw new AppError('FORBIDDEN', '无权查看批示');
  const [requests, stored] = await Promise.all([
    leader
      ? listRequests(deps.db, { leaderUserId: a.userId })
      : bureau
        ? listRequests(deps.db)
        : listRequests(deps.db, { fromUnitId: a.unitId! }),
    leader
      ? listInstructions(deps.db, { leaderUserId: a.userId })
      : bureau
        ? listInstructions(deps.db)
        : listInstructions(deps.db, { unitId: a.unitId! }),
  ]);
  const byId = new Map(requests.map((r) => [r.id, r]));
  const viewer = viewerOf(deps, a);
  const instructions = stored.filter((s) =>
    canSeeInstruction(viewer, s.instruction, byId.get(s.instruction.requestId ?? '') ?? null),
  );
  const ids = new Set(
    [...requests, ...instructions.map((s) => s.instruction)].flatMap((x) => subjectItemIds(x.subject)),
  );
  const facts = new Map<string, ItemAccessFacts>();
  const titles = new Map<string, { number: string; title: string }>();
  for (const id of ids) {
    const item = await loadItem(deps.db, id, deps.codec);
    if (!item) continue;
    const f = accessFactsOfItem(deps, item);
    facts.set(id, f);
    // The title as this reader may read it: masked unless he may see the petitioner's identity on this item.
    if (canOpenItem(viewer, f)) {
      const access = identityAccessOf(viewer, f, await caseAccessOf(deps.db, a, item));
      titles.set(id, { number: item.number, title: titleFor(itemLabelOf(item), access) });
    }
  }
  const today = todayOf(deps.clock());
  const subjectView = (s: Subject) => {
    const seen = visibleSubjectItems(viewer, s, facts);
    return {
      kind: s.kind,
      caseId: s.kind === 'case' ? s.caseId : null,
      items: seen.map((id) => ({ id, ...titles.get(id)! })),
      hidden: subjectItemIds(s).length - seen.length,
    };
  };
  const unitOnly = !bureau && !leader;
  const duty = (f: FollowUp, v: number) => ({ ...f, version: v, overdue: f.status !== 'done' && today > f.dueOn });
  return {
    requests: requests.map((r: LeaderRequest) => ({ ...r, subject: subjectView(r.subject) })),
    instructions: instructions
      .map((s) => {
        const ins: Instruction = s.instruction;
        const mine = unitOnly ? ins.addressees.filter((x) => x.ownerUnitId === a.unitId) : ins.addressees;
        const duties = mine.map((f) => duty(f, s.addresseeVersions[f.ownerUnitId] ?? 1));
        return {
          ...ins,
          subject: subjectView(ins.subject),
          addressees: duties,
          overdue: duties.some((f) => f.overdue),
        };
      })
      .filter((row) => matchesRegisterFilter(row, filter)),
  };
}

/**
 * The 批示 register as an Excel file: exactly the 批示 rows `instructionRegister` gives the reader for the same
 * filter, in the same order, titles as he may read them; the export is audited with its filter and row count.
 */
export async function instructionRegisterExport(
  deps: AppDeps,
  ctx: UseCaseCtx,
  filter: RegisterFilter,
): Promise<{ name: string; content: Buffer }> {
  const { instructions } = await instructionRegister(deps, ctx, filter);
  const [unitName, users] = await Promise.all([unitNamer(deps), listUsers(deps.db)]);
  const people = new Map(users.map((u) => [u.id, u.displayName] as const));
  const filters = registerFilterText(filter, { leader: (id) => people.get(id) ?? id, unit: unitName });
  const lines = instructions.map((r) => instructionRegisterLine(r, unitName));
  const content = await registerXlsx('批示台账', INSTRUCTION_REGISTER_COLUMNS, lines, filters);
  await recordAudit(deps.db, deps, ctx, 'instruction.export', { rows: lines.length, filters: filters || '全部' });
  return { name: `批示台账_${todayOf(deps.clock())}.xlsx`, content };
}
