import { SUPERVISION_STATUS_LABELS, type SupervisionKind, type SupervisionStatus } from '../../contract/supervision.ts';
import { trackedTaskOf } from '../domain/supervision.ts';
import { LATE_REASON_LABELS, type LateReason, lateness } from '../domain/tracked-task.ts';
import { supervisionRegisterXlsx, type SupervisionRegisterRow } from '../exports/supervision-xlsx.ts';
import { listUnits } from '../store/reference.store.ts';
import { todayOf, type AppDeps, type UseCaseCtx } from './context.ts';
import { listSupervisionsUseCase, type SupervisionView } from './supervision.ts';

/**
 * The 督办台账: the register of 督办 as the reader may see them (listSupervisionsUseCase: a unit its own, with only
 * the items it may open and the text masked for it), filtered by unit, kind, state and lateness, and its Excel
 * export with exactly the same rows.
 */

export interface RegisterFilter {
  status?: SupervisionStatus | undefined;
  unitId?: string | undefined;
  itemId?: string | undefined;
  issuedFrom?: string | undefined;
  issuedTo?: string | undefined;
  kind?: SupervisionKind | undefined;
  /** Only the late ones (unanswered past the due day, or unfinished past the promised day). */
  overdue?: boolean | undefined;
}

export type RegisterEntry = SupervisionView & { late: { reason: LateReason; label: string; since: string } | null };

export async function supervisionRegister(deps: AppDeps, ctx: UseCaseCtx, f: RegisterFilter): Promise<RegisterEntry[]> {
  const { kind, overdue, ...rest } = f;
  const clean = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  const today = todayOf(deps.clock());
  const out: RegisterEntry[] = [];
  for (const v of await listSupervisionsUseCase(deps, ctx, clean)) {
    if (kind && v.kind !== kind) continue;
    const l = lateness(trackedTaskOf(v), today);
    if (overdue && !l) continue;
    out.push({ ...v, late: l ? { reason: l.reason, label: LATE_REASON_LABELS[l.reason], since: l.since } : null });
  }
  return out;
}

/** The register's rows as an Excel workbook (the same rows the screen shows for the same filters). */
export async function supervisionRegisterExport(
  deps: AppDeps,
  ctx: UseCaseCtx,
  f: RegisterFilter,
): Promise<{ name: string; content: Buffer }> {
  const rows = await supervisionRegister(deps, ctx, f);
  const units = new Map((await listUnits(deps.db)).map((u) => [u.id, u.name] as const));
  const lines: SupervisionRegisterRow[] = rows.map((r) => ({
    number: r.number,
    kind: r.kind,
    unit: units.get(r.unitId) ?? r.unitId,
    items: r.items,
    reason: r.reason,
    requirements: r.requirements,
    issuedOn: r.issuedOn,
    dueOn: r.dueOn,
    status: r.status,
    late: r.late?.label ?? null,
    closedOn: r.closedOn,
    escalations: r.escalations.length,
  }));
  const said = [
    f.unitId ? `单位：${units.get(f.unitId) ?? f.unitId}` : '',
    f.kind ? `方式：${f.kind}` : '',
    f.status ? `状态：${SUPERVISION_STATUS_LABELS[f.status]}` : '',
    f.overdue ? '仅逾期' : '',
    f.issuedFrom || f.issuedTo ? `下发日期：${f.issuedFrom ?? ''} 至 ${f.issuedTo ?? ''}` : '',
  ].filter(Boolean);
  return {
    name: `督办台账_${todayOf(deps.clock())}.xlsx`,
    content: await supervisionRegisterXlsx(lines, said.join('；')),
  };
}
