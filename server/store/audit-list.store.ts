import type { DbOrTrx } from './db.ts';

/** Filters of the audit log list; `fromAt` / `toAt` are UTC instants (inclusive). */
export interface AuditListFilter {
  fromAt?: string;
  toAt?: string;
  actorUsername?: string;
  actionPrefix?: string;
  itemId?: string;
  page: number;
  pageSize: number;
}

/** One audit event as listed, with the acting user's names when the actor was a user. */
export interface AuditListRow {
  seq: number;
  at: string;
  action: string;
  actorRole: string | null;
  itemId: string | null;
  /** The item's number (编号) when the event is about an item. */
  itemNumber: string | null;
  detail: unknown;
  requestId: string | null;
  clientRequestId: string | null;
  keyId: string | null;
  hash: string;
  username: string | null;
  displayName: string | null;
}

/**
 * Audit events matching the filter, newest first, one page, with the total. The log is read only by the auditor
 * and the security administrator (checked by the caller); it has no item scope.
 */
export async function listAuditEvents(
  db: DbOrTrx,
  f: AuditListFilter,
): Promise<{ total: number; rows: AuditListRow[] }> {
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .leftJoin('items as i', 'i.id', 'a.item_id');
  if (f.fromAt) q = q.where('a.at', '>=', f.fromAt);
  if (f.toAt) q = q.where('a.at', '<=', f.toAt);
  if (f.actorUsername) q = q.where('u.username', '=', f.actorUsername);
  if (f.actionPrefix) q = q.where('a.action', 'like', `${f.actionPrefix}%`);
  // The item filter takes the item's id or its number (编号), as the screen shows it.
  const item = f.itemId;
  if (item) q = q.where((eb) => eb.or([eb('a.item_id', '=', item), eb('i.number', '=', item)]));
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const rows = await q
    .select([
      'a.seq',
      'a.at',
      'a.action',
      'a.actor_role',
      'a.item_id',
      'i.number as item_number',
      'a.detail',
      'a.request_id',
      'a.client_request_id',
      'a.key_id',
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
    rows: rows.map((r) => ({
      seq: Number(r.seq),
      at: r.at,
      action: r.action,
      actorRole: r.actor_role,
      itemId: r.item_id,
      itemNumber: r.item_number ?? null,
      detail: JSON.parse(r.detail) as unknown,
      requestId: r.request_id,
      clientRequestId: r.client_request_id,
      keyId: r.key_id,
      hash: r.hash,
      username: r.username,
      displayName: r.display_name,
    })),
  };
}
