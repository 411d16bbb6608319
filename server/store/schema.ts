import type { CampaignTables } from './campaign-schema.ts';
import type { NotifyTables } from './schema-notify.ts';
import type { TextTables } from './text-schema.ts';

/**
 * Kysely table types. Dialect-neutral: booleans are integers 0/1, dates are ISO text ('YYYY-MM-DD'),
 * times are ISO-8601 text, structured data is JSON text. Only store/ imports this file.
 */
import type { ColumnType, Generated } from 'kysely';
export interface UnitTable {
  id: string;
  name: string;
  parent_id: string | null;
  inside_district: number;
  kind: string;
  sort: number;
  created_at: string;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  unit_id: string | null;
  password_hash: string;
  failed_logins: string; // JSON array of ISO times
  locked_until: string | null;
  totp_secret: string | null; // SM4-sealed base32 secret (plain in rows from before sealing)
  /** Last accepted TOTP time step: codes of this step or earlier are refused (no replay). */
  totp_last_step: number | null;
  disabled: number;
  created_at: string;
  /** Optional contacts for warning notices (migration m20261204_1621_user_contacts). */
  phone: string | null;
  email: string | null;
  /** The person's own choice of outbound channels, 1 on / 0 off (migration m20261206_1810_notify_channels). */
  notify_sms: Generated<number>;
  notify_email: Generated<number>;
  /** A leader's title (职务) for the leader directory (migration 20261204_1630); null otherwise. */
  title: string | null;
}

