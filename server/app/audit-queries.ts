import { GENESIS_HASH, verifyChain, type AuditChainRow, type ChainVerification } from '../domain/audit-chain.ts';
import { AppError } from '../domain/errors.ts';
import { auditRows } from '../store/audit.store.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';

/** Only the auditor and the security administrator read the audit log; nobody can change it. */
function requireAuditReader(ctx: UseCaseCtx): void {
  if (ctx.actor.role !== 'auditor' && ctx.actor.role !== 'security_admin')
    throw new AppError('FORBIDDEN', '只有安全审计员和安全管理员可以查看审计日志');
}

export interface AuditFilter {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  itemId?: string;
  page: number;
  pageSize: number;
}

/** Audit events with filters, newest first; reading the log is itself audited. */
export async function listAudit(deps: AppDeps, ctx: UseCaseCtx, f: AuditFilter) {
  requireAuditReader(ctx);
  let q = deps.db.selectFrom('audit_log as a').leftJoin('users as u', 'u.id', 'a.actor_id');
  // Dates are Beijing days; the log keeps UTC instants.
  const beijing = (d: string, time: string) => new Date(`${d}T${time}+08:00`).toISOString();
  if (f.from) q = q.where('a.at', '>=', beijing(f.from, '00:00:00.000'));
  if (f.to) q = q.where('a.at', '<=', beijing(f.to, '23:59:59.999'));
  if (f.actor) q = q.where('u.username', '=', f.actor);
  if (f.action) q = q.where('a.action', 'like', `${f.action}%`);
  if (f.itemId) q = q.where('a.item_id', '=', f.itemId);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const rows = await q
    .select([
      'a.seq',
      'a.at',
      'a.action',
      'a.actor_role',
      'a.item_id',
      'a.detail',
      'a.request_id',
      'a.hash',
      'u.username',
      'u.display_name',
    ])
    .orderBy('a.seq', 'desc')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return {
    total: Number(total?.n ?? 0),
    events: rows.map((r) => ({
      seq: Number(r.seq),
      at: r.at,
      action: r.action,
      actor: r.username ?? (r.actor_role === 'petitioner' ? '信访人' : '系统'),
      actorName: r.display_name,
      actorRole: r.actor_role,
      itemId: r.item_id,
      detail: JSON.parse(r.detail) as unknown,
      requestId: r.request_id,
      hash: r.hash,
    })),
  };
}

/**
 * Verifies the whole chain page by page (memory stays flat for millions of events), each page continuing
 * from the previous page's last link; reports the first broken link.
 */
export async function verifyAudit(deps: Pick<AppDeps, 'db'>, pageSize = 5000): Promise<ChainVerification> {
  let start = { seq: 1, prevHash: GENESIS_HASH };
  let count = 0;
  let page: AuditChainRow[] = [];
  let last: ChainVerification = { ok: true, count: 0, lastSeq: null, lastHash: GENESIS_HASH };
  const flush = () => {
    const res = verifyChain(page, { start });
    page = [];
    if (!res.ok) return { ...res, count: count + res.count };
    count += res.count;
    if (res.lastSeq !== null) start = { seq: res.lastSeq + 1, prevHash: res.lastHash };
    last = { ...res, count };
    return null;
  };
  for await (const r of auditRows(deps.db, pageSize)) {
    page.push(r);
    if (page.length >= pageSize) {
      const broken = flush();
      if (broken) return broken;
    }
  }
  return flush() ?? last;
}

export async function verifyAuditFor(deps: AppDeps, ctx: UseCaseCtx): Promise<ChainVerification> {
  requireAuditReader(ctx);
  return verifyAudit(deps);
}
