import { lastAuditRow } from '../store/audit.store.ts';
import {
  type AuditAnchor,
  type AuditVerification,
  recordVerification,
  requireAuditReader,
  verifyAudit,
} from './audit-queries.ts';
import { type BackgroundRun, latestRun, type RunKind, startRun } from './background-run.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';

export type AuditVerifyRun = BackgroundRun<AuditVerification, null>;

const KEY = 'audit_verify';
/** Rows checked between two progress reports (and two chances for other requests to run). */
export const AUDIT_VERIFY_SLICE = 1000;

/**
 * Knobs for tests: the rows per slice, and a hook called after each slice's progress was recorded (the run is
 * then between two slices, as a request arriving meanwhile sees it).
 */
export const auditVerifyTuning: { slice: number; afterSlice?: (done: number) => Promise<void> } = {
  slice: AUDIT_VERIFY_SLICE,
};

/** The latest background check of the audit chain (running or finished, with its result), or null before one. */
export async function auditVerifyRun(deps: AppDeps, ctx: UseCaseCtx): Promise<AuditVerifyRun | null> {
  requireAuditReader(ctx);
  return latestRun<AuditVerification, null>(deps, { key: KEY });
}

/**
 * Starts checking the audit chain in the background (optionally against an exported anchor) and answers at
 * once: the check reads the chain in slices of rows between other requests, records how far it got after each,
 * and keeps its result (ok, or the first broken entry) for the screen; the finished check is audited as the
 * check in the request always was. While one runs (from any instance), starting again answers that run.
 */
export async function startAuditVerifyRun(
  deps: AppDeps,
  ctx: UseCaseCtx,
  anchor?: AuditAnchor,
): Promise<{ run: AuditVerifyRun; started: boolean }> {
  requireAuditReader(ctx);
  const kind: RunKind<AuditVerification, null> = {
    key: KEY,
    staleMs: 5 * 60_000,
    work: async (_run, progress) => {
      const res = await verifyAudit(deps, {
        pageSize: auditVerifyTuning.slice,
        onProgress: async (done) => {
          await progress(done);
          await auditVerifyTuning.afterSlice?.(done);
        },
        ...(anchor ? { anchor } : {}),
      });
      await progress(res.count);
      return res;
    },
    finish: async (run) => {
      if (run.result) await recordVerification(deps, ctx, run.result, anchor);
    },
  };
  return startRun(deps, ctx, kind, (await lastAuditRow(deps.db))?.seq ?? 0);
}
