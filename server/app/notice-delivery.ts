import type { DbOrTrx } from '../store/db.ts';
import { raiseNotification, type NewNotification } from '../store/notification.store.ts';
import { enqueueOutbox } from '../store/outbox.store.ts';
import type { UserContact } from '../store/user.store.ts';
import type { AppDeps } from './context.ts';

/**
 * One notice to one person: in the app, and out through the outbox to the phone and address on file for the
 * channels he keeps on. The outbound texts are written by the caller with the same rule as the in-app text
 * (`domain/notice-text.ts`: never more than the masked title, the SMS with none). The outbox messages are queued
 * only when this call raised the in-app notice, in the caller's transaction: the notice's key (deadline × level ×
 * recipient, a 督办's round, a day's digest) is what makes both happen once, across reruns and instances; the
 * outbox's own dedupe key (`<notice key>:<channel>`) is the second guard.
 */

export interface OutboundText {
  /** The SMS: short, no item title; null sends none (the daily digest goes by e-mail only). */
  sms: string | null;
  emailSubject: string;
  emailBody: string;
}

export interface Delivered {
  raised: boolean;
  /** Outbox messages queued by this call. */
  queued: number;
}

/** The outbox dedupe key of a notice's message on one channel. */
export function outboundKey(noticeKey: string, channel: 'sms' | 'email'): string {
  return `${noticeKey}:${channel}`;
}

export async function deliverNotice(
  db: DbOrTrx,
  deps: Pick<AppDeps, 'newId'>,
  n: NewNotification,
  out: OutboundText | null,
  contact: UserContact | undefined,
): Promise<Delivered> {
  const raised = await raiseNotification(db, n);
  let queued = 0;
  if (!raised || !out || !contact) return { raised, queued };
  const base = { recipientUserId: n.userId, now: n.createdAt };
  const phone = contact.phone?.trim();
  if (out.sms !== null && contact.smsOn && phone) {
    const m = { ...base, id: deps.newId(), dedupeKey: outboundKey(n.key, 'sms'), channel: 'sms' as const };
    if (await enqueueOutbox(db, { ...m, address: phone, subject: n.title, body: out.sms })) queued++;
  }
  const email = contact.email?.trim();
  if (contact.emailOn && email) {
    const m = { ...base, id: deps.newId(), dedupeKey: outboundKey(n.key, 'email'), channel: 'email' as const };
    if (await enqueueOutbox(db, { ...m, address: email, subject: out.emailSubject, body: out.emailBody })) queued++;
  }
  return { raised, queued };
}
