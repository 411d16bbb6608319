import { appendAudit } from '../store/audit.store.ts';
import type { Trx } from '../store/db.ts';
import type { AppDeps } from './context.ts';

/** A text message to the petitioner (the phone is the petitioner's own; the body carries the number and code). */
export interface PetitionerSms {
  kind: 'online_received' | 'online_rejected' | 'review_received';
  phone: string;
  /** The item or submission number the message is about. */
  number: string;
  body: string;
}

/**
 * Where petitioner text messages go. It runs inside the caller's transaction, so a queued message commits or
 * rolls back with the change it reports (the shape an outbox needs).
 */
export interface PetitionerSmsSink {
  send(trx: Trx, deps: AppDeps, sms: PetitionerSms, requestId: string | null): Promise<void>;
}

/**
 * The default sink until a delivery channel is configured: it records, in the audit log, only that a message of
 * this kind about this number would be sent — never the phone, the query code or the body.
 */
export const auditOnlySms: PetitionerSmsSink = {
  async send(trx, deps, sms, requestId) {
    await appendAudit(
      trx,
      {
        at: deps.clock().toISOString(),
        actorId: null,
        actorRole: 'system',
        action: 'sms.would_send',
        itemId: null,
        detail: { kind: sms.kind, number: sms.number },
        requestId,
      },
      deps,
    );
  },
};
