import {
  countUnreadNotifications,
  listNotifications,
  markNotificationsRead,
  type NotificationRow,
} from '../store/notification.store.ts';
import { AppError } from '../domain/errors.ts';
import type { DbOrTrx } from '../store/db.ts';
import { setNotifyChannels, userContacts, type UserContact } from '../store/user.store.ts';
import { recordAudit } from './audit-event.ts';
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

/** A person's own outbound channels as he reads them: a channel with nothing on file reads off. */
export interface NotifyChannels {
  sms: boolean;
  email: boolean;
  phone: string | null;
  emailAddress: string | null;
}

function channelsOf(c: UserContact | undefined): NotifyChannels {
  const phone = c?.phone?.trim() || null;
  const emailAddress = c?.email?.trim() || null;
  return { sms: !!c?.smsOn && phone !== null, email: !!c?.emailOn && emailAddress !== null, phone, emailAddress };
}

async function contactOf(db: DbOrTrx, userId: string): Promise<UserContact | undefined> {
  return (await userContacts(db, [userId])).get(userId);
}

/** 通知方式: whether the reader's warnings, 督办 notices and digests also go out by SMS and by e-mail. */
export async function myNotifyChannels(deps: AppDeps, ctx: UseCaseCtx): Promise<NotifyChannels> {
  return channelsOf(await contactOf(deps.db, ctx.actor.userId));
}

/**
 * Turns the reader's own SMS and e-mail notices on or off (in-app notices always reach him). A channel cannot be
 * turned on with nothing on file: the administrator keeps the phone and address. A channel sent as it already
 * reads is left as stored (so a default-on channel with no number yet comes on when the number is added); a
 * change is audited with the channels before and after, and nothing changed writes nothing.
 */
export async function setMyNotifyChannels(
  deps: AppDeps,
  ctx: UseCaseCtx,
  want: { sms: boolean; email: boolean },
): Promise<NotifyChannels> {
  const userId = ctx.actor.userId;
  return deps.db.transaction().execute(async (trx) => {
    const stored = await contactOf(trx, userId);
    const now = channelsOf(stored);
    if (want.sms && !now.phone)
      throw new AppError('PHONE_MISSING', '您还没有登记手机号码，不能开启短信通知；请联系系统管理员登记手机号码');
    if (want.email && !now.emailAddress)
      throw new AppError('EMAIL_MISSING', '您还没有登记电子邮箱，不能开启邮件通知；请联系系统管理员登记电子邮箱');
    if (want.sms === now.sms && want.email === now.email) return now;
    await setNotifyChannels(trx, userId, {
      sms: want.sms === now.sms ? !!stored?.smsOn : want.sms,
      email: want.email === now.email ? !!stored?.emailOn : want.email,
    });
    await recordAudit(trx, deps, ctx, 'user.notify_channels', {
      userId,
      username: ctx.actor.username,
      before: { notifySms: now.sms, notifyEmail: now.email },
      after: { notifySms: want.sms, notifyEmail: want.email },
    });
    return { ...now, sms: want.sms, email: want.email };
  });
}
