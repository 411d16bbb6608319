import {
  countUnreadNotifications,
  listNotifications,
  markNotificationsRead,
  type NotificationRow,
} from '../store/notification.store.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';

/** The reader's own notifications (nobody reads another person's): newest first, and the unread count. */
export async function myNotifications(
  deps: AppDeps,
  ctx: UseCaseCtx,
  q: { unreadOnly?: boolean; limit?: number; offset?: number },
): Promise<{ unread: number; notifications: NotificationRow[] }> {
  const userId = ctx.actor.userId;
  const [unread, notifications] = await Promise.all([
    countUnreadNotifications(deps.db, userId),
    listNotifications(deps.db, userId, q),
  ]);
  return { unread, notifications };
}

/** Marks the reader's own notifications read (all of them when no ids are given). */
export async function markMyNotificationsRead(
  deps: AppDeps,
  ctx: UseCaseCtx,
  ids?: readonly string[],
): Promise<{ marked: number; unread: number }> {
  const marked = await markNotificationsRead(deps.db, ctx.actor.userId, deps.clock().toISOString(), ids);
  return { marked, unread: await countUnreadNotifications(deps.db, ctx.actor.userId) };
}
