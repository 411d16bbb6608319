import { sql } from 'kysely';
import {
  headMessage,
  linkKeyedEvent,
  GENESIS_HASH,
  type AuditChainRow,
  type AuditEventInput,
} from '../crypto/audit-chain.ts';
import type { AuditKeys } from '../crypto/codec-types.ts';
import { clientRequestIdInScope } from '../request-scope.ts';
import type { DbOrTrx, Trx } from './db.ts';
import type { AuditTable } from './schema.ts';

export type { AuditKeys };

/** What appending needs besides the transaction: the dialect (for the lock) and the keys. */
export interface AuditSink {
  dialect: 'sqlite' | 'postgres';
  auditKeys: AuditKeys;
}

/** An event to append: the hashed content without its sequence number and key (the log assigns them). */
export type AuditAppend = Omit<AuditEventInput, 'seq' | 'keyId'>;

/**
 * Takes the appenders' lock for the rest of the transaction (PostgreSQL: a transaction-scoped advisory lock;
 * SQLite serialises writers by itself), so the chain has no forks.
 */
export async function lockAuditAppenders(trx: Trx, dialect: AuditSink['dialect']): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(727001)`.execute(trx);
}

/**
 * Appends one event to the keyed audit chain inside the caller's transaction and moves the keyed head seal to
 * it. On PostgreSQL a transaction-scoped advisory lock serialises appenders so that the chain has no forks;
 * SQLite serialises writers by itself. The client's own request id (if the request carried one) is kept
 * beside the server's.
 */
export async function appendAudit(db: DbOrTrx, ev: AuditAppend, sink: AuditSink): Promise<number> {
  // The lock below only holds inside a transaction: outside one, open one for this event alone.
  if (!db.isTransaction) return db.transaction().execute((trx) => appendAudit(trx, ev, sink));
  await lockAuditAppenders(db as Trx, sink.dialect);
  const last = await db
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const seq = Number(last?.seq ?? 0) + 1;
  const row = auditRow(ev, seq, last?.hash ?? GENESIS_HASH, sink.auditKeys);
  await db.insertInto('audit_log').values(row).execute();
  await writeAuditHead(db, sink.auditKeys, seq, row.hash, row.at);
  return seq;
}

/**
 * The audit_log row of one event at `seq`, chained to the previous row's hash and signed with the active key
 * (for writers that insert rows themselves, such as a bulk generator; they must write the head seal after).
 */
export function auditRow(ev: AuditAppend, seq: number, prevHash: string, keys: AuditKeys): AuditTable {
  const keyId = keys.activeId();
  const row = linkKeyedEvent(
    prevHash,
    {
      seq,
      at: ev.at,
      actorId: ev.actorId,
      actorRole: ev.actorRole,
      action: ev.action,
      itemId: ev.itemId,
      detail: ev.detail ?? null,
      requestId: ev.requestId,
      clientRequestId: ev.clientRequestId ?? clientRequestIdInScope(),
    },
    keyId,
    keys,
  );
  return {
    seq,
    at: row.at,
    actor_id: row.actorId,
    actor_role: row.actorRole,
    action: row.action,
    item_id: row.itemId,
    detail: JSON.stringify(row.detail),
    request_id: row.requestId,
    client_request_id: row.clientRequestId ?? null,
    key_id: keyId,
    prev_hash: row.prevHash,
    hash: row.hash,
  };
}

/** Moves the keyed head seal to row `seq` (whose hash is `hash`). */
export async function writeAuditHead(db: DbOrTrx, keys: AuditKeys, seq: number, hash: string, at: string) {
  const keyId = keys.activeId();
  const head = { seq, hash, key_id: keyId, mac: keys.mac(keyId, headMessage(seq, hash))!, at };
  await db
    .insertInto('audit_head')
    .values({ id: 1, ...head })
    .onConflict((oc) => oc.column('id').doUpdateSet(head))
    .execute();
}

/** The keyed head seal, or null when none was ever written. */
export async function readAuditHead(db: DbOrTrx) {
  const r = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
  return r ? { seq: Number(r.seq), hash: r.hash, keyId: r.key_id, mac: r.mac, at: r.at } : null;
}

/** The newest row (seq, hash, time, key), or null for an empty log. */
export async function lastAuditRow(db: DbOrTrx) {
  const r = await db
    .selectFrom('audit_log')
    .select(['seq', 'hash', 'at', 'key_id'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? { seq: Number(r.seq), hash: r.hash, at: r.at, keyId: r.key_id } : null;
}

/** Number of rows of the earlier plain SM3 chain (no key id). */
export async function countLegacyAudit(db: DbOrTrx): Promise<number> {
  const r = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('key_id', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Streams the audit log in sequence order, page by page (for verification over millions of rows). */
export async function* auditRows(db: DbOrTrx, pageSize = 2000): AsyncGenerator<AuditChainRow> {
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
        clientRequestId: r.client_request_id,
        keyId: r.key_id,
        prevHash: r.prev_hash,
        hash: r.hash,
      };
    }
    after = Number(rows[rows.length - 1]!.seq);
  }
}