export interface SessionTable {
  id: string; // SM3/SHA-256 hash of the token, never the token itself
  user_id: string;
  csrf: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface TaxonomyTable {
  code: string;
  name: string;
  parent: string | null;
  level: number;
  path: string; // "一级/二级/三级"
  pinyin: string; // initials for quick search
  domain: string | null; // 诉求领域 mapped explicitly (null: as the parent)
  report_domain: Generated<string>; // the resolved 诉求领域, kept at every edit
  retired: Generated<number>; // 1: no longer offered; still valid on the items that carry it
}

export interface ClassNameMapTable {
  upstream: string; // an upstream system's class path text
  code: string; // the local class it is imported as
  updated_at: string;
}

export interface CalendarDayTable {
  date: string;
  kind: string; // holiday | makeup
  name: string;
}

export interface SettingTable {
  key: string;
  value: string; // JSON
}

export interface ItemTable {
  id: string;
  number: string;
  year: number;
  seq: number;
  version: number;
  status: string;
  channel: string;
  level: string;
  received_on: string;
  registered_on: string;
  head_count: number;
  title: string;
  content: string;
  class_code: string | null;
  class_path: string | null;
  /** The class text of an imported row the local tree lacked (the item carries its nearest known ancestor). */
  upstream_class: Generated<string | null>;
  /** Digest of the imported row as last applied (a re-import writes only changed rows). */
  import_hash: Generated<string | null>;
  purpose: string;
  handling_class: string;
  flags: string; // JSON array
  legal_flag: number;
  place: string | null;
  lead_unit_id: string | null;
  is_repeat: number;
  routed_on: string | null;
  accepted_on: string | null;
  opinion_on: string | null;
  served_on: string | null;
  closed_on: string | null;
  satisfaction: string | null;
  /** Where the rating came from (contract/rating-source.ts kinds; migration m20261205_1700_rating_source). */
  rating_source: string | null;
  due_on: string | null; // the earliest unmet duty
  due_rule: string | null;
  /** Dates on which the current duty enters 预警 / 警告 / 严重警告 (so SQL can filter by warning level). */
  notice_on: string | null;
  warning_on: string | null;
  severe_on: string | null;
  /** The named 经办人 of the lead unit (migration m20261204_1620_named_handlers). */
  handler_user_id: string | null;
  data: string; // JSON: demands, representatives, assist units, accused (encrypted), organisation, facts
  /** Keyed index of the accused party's unit (never the id in clear); null when no district unit is named. */
  accused_unit_key: string | null;
  /** 1 when the bureau routed the item with the petitioners' identity withheld. */
  identity_redacted: number;
  /** Title, content and place with the petitioners' identity masked (null only until the start-up backfill). */
  masked_title: string | null;
  masked_content: string | null;
  masked_place: string | null;
  query_code_hash: string | null;
  registered_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ItemUnitTable {
  item_id: string;
  unit_id: string;
  role: string; // lead | assist
}

export interface PetitionerTable {
  id: string;
  item_id: string;
  ord: number;
  name: string; // encrypted
  name_hash: string;
  id_number: string | null; // encrypted
  id_hash: string | null;
  id_verified: number;
  phone: string | null; // encrypted
  phone_hash: string | null;
  address: string | null; // encrypted
}

export interface DeadlineTable {
  item_id: string;
  rule: string;
  kind: string;
  party: string;
  start_on: string;
  due_on: string;
  met_on: string | null;
  explanation: string;
}

export interface EventTable {
  id: string;
  item_id: string;
  seq: number;
  at: string;
  on_date: string | null;
  step: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  summary: string;
  data: string; // JSON
}

export interface ItemLinkTable {
  item_id: string;
  earlier_id: string;
  similarity: number;
  reason: string;
  /** 'repeat' (same petitioners, same matter) or 'duplicate' (another record of the same matter). */
  kind: ColumnType<string, string | undefined, string>;
}

export interface ItemLinkHistoryTable {
  id: string;
  /** Order of the changes (times may tie). */
  seq: number;
  item_id: string;
  earlier_id: string;
  /** 'link' | 'unlink' */
  action: string;
  kind: string;
  reason: string;
  actor_id: string | null;
  actor_name: string | null;
  at: string;
}

export interface ModelEvaluationTable {
  id: string;
  at: string;
  /** 'schedule' | 'admin' | 'cli' */
  triggered_by: string;
  actor_id: string | null;
  samples: number;
  train_items: number;
  test_items: number;
  cut: string;
  current_name: string;
  current_f1: number;
  current_accuracy: number;
  candidate_f1: number;
  candidate_accuracy: number;
  switched: number;
  reason: string;
  seconds: number;
}

export interface OfficeModelTable {
  id: string;
  evaluation_id: string;
  created_at: string;
  labels: number;
  /** The gzip model file, base64. */
  model: string;
}

export interface AttachmentTable {
  hash: string;
  size: number;
  mime: string;
  created_at: string;
}

export interface ItemAttachmentTable {
  id: string;
  item_id: string;
  hash: string;
  name: string;
  uploaded_by: string | null;
  at: string;
}

export interface CounterTable {
  name: string; // e.g. "item:2025"
  value: number;
}

export interface AuditTable {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  item_id: string | null;
  detail: string;
  request_id: string | null;
  /** A request id sent by the client; informative only (the server's own is `request_id`). */
  client_request_id: string | null;
  /** Key that signs the row (HMAC-SM3); null for rows of the earlier plain SM3 chain. */
  key_id: string | null;
  prev_hash: string;
  hash: string;
}

/** One row (id 1): the newest audit row's seq and hash under a keyed seal, updated with every append. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
  key_id: string;
  mac: string;
  at: string;
}

export interface IdempotencyTable {
  key: string;
  user_id: string;
  item_id: string;
  created_at: string;
}

export interface TextLshTable {
  band_key: string;
  item_id: string;
}

export interface DocTemplateTable {
  id: string;
  kind: string;
  version: number;
  file_name: string;
  size: number;
  sha256: string;
  content: string; // base64
  note: string;
  uploaded_by: string | null;
  uploaded_at: string;
  active: number;
}

export interface DocNumberTable {
  item_id: string;
  kind: string;
  doc_number: string;
  issued_on: string;
}

/** Request counts per key in fixed one-minute windows (`win` = minutes since the epoch). */
export interface RateWindowTable {
  key: string;
  win: number;
  count: number;
}

/** Failed sign-ins per name or address: recent failure times (JSON array) and the lock they caused. */
export interface SignInFailureTable {
  key: string;
  failures: string;
  locked_until: string | null;
  updated_at: string;
}

/** A requested change to an account that needs the security administrator's approval (三员分立). */
export interface GrantTable {
  id: string;
  kind: string; // create | change | reset | disable | enable
  user_id: string | null; // the account (set on approval for a creation)
  username: string;
  display_name: string | null;
  role: string | null; // requested role
  unit_id: string | null; // requested unit
  prev_role: string | null;
  prev_unit_id: string | null;
  password_hash: string | null; // creation / reset only; cleared once decided
  reason: string;
  status: string; // pending | approved | refused | withdrawn
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
}

export interface Database extends NotifyTables, CampaignTables, TextTables {
  units: UnitTable;
  users: UserTable;
  sessions: SessionTable;
  taxonomy: TaxonomyTable;
  class_name_maps: ClassNameMapTable;
  calendar_days: CalendarDayTable;
  settings: SettingTable;
  items: ItemTable;
  item_units: ItemUnitTable;
  petitioners: PetitionerTable;
  deadlines: DeadlineTable;
  events: EventTable;
  item_links: ItemLinkTable;
  attachments: AttachmentTable;
  item_attachments: ItemAttachmentTable;
  counters: CounterTable;
  audit_log: AuditTable;
  audit_head: AuditHeadTable;
  idempotency: IdempotencyTable;
  rate_windows: RateWindowTable;
  sign_in_failures: SignInFailureTable;
  grants: GrantTable;
  text_lsh: TextLshTable;
  item_link_history: ItemLinkHistoryTable;
  model_evaluations: ModelEvaluationTable;
  office_models: OfficeModelTable;
  doc_templates: DocTemplateTable;
  doc_numbers: DocNumberTable;
  online_submissions: OnlineSubmissionTable;
  online_submission_files: OnlineSubmissionFileTable;
  used_challenges: UsedChallengeTable;
  report_rollup: ReportRollupTable;
  follow_up_escalations: FollowUpEscalationTable;
  user_list_views: UserListViewTable;
}

/** A file sent with an online submission (content in the file store under `hash`). */
export interface OnlineSubmissionFileTable {
  id: string;
  submission_id: string;
  hash: string;
  name: string;
  /** The order the petitioner gave them in. */
  position: number;
  at: string;
}

/** A 网上信访 submission awaiting 受理登记 (payload: SM4-sealed JSON of everything the petitioner entered). */
export interface OnlineSubmissionTable {
  id: string;
  number: string;
  query_code_hash: string;
  status: string; // pending | accepted | rejected
  submitted_at: string;
  submitted_on: string;
  payload: string;
  phone_hash: string;
  client_hash: string;
  decided_at: string | null;
  decided_by: string | null;
  decision_reason: string | null;
  item_id: string | null;
  version: number;
}

export interface UsedChallengeTable {
  signature: string;
  expires_at: string;
}

/** The situation report's maintained counts (migration 20261203_1520): grain 'd' (day) or 'm' (month). */
export interface ReportRollupTable {
  grain: string;
  dim: string;
  period: string;
  key: string;
  n: number;
}

/** One escalation level raised on a unit's duty round (migration 20261204_1631). */
export interface FollowUpEscalationTable {
  key: string;
  task_key: string;
  level: number;
  on_date: string;
  created_at: string;
}

/** A staff member's view of a list: the layout in use (name '') or a named saved filter; body is JSON. */
export interface UserListViewTable {
  user_id: string;
  list_key: string;
  name: string;
  body: string;
  updated_at: string;
}
