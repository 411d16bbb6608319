import type { MessageChannel, OutboxState } from '../../contract/supervision.ts';
import type { DbOrTrx } from './db.ts';

/**
 * The outbox of outbound messages (SMS, e-mail). A message is enqueued in the caller's transaction (so it exists
 * exactly when what it tells of was committed) and is idempotent by its dedupe key. A dispatcher claims due
 * messages with a conditional update (one claimer per message across instances), hands them to an adapter, and
 * records the outcome: sent, recorded (no real channel configured), retried later, or failed for good.
 */

export interface OutboxMessage {
  id: string;
  dedupeKey: string;
  channel: MessageChannel;
  recipientUserId: string | null;
  address: string;
  subject: string;
  body: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  providerId: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

type Row = {
  id: string;
  dedupe_key: string;
  channel: string;
  recipient_user_id: string | null;
  address: string;
  subject: string;
  body: string;
  state: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  provider_id: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
};

function toMessage(r: Row): OutboxMessage {
  return {
    id: r.id,
    dedupeKey: r.dedupe_key,
    channel: r.channel as MessageChannel,
    recipientUserId: r.recipient_user_id,
    address: r.address,
    subject: r.subject,
    body: r.body,
    state: r.state as OutboxState,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    providerId: r.provider_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    sentAt: r.sent_at,
  };
}

/** Enqueues a message unless one with the same dedupe key exists. True when this call added it. */
export async function enqueueOutbox(
  db: DbOrTrx,
  m: {
    id: string;
    dedupeKey: string;
    channel: MessageChannel;
    recipientUserId: string | null;
    address: string;
    subject: string;
    body: string;
    now: string;
  },
): Promise<boolean> {
  const r = await db
    .insertInto('outbox')
    .values({
      id: m.id,
      dedupe_key: m.dedupeKey,
      channel: m.channel,
      recipient_user_id: m.recipientUserId,
      address: m.address,
      subject: m.subject,
      body: m.body,
      state: 'pending',
      attempts: 0,
      next_attempt_at: m.now,
      created_at: m.now,
      updated_at: m.now,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Ids of messages due for an attempt at `now` (pending and due, or a claim that expired), oldest first. */
export async function dueOutboxIds(db: DbOrTrx, now: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('outbox')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('state', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('state', '=', 'sending'), eb('claim_until', '<', now)]),
      ]),
    )
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Claims one message for an attempt (a conditional update); the claimed message, or null when another won. */
export async function claimOutbox(
  db: DbOrTrx,
  a: { id: string; claimer: string; now: string; until: string },
): Promise<OutboxMessage | null> {
  const r = await db
    .updateTable('outbox')
    .set((eb) => ({
      state: 'sending',
      claimed_by: a.claimer,
      claim_until: a.until,
      attempts: eb('attempts', '+', 1),
      updated_at: a.now,
    }))
    .where('id', '=', a.id)
    .where((eb) =>
      eb.or([
        eb.and([eb('state', '=', 'pending'), eb('next_attempt_at', '<=', a.now)]),
        eb.and([eb('state', '=', 'sending'), eb('claim_until', '<', a.now)]),
      ]),
    )
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return null;
  const row = await db.selectFrom('outbox').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
  return toMessage(row);
}

/** Records the outcome of the claimer's attempt. False when the claim was no longer this claimer's. */
export type OutboxAttemptOutcome =
  | { outcome: 'sent' | 'recorded'; providerId: string | null }
  | { outcome: 'retry'; error: string; nextAttemptAt: string }
  | { outcome: 'failed'; error: string };

export async function finishOutboxAttempt(
  db: DbOrTrx,
  a: { id: string; claimer: string; now: string },
  o: OutboxAttemptOutcome,
): Promise<boolean> {
  const q = db
    .updateTable('outbox')
    .where('id', '=', a.id)
    .where('claimed_by', '=', a.claimer)
    .set({ claimed_by: null, claim_until: null, updated_at: a.now });
  const r = await (o.outcome === 'retry'
    ? q.set({ state: 'pending', last_error: o.error, next_attempt_at: o.nextAttemptAt })
    : o.outcome === 'failed'
      ? q.set({ state: 'failed', last_error: o.error })
      : q.set({ state: o.outcome, provider_id: o.providerId, last_error: null, sent_at: a.now })
  ).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Puts a failed message back in the queue (an operator's retry). */
export async function requeueOutbox(db: DbOrTrx, id: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('outbox')
    .set({ state: 'pending', next_attempt_at: now, attempts: 0, updated_at: now })
    .where('id', '=', id)
    .where('state', '=', 'failed')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Messages newest first, optionally of one state (the outbox screen; operators only). */
export async function listOutbox(
  db: DbOrTrx,
  f: { state?: OutboxState; limit?: number } = {},
): Promise<OutboxMessage[]> {
  let q = db.selectFrom('outbox').selectAll();
  if (f.state) q = q.where('state', '=', f.state);
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(f.limit ?? 200)
    .execute();
  return rows.map(toMessage);
}
