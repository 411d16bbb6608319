import {
  countUnreadNotifications,
  listNotifications,
  markNotificationsRead,
  type NotificationRow,
} from '../store/notification.store.ts';
import { AppError } from '../domain/errors.ts';
import { canAdminister } from '../domain/item.policy.ts';
import type { DbOrTrx } from '../store/db.ts';
import { setNotifyChannels, userById, userContacts, type UserContact, type UserRow } from '../store/user.store.ts';
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

/** What a refused channel says: to the person himself, or to the administrator about someone else. */
interface MissingText {
  phone: string;
  email: string;
}

const OWN_MISSING: MissingText = {
  phone: '您还没有登记手机号码，不能开启短信通知；请联系系统管理员登记手机号码',
  email: '您还没有登记电子邮箱，不能开启邮件通知；请联系系统管理员登记电子邮箱',
};

const ADMIN_MISSING: MissingText = {
  phone: '该用户还没有登记手机号码，不能开启短信通知；请先在“联系方式”中登记手机号码',
  email: '该用户还没有登记电子邮箱，不能开启邮件通知；请先在“联系方式”中登记电子邮箱',
};

/**
 * Sets one person's channels in its own transaction: a channel cannot be turned on with nothing on file; a
 * channel sent as it already reads is left as stored (so a default-on channel with no number yet comes on when
 * the number is added); a change is audited under `action` with the person and the channels before and after,
 * and nothing changed writes nothing.
 */
async function applyChannels(
  deps: AppDeps,
  ctx: UseCaseCtx,
  target: { userId: string; username: string },
  want: { sms: boolean; email: boolean },
  action: 'user.notify_channels' | 'user.notify_channels_admin',
  missing: MissingText,
): Promise<NotifyChannels> {
  return deps.db.transaction().execute(async (trx) => {
    const stored = await contactOf(trx, target.userId);
    const now = channelsOf(stored);
    if (want.sms && !now.phone) throw new AppError('PHONE_MISSING', missing.phone);
    if (want.email && !now.emailAddress) throw new AppError('EMAIL_MISSING', missing.email);
    if (want.sms === now.sms && want.email === now.email) return now;
    await setNotifyChannels(trx, target.userId, {
      sms: want.sms === now.sms ? !!stored?.smsOn : want.sms,
      email: want.email === now.email ? !!stored?.emailOn : want.email,
    });
    await recordAudit(trx, deps, ctx, action, {
      userId: target.userId,
      username: target.username,
      before: { notifySms: now.sms, notifyEmail: now.email },
      after: { notifySms: want.sms, notifyEmail: want.email },
    });
    return { ...now, sms: want.sms, email: want.email };
  });
}

/**
 * Turns the reader's own SMS and e-mail notices on or off (in-app notices always reach him). A channel cannot be
 * turned on with nothing on file: the administrator keeps the phone and address. See {@link applyChannels}.
 */
export async function setMyNotifyChannels(
  deps: AppDeps,
  ctx: UseCaseCtx,
  want: { sms: boolean; email: boolean },
): Promise<NotifyChannels> {
  const target = { userId: ctx.actor.userId, username: ctx.actor.username };
  return applyChannels(deps, ctx, target, want, 'user.notify_channels', OWN_MISSING);
}

/**
 * The administrator's view of a person's channels. Reading and setting them grants no role and opens no item, so
 * under 三员分立 it needs no approval, for any account (as the phone and address themselves); only the system
 * administrator does it.
 */
async function channelTarget(deps: AppDeps, ctx: UseCaseCtx, userId: string): Promise<UserRow> {
  if (!canAdminister(ctx.actor)) throw new AppError('FORBIDDEN', '只有系统管理员可以查看和设置他人的通知方式');
  const u = await userById(deps.db, userId);
  if (!u) throw new AppError('NOT_FOUND', '用户不存在');
  return u;
}

/** 通知方式 of another person, as the administrator reads it (the same view the person has). */
export async function userNotifyChannels(deps: AppDeps, ctx: UseCaseCtx, userId: string): Promise<NotifyChannels> {
  const u = await channelTarget(deps, ctx, userId);
  return channelsOf(await contactOf(deps.db, u.id));
}

/**
 * The administrator turns another person's SMS and e-mail notices on or off, under the same rules as the person
 * himself (PHONE_MISSING / EMAIL_MISSING); audited as `user.notify_channels_admin`: the actor is who changed them,
 * the detail whose they are.
 */
export async function setUserNotifyChannels(
  deps: AppDeps,
  ctx: UseCaseCtx,
  userId: string,
  want: { sms: boolean; email: boolean },
): Promise<NotifyChannels> {
  const u = await channelTarget(deps, ctx, userId);
  return applyChannels(
    deps,
    ctx,
    { userId: u.id, username: u.username },
    want,
    'user.notify_channels_admin',
    ADMIN_MISSING,
  );
}
