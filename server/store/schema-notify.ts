/**
 * Kysely table types of scheduled jobs, the outbox and in-app notifications (migration
 * m20261202_0301_jobs_outbox_notifications). Times are ISO-8601 text. Only store/ imports this file.
 */
export interface JobLeaseTable {
  name: string;
  /** The instance that holds the lease, null when free. */
  holder: string | null;
  /** The lease (or, with no holder, the retry back-off) ends at this time. */
  lease_until: string | null;
  /** The newest slot that finished (or was skipped as stale). */
  last_slot: string | null;
  last_started_at: string | null;
  last_finished_at: string | null;
  last_error: string | null;
  runs: number;
}

export interface JobRunTable {
  id: string;
  name: string;
  slot: string;
  instance: string;
  started_at: string;
  finished_at: string | null;
  status: string; // running | done | failed | skipped
  detail: string | null; // JSON
}

export interface OutboxTable {
  id: string;
  dedupe_key: string;
  channel: string; // sms | email
  recipient_user_id: string | null;
  address: string;
  subject: string;
  body: string;
  state: string; // contract OUTBOX_STATES
  attempts: number;
  next_attempt_at: string;
  claimed_by: string | null;
  claim_until: string | null;
  last_error: string | null;
  provider_id: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

export interface NotificationTable {
  id: string;
  key: string;
  user_id: string;
  kind: string; // contract NOTIFICATION_KINDS
  title: string;
  body: string;
  link: string | null;
  item_id: string | null;
  supervision_id: string | null;
  level: string | null;
  created_at: string;
  read_at: string | null;
}

export interface SupervisionTable {
  id: string;
  number: string;
  version: number;
  kind: string;
  unit_id: string;
  status: string;
  issued_on: string;
  due_on: string;
  data: string; // JSON: the whole domain Supervision
  created_at: string;
  updated_at: string;
}

export interface SupervisionItemTable {
  supervision_id: string;
  item_id: string;
}

export interface NotifyTables {
  supervisions: SupervisionTable;
  supervision_items: SupervisionItemTable;
  job_leases: JobLeaseTable;
  job_runs: JobRunTable;
  outbox: OutboxTable;
  notifications: NotificationTable;
}
