import { randomUUID } from 'node:crypto';
import type { Db } from '../store/db.ts';
import { claimOutbox, dueOutboxIds, finishOutboxAttempt } from '../store/outbox.store.ts';
import { PermanentDeliveryError, type AdapterSet } from './adapters.ts';

/**
 * Delivers due outbox messages through the adapters. Each message is claimed by a conditional update, so several
 * instances never send one message twice at once; a claim whose holder died expires and the message is tried
 * again. Failures back off exponentially (1, 2, 4 … minutes, capped) until `maxAttempts`, then the message is
 * `failed` with its last error kept for the outbox screen.
 */

export interface DispatchOptions {
  db: Db;
  adapters: AdapterSet;
  clock: () => Date;
  claimer?: string;
  maxAttempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  claimMs?: number;
  batch?: number;
}

export interface DispatchResult {
  sent: number;
  recorded: number;
  retried: number;
  failed: number;
}

export function backoffMs(attempt: number, base: number, cap: number): number {
  return Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** One pass: claims and delivers what is due now. */
export async function dispatchOutbox(o: DispatchOptions): Promise<DispatchResult> {
  const claimer = o.claimer ?? `dispatcher-${randomUUID()}`;
  const maxAttempts = o.maxAttempts ?? 6;
  const base = o.baseBackoffMs ?? 60_000;
  const cap = o.maxBackoffMs ?? 3_600_000;
  const out: DispatchResult = { sent: 0, recorded: 0, retried: 0, failed: 0 };
  const start = o.clock();
  const ids = await dueOutboxIds(o.db, start.toISOString(), o.batch ?? 100);
  for (const id of ids) {
    const now = o.clock();
    const m = await claimOutbox(o.db, {
      id,
      claimer,
      now: now.toISOString(),
      until: new Date(now.getTime() + (o.claimMs ?? 120_000)).toISOString(),
    });
    if (!m) continue;
    const adapter = o.adapters[m.channel];
    try {
      const r = await adapter.send({
        id: m.id,
        channel: m.channel,
        address: m.address,
        subject: m.subject,
        body: m.body,
      });
      const end = o.clock().toISOString();
      await finishOutboxAttempt(
        o.db,
        { id, claimer, now: end },
        { outcome: r.kind, providerId: r.kind === 'sent' ? r.providerId : null },
      );
      out[r.kind === 'sent' ? 'sent' : 'recorded']++;
    } catch (err) {
      const end = o.clock();
      const error = message(err);
      if (err instanceof PermanentDeliveryError || m.attempts >= maxAttempts) {
        await finishOutboxAttempt(o.db, { id, claimer, now: end.toISOString() }, { outcome: 'failed', error });
        out.failed++;
      } else {
        const next = new Date(end.getTime() + backoffMs(m.attempts, base, cap)).toISOString();
        await finishOutboxAttempt(
          o.db,
          { id, claimer, now: end.toISOString() },
          { outcome: 'retry', error, nextAttemptAt: next },
        );
        out.retried++;
      }
    }
  }
  return out;
}
