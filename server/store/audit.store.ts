import { sql } from 'kysely';
import { chainHash, GENESIS_HASH, type AuditEventInput } from '../domain/audit-chain.ts';
import type { DbOrTrx } from './db.ts';
import type { AuditTable } from './schema.ts';

/** An event to append: the hashed content without its sequence number (the log assigns it). */
export type AuditAppend = Omit<AuditEventInput, 'seq'>;

/**
 * Appends one event to the hash-chained audit log inside the caller's transaction. On PostgreSQL a
 * transaction-scoped advisory lock serialises appenders so that the chain has no forks; SQLite serialises
 * writers by itself.
 */
export async function appendAudit(db: DbOrTrx, ev: AuditAppend, dialect: 'sqlite' | 'postgres'): Promise<number> {
  // The lock below only holds inside a transaction: outside one, open one for this event alone.
  if (!db.isTransaction) return db.transaction().execute((trx) => appendAudit(trx, ev, dialect));
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(727001)`.execute(db);
  const last = await db
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const seq = Number(last?.seq ?? 0) + 1;
  await db
    .insertInto('audit_log')
    .values(auditRow(ev, seq, last?.hash ?? GENESIS_HASH))
    .execute();
  return seq;
}

/** The audit_log row of one event at `seq`, chained to the previous row's hash. */
export function auditRow(ev: AuditAppend, seq: number, prevHash: string): AuditTable {
  const input: AuditEventInput = {
    seq,
    at: ev.at,
    actorId: ev.actorId,
    actorRole: ev.actorRole,
    action: ev.action,
    itemId: ev.itemId,
    detail: ev.detail ?? null,
    requestId: ev.requestId,
  };
  return {
    seq,
    at: ev.at,
    actor_id: ev.actorId,
    actor_role: ev.actorRole,
    action: ev.action,
    item_id: ev.itemId,
    detail: JSON.stringify(input.detail),
    request_id: ev.requestId,
    prev_hash: prevHash,
    hash: chainHash(prevHash, input),
  };
}

/** Streams the audit log in sequence order, page by page (for verification over millions of rows). */
export async function* auditRows(db: DbOrTrx, pageSize = 2000) {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    if (!rows.length) return;
    for (const r of rows) {
      yield {
        seq: Number(r.seq),
        at: r.at,
        actorId: r.actor_id,
        actorRole: r.actor_role,
        action: r.action,
        itemId: r.item_id,
        detail: JSON.parse(r.detail) as unknown,
        requestId: r.request_id,
        prevHash: r.prev_hash,
        hash: r.hash,
      };
    }
    after = Number(rows[rows.length - 1]!.seq);
  }
}
