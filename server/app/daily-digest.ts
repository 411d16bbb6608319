import { NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS } from '../../contract/supervision.ts';
import type { IsoDate } from '../domain/calendar.ts';
import { digestKey, digestOf } from '../domain/digest.ts';
import type { Actor } from '../domain/item.policy.ts';
import { existingNotificationKeys, lastNotificationAt, unreadCountsByKind } from '../store/notification.store.ts';
import { listUsers, userContacts, type UserRow } from '../store/user.store.ts';
import type { AppDeps } from './context.ts';
import { deliverNotice } from './notice-delivery.ts';
import { workbench } from './workbench.ts';
import { DUE_SOON_DAYS } from './workload.ts';

/**
 * 每日待办摘要: once a day, to every active account that has something, one in-app notice with its to-do counts
 * (what waits for it, due within five days, overdue: the numbers behind them) and how many of its notices came
 * since the last digest and are still unread; and, when the person has an e-mail address on file and keeps e-mail
 * on, the same text by e-mail through the outbox. The to-do items are the person's own workbench, read under his
 * own scope (the SQL twin of `canOpenItem` the warnings use), so no number of an item he may not open is named;
 * and the digest carries counts and numbers only, never a title or a petitioner, whatever he may unmask.
 *
 * Exactly once per person and day: the notice's key is `digest:<user>:<date>` and the e-mail is queued in the
 * transaction that raised it, only when it did; a rerun of the day, or a second instance racing the first, finds
 * the key taken and sends nothing.
 */

export interface DigestRunResult {
  date: IsoDate;
  /** Active accounts considered. */
  people: number;
  /** Digests raised by this run. */
  raised: number;
  /** E-mails queued with them. */
  queued: number;
  /** Accounts with nothing waiting and nothing new unread: no digest. */
  nothing: number;
  /** Accounts whose digest of the day was already raised (a rerun, another instance). */
  already: number;
}

function actorOf(u: UserRow): Actor {
  return { userId: u.id, username: u.username, displayName: u.displayName, role: u.role, unitId: u.unitId };
}

/** Sends the digests of `date` (the Beijing day of the job's slot), counting the to-do list as of `now`. */
export async function sendDailyDigests(
  deps: AppDeps,
  date: IsoDate,
  now: Date = deps.clock(),
  onProgress: (done: number) => void = () => {},
): Promise<DigestRunResult> {
  const users = (await listUsers(deps.db)).filter((u) => !u.disabled);
  const done = await existingNotificationKeys(
    deps.db,
    users.map((u) => digestKey(u.id, date)),
  );
  const contacts = await userContacts(deps.db);
  const out: DigestRunResult = { date, people: users.length, raised: 0, queued: 0, nothing: 0, already: 0 };
  for (const [i, u] of users.entries()) {
    if (i % 50 === 49) onProgress(i + 1);
    if (done.has(digestKey(u.id, date))) {
      out.already++;
      continue;
    }
    const wb = await workbench(deps, { actor: actorOf(u), requestId: null }, now);
    const last = await lastNotificationAt(deps.db, u.id, 'daily_digest');
    const unread = await unreadCountsByKind(deps.db, u.id, last, 'daily_digest');
    const digest = digestOf({
      userId: u.id,
      date,
      todo: wb.groups.flatMap((g) => g.items.map((r) => ({ number: r.number, daysLeft: r.daysLeft }))),
      dueSoonDays: DUE_SOON_DAYS,
      unread: NOTIFICATION_KINDS.filter((k) => unread.has(k)).map((k) => ({
        label: NOTIFICATION_KIND_LABELS[k],
        count: unread.get(k)!,
      })),
      hadDigest: last !== null,
    });
    if (!digest) {
      out.nothing++;
      continue;
    }
    const notice = {
      id: deps.newId(),
      key: digest.key,
      userId: u.id,
      kind: 'daily_digest' as const,
      title: digest.title,
      body: digest.body,
      link: digest.link,
      createdAt: deps.clock().toISOString(),
    };
    const outbound = {
      sms: null,
      emailSubject: digest.title,
      emailBody: `${u.displayName}，您好：\n${digest.emailBody}`,
    };
    const d = await deps.db
      .transaction()
      .execute((trx) => deliverNotice(trx, deps, notice, outbound, contacts.get(u.id)));
    if (d.raised) out.raised++;
    else out.already++;
    out.queued += d.queued;
  }
  return out;
}
