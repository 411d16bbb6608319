import type { NotificationKind } from '../../contract/supervision.ts';
import type { DbOrTrx } from './db.ts';

/**
 * In-app notifications, one row per person and notice. Raising is idempotent by key (the planner's key of
 * deadline × level × recipient, or a 督办's round), so a job run twice, or by two instances, raises each notice once.
 * Every read and write is the recipient's own: a user id is part of every condition.
 */

export interface NotificationRow {
  id: string;
  key: string;
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  itemId: string | null;
  supervisionId: string | null;
  level: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NewNotification {
  id: string;
  key: string;
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link?: string | null;
  itemId?: string | null;
  supervisionId?: string | null;
  level?: string | null;
  createdAt: string;
}

/** Adds the notification unless one with its key exists. True when this call added it. */
export async function raiseNotification(db: DbOrTrx, n: NewNotification): Promise<boolean> {
  const r = await db
    .insertInto('notifications')
    .values({
      id: n.id,
      key: n.key,
      user_id: n.userId,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link ?? null,
      item_id: n.itemId ?? null,
      supervision_id: n.supervisionId ?? null,
      level: n.level ?? null,
      created_at: n.createdAt,
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** The keys among `keys` already raised (a job skips building those). */
export async function existingNotificationKeys(db: DbOrTrx, keys: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const part = keys.slice(i, i + 500);
    if (!part.length) continue;
    const rows = await db.selectFrom('notifications').select('key').where('key', 'in', part).execute();
    for (const r of rows) out.add(r.key);
  }
  return out;
}

/** A person's notifications, newest first; only unread ones when asked. */
export async function listNotifications(
  db: DbOrTrx,
  userId: string,
  f: { unreadOnly?: boolean; limit?: number; offset?: number } = {},
): Promise<NotificationRow[]> {
  let q = db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
  if (f.unreadOnly) q = q.where('read_at', 'is', null);
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit ?? 50)
    .offset(f.offset ?? 0)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    userId: r.user_id,
    kind: r.kind as NotificationKind,
    title: r.title,
    body: r.body,
    link: r.link,
    itemId: r.item_id,
    supervisionId: r.supervision_id,
    level: r.level,
    createdAt: r.created_at,
    readAt: r.read_at,
  }));
}

export async function countUnreadNotifications(db: DbOrTrx, userId: string): Promise<number> {
  const r = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Marks the person's own notifications read (all unread ones when `ids` is omitted); how many changed. */
export async function markNotificationsRead(
  db: DbOrTrx,
  userId: string,
  now: string,
  ids?: readonly string[],
): Promise<number> {
  if (ids && !ids.length) return 0;
  let q = db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids) q = q.where('id', 'in', [...ids]);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** When the person's latest notice of `kind` was raised (null: never), e.g. the last daily digest. */
export async function lastNotificationAt(db: DbOrTrx, userId: string, kind: NotificationKind): Promise<string | null> {
  const r = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.max('created_at').as('at'))
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return r?.at ?? null;
}

/** The person's unread notices raised after `since` (all unread ones when null), counted by kind, but `except`. */
export async function unreadCountsByKind(
  db: DbOrTrx,
  userId: string,
  since: string | null,
  except: NotificationKind,
): Promise<Map<NotificationKind, number>> {
  let q = db
    .selectFrom('notifications')
    .select(['kind', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .where('kind', '<>', except);
  if (since !== null) q = q.where('created_at', '>', since);
  const rows = await q.groupBy('kind').execute();
  return new Map(rows.map((r) => [r.kind as NotificationKind, Number(r.n)] as const));
}
