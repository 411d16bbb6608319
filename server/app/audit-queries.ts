import {
  anchorMessage,
  GENESIS_HASH,
  headMessage,
  verifyChain,
  type AuditChainRow,
  type ChainBreak,
  type ChainVerification,
} from '../crypto/audit-chain.ts';
import { AppError } from '../domain/errors.ts';
import { SYSTEM_ACTOR } from '../domain/item.policy.ts';
import { listAuditEvents } from '../store/audit-list.store.ts';
import {
  appendAudit,
  auditRows,
  countLegacyAudit,
  lastAuditRow,
  lockAuditAppenders,
  readAuditHead,
} from '../store/audit.store.ts';
import { recordAudit } from './audit-event.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';

/** Only the auditor and the security administrator read the audit log; nobody can change it. */
export function requireAuditReader(ctx: UseCaseCtx): void {
  if (ctx.actor.role !== 'auditor' && ctx.actor.role !== 'security_admin')
    throw new AppError('FORBIDDEN', '只有安全审计员和安全管理员可以查看审计日志');
}

const auditOf = (deps: AppDeps, ctx: UseCaseCtx, action: string, detail: unknown) =>
  recordAudit(deps.db, deps, ctx, action, detail);

export interface AuditFilter {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  itemId?: string;
  page: number;
  pageSize: number;
}

/** Audit events with filters, newest first; reading the log is itself audited (after the read). */
export async function listAudit(deps: AppDeps, ctx: UseCaseCtx, f: AuditFilter) {
  requireAuditReader(ctx);
  // Dates are Beijing days; the log keeps UTC instants.
  const beijing = (d: string, time: string) => new Date(`${d}T${time}+08:00`).toISOString();
  const { total, rows } = await listAuditEvents(deps.db, {
    fromAt: f.from ? beijing(f.from, '00:00:00.000') : undefined,
    toAt: f.to ? beijing(f.to, '23:59:59.999') : undefined,
    actorUsername: f.actor,
    actionPrefix: f.action,
    itemId: f.itemId,
    page: f.page,
    pageSize: f.pageSize,
  });
  const { page, pageSize, ...filters } = f;
  await auditOf(deps, ctx, 'audit.read', { filters, page, pageSize, rows: rows.length });
  return {
    total,
    events: rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      action: r.action,
      actor: r.username ?? (r.actorRole === 'petitioner' ? '信访人' : '系统'),
      actorName: r.displayName,
      actorRole: r.actorRole,
      itemId: r.itemId,
      itemNumber: r.itemNumber,
      detail: r.detail,
      requestId: r.requestId,
      clientRequestId: r.clientRequestId,
      keyId: r.keyId,
      hash: r.hash,
    })),
  };
}

/** An exported head of the chain, kept outside the system (a file, a printout, another system). */
export interface AuditAnchor {
  format: 'xinfang-audit-anchor';
  version: 1;
  seq: number;
  hash: string;
  /** Time of the row at `seq`. */
  at: string;
  exportedAt: string;
  keyId: string;
  /** HMAC-SM3 over the fields above: an anchor file edited by hand no longer verifies. */
  mac: string;
}

/** Checks the shape of an anchor read from a file; throws VALIDATION with what is wrong. */
export function parseAnchor(raw: unknown): AuditAnchor {
  const a = raw as Partial<AuditAnchor> | null;
  const ok =
    a &&
    a.format === 'xinfang-audit-anchor' &&
    a.version === 1 &&
    Number.isSafeInteger(a.seq) &&
    (a.seq ?? 0) > 0 &&
    typeof a.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(a.hash) &&
    typeof a.at === 'string' &&
    typeof a.exportedAt === 'string' &&
    typeof a.keyId === 'string' &&
    typeof a.mac === 'string';
  if (!ok)
    throw new AppError('VALIDATION', '锚点文件格式不正确：应为 audit checkpoint 导出的 JSON（含 seq、hash、mac 等）');
  return a as AuditAnchor;
}

/** Result of verifyAudit: the chain's verification plus what else was checked. */
export type AuditVerification = ChainVerification & {
  /** The keyed head seal in the database (seq it vouches for), or null when the log has none. */
  head: { seq: number } | null;
  /** The anchor checked, if one was given. */
  anchor: { seq: number; exportedAt: string } | null;
};

type Broken = Extract<ChainVerification, { ok: false }>;

/**
 * Verifies the whole chain page by page (memory stays flat for millions of events), each page continuing from
 * the previous page's last link, then the keyed head seal (rows cut off the end) and, when given, an exported
 * anchor (a rollback to an earlier copy, or a rewrite before the anchor). Reports the first problem found.
 */
export async function verifyAudit(
  deps: Pick<AppDeps, 'db' | 'auditKeys'>,
  opts: { anchor?: AuditAnchor; pageSize?: number; onProgress?: (checked: number) => Promise<void> } = {},
): Promise<AuditVerification> {
  const pageSize = opts.pageSize ?? 5000;
  const keys = deps.auditKeys;
  const anchor = opts.anchor ?? null;
  // The seal is read before the rows: rows appended meanwhile lie beyond it, which is fine.
  const head = await readAuditHead(deps.db);
  const extra = {
    head: head ? { seq: head.seq } : null,
    anchor: anchor ? { seq: anchor.seq, exportedAt: anchor.exportedAt } : null,
  };
  const broken = (reason: ChainBreak, brokenAt: number, message: string, count: number): AuditVerification => ({
    ok: false,
    count,
    brokenAt,
    reason,
    message,
    ...extra,
  });
  if (anchor && keys.mac(anchor.keyId, anchorMessage(anchor)) !== anchor.mac)
    return broken('anchor_invalid', anchor.seq, '锚点文件的签名不符：文件被改动，或不是本系统（本密钥文件）导出的', 0);
  if (head && keys.mac(head.keyId, headMessage(head.seq, head.hash)) !== head.mac)
    return broken('head_invalid', head.seq, '审计日志链头封存记录的签名不符：封存记录被改动，或密钥文件不匹配', 0);

  let start: { seq: number; prevHash: string; keyed?: boolean } = { seq: 1, prevHash: GENESIS_HASH };
  let count = 0;
  let legacy = 0;
  let lastSeq: number | null = null;
  let lastHash = GENESIS_HASH;
  const seen = new Map<number, string>();
  const watch = [head?.seq, anchor?.seq].filter((s): s is number => s !== undefined);
  let page: AuditChainRow[] = [];
  const flush = (): Broken | null => {
    const res = verifyChain(page, { start, keys });
    page = [];
    if (!res.ok) return { ...res, count: count + res.count };
    count += res.count;
    legacy += res.legacy;
    if (res.lastSeq !== null) {
      start = { seq: res.lastSeq + 1, prevHash: res.lastHash, keyed: start.keyed || res.count > res.legacy };
      lastSeq = res.lastSeq;
      lastHash = res.lastHash;
    }
    return null;
  };
  for await (const r of auditRows(deps.db, pageSize)) {
    if (watch.includes(r.seq)) seen.set(r.seq, r.hash);
    page.push(r);
    if (page.length >= pageSize) {
      const b = flush();
      if (b) return { ...b, ...extra };
      await opts.onProgress?.(count);
    }
  }
  const b = flush();
  if (b) return { ...b, ...extra };
  const reach = (mark: { seq: number; hash: string }, what: string): AuditVerification | null => {
    if (lastSeq === null || lastSeq < mark.seq) {
      const from = (lastSeq ?? 0) + 1;
      return broken(
        'truncated',
        from,
        `审计日志不完整：${what}表明应记录到第${mark.seq}条，实际只到第${lastSeq ?? 0}条，第${from}条起的记录已被删除`,
        count,
      );
    }
    if (seen.get(mark.seq) !== mark.hash)
      return broken('hash_mismatch', mark.seq, `审计日志第${mark.seq}条与${what}不符：此处及之前的记录已被改写`, count);
    return null;
  };
  if (lastSeq !== null && count === legacy) {
    // A running system seals an old chain when it upgrades; an unsealed newest row was written (or rewritten)
    // without the key.
    return broken(
      'head_invalid',
      lastSeq,
      '最新的审计记录没有密钥签名：旧链尚未封存（请运行 xinfang audit rekey），或记录已被不掌握密钥的人改写',
      count,
    );
  }
  if (head) {
    const h = reach(head, '链头封存记录');
    if (h) return h;
  } else if (count > legacy) {
    return broken('head_invalid', lastSeq ?? 1, '审计日志的链头封存记录缺失：记录可能被整体删改', count);
  }
  if (anchor) {
    const a = reach(anchor, '锚点文件');
    if (a) return a;
  }
  return { ok: true, count, legacy, lastSeq, lastHash, ...extra };
}

export async function verifyAuditFor(deps: AppDeps, ctx: UseCaseCtx, anchor?: AuditAnchor) {
  requireAuditReader(ctx);
  const res = await verifyAudit(deps, anchor ? { anchor } : {});
  await recordVerification(deps, ctx, res, anchor);
  return res;
}

/** The audit entry of a finished check of the chain (run in the request or in the background). */
export async function recordVerification(
  deps: AppDeps,
  ctx: UseCaseCtx,
  res: AuditVerification,
  anchor?: AuditAnchor,
): Promise<void> {
  await auditOf(deps, ctx, 'audit.verify', {
    ok: res.ok,
    count: res.count,
    anchorSeq: anchor?.seq ?? null,
    ...(res.ok ? {} : { brokenAt: res.brokenAt, reason: res.reason }),
  });
}

/**
 * Exports the head of the chain for safekeeping outside the system. The export is recorded first, so the
 * anchor covers its own record.
 */
export async function exportAuditCheckpoint(deps: AppDeps, ctx: UseCaseCtx): Promise<AuditAnchor> {
  if (ctx.actor.userId !== SYSTEM_ACTOR.userId) requireAuditReader(ctx);
  await auditOf(deps, ctx, 'audit.checkpoint', {});
  const last = (await lastAuditRow(deps.db))!;
  const keyId = deps.auditKeys.activeId();
  const body = { seq: last.seq, hash: last.hash, at: last.at, exportedAt: deps.clock().toISOString() };
  return {
    format: 'xinfang-audit-anchor',
    version: 1,
    ...body,
    keyId,
    mac: deps.auditKeys.mac(keyId, anchorMessage(body))!,
  };
}

/**
 * The re-key step of an upgrade: when the newest row is still a plain SM3 row (the chain predates the key), a
 * keyed row is appended that names the old head. From then on every old row is held by that keyed link:
 * changing one breaks it. What happened to the old rows before this moment cannot be proven, and the row says
 * so. Idempotent: a chain whose newest row is keyed is left alone.
 */
export async function sealLegacyAuditChain(deps: AppDeps): Promise<{ sealed: boolean; legacyRows: number }> {
  return deps.db.transaction().execute(async (trx) => {
    // Under the appenders' lock, so two instances starting together seal once.
    await lockAuditAppenders(trx, deps.dialect);
    const last = await lastAuditRow(trx);
    if (!last || last.keyId) return { sealed: false, legacyRows: 0 };
    const legacyRows = await countLegacyAudit(trx);
    await appendAudit(
      trx,
      {
        at: deps.clock().toISOString(),
        actorId: SYSTEM_ACTOR.userId,
        actorRole: SYSTEM_ACTOR.role,
        action: 'audit.rekey',
        itemId: null,
        detail: {
          legacyRows,
          legacyHead: { seq: last.seq, hash: last.hash },
          note: '此前的记录为未加密钥的 SM3 链，只能证明其内部一致；自本条起以密钥文件中的密钥签名',
        },
        requestId: null,
      },
      deps,
    );
    return { sealed: true, legacyRows };
  });
}
