/**
 * Kysely table types of the leadership's tools (积案 and 包案, campaigns, 请示/批示, 联席会议, 重大节点 and their
 * daily reports), merged into `Database` (schema.ts). Same conventions: booleans 0/1, dates ISO text, structured
 * data JSON text; each record that people change concurrently has a `version` for the optimistic check.
 */

export interface BacklogCaseTable {
  id: string;
  number: string;
  year: number;
  seq: number;
  version: number;
  title: string;
  status: string;
  origin_kind: string; // rule | manual
  anchor_item_id: string;
  leader_user_id: string | null;
  unit_id: string | null;
  confirmed_on: string;
  /** Date of the current closing (已化解 / 已终结), null while open. */
  closed_on: string | null;
  /** The latest measure date of the plan, null without a plan. */
  due_on: string | null;
  data: string; // JSON: origin hits, confirmation, cadres, plan, closing, past closings, history
  created_at: string;
  updated_at: string;
}

export interface BacklogCaseItemTable {
  case_id: string;
  item_id: string;
}

export interface BacklogCaseNoteTable {
  id: string;
  case_id: string;
  ord: number;
  on_date: string;
  text: string;
  author_id: string;
  author_name: string;
  measures_done: string; // JSON array of indexes
  created_at: string;
}

export interface BacklogDismissalTable {
  anchor_item_id: string;
  rules: string; // JSON array of rule codes
  item_count: number;
  on_date: string;
  reason: string;
  dismissed_by: string;
  created_at: string;
}

export interface CampaignTable {
  id: string;
  version: number;
  name: string;
  from_on: string;
  to_on: string;
  targets: string; // JSON CampaignTargets
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface LeaderRequestTable {
  id: string;
  version: number;
  subject_kind: string; // item | case
  item_id: string | null;
  case_id: string | null;
  from_unit_id: string | null;
  asked_by: string;
  asked_by_name: string;
  leader_user_id: string;
  question: string;
  asked_on: string;
  status: string;
  instruction_id: string | null;
  data: string; // JSON: withdrawal
  created_at: string;
  updated_at: string;
}

export interface LeaderInstructionTable {
  id: string;
  version: number;
  request_id: string | null;
  subject_kind: string;
  item_id: string | null;
  case_id: string | null;
  leader_user_id: string;
  leader_name: string;
  text: string;
  on_date: string;
  done_on: string | null;
  created_at: string;
  updated_at: string;
}

/** A unit's duty to report back: one row per 批示 and addressed unit, or per 联席会议 task. */
export interface FollowUpColumns {
  owner_unit_id: string;
  status: string;
  start_on: string;
  due_on: string;
  done_on: string | null;
  /** Date of the report that met the current round, null while open. */
  met_on: string | null;
  data: string; // JSON: reports and reviews
  version: number;
}

export interface InstructionAddresseeTable extends FollowUpColumns {
  instruction_id: string;
}

export interface MeetingTable {
  id: string;
  version: number;
  kind: string;
  title: string;
  meeting_on: string;
  status: string;
  convenor_user_id: string | null;
  minutes_number: string | null;
  data: string; // JSON: time, place, convenor, attendees, agenda, requirements, minutes, decisions, cancellation
  created_at: string;
  updated_at: string;
}

export interface MeetingUnitTable {
  meeting_id: string;
  unit_id: string;
}

export interface MeetingLinkTable {
  meeting_id: string;
  target_kind: string; // item | case
  target_id: string;
}

export interface MeetingTaskTable extends FollowUpColumns {
  id: string;
  meeting_id: string;
  ord: number;
  decision_ord: number;
  text: string;
}

export interface MajorPeriodTable {
  id: string;
  version: number;
  name: string;
  from_on: string;
  to_on: string;
  report_time: string;
  thresholds: string | null; // JSON WarningThresholds
  created_at: string;
  updated_at: string;
}

export interface DailyReportTable {
  report_date: string;
  period_id: string | null;
  total: number;
  zero_report: number;
  body: string; // JSON DailyReport
  produced_at: string;
}

export interface CampaignTables {
  backlog_cases: BacklogCaseTable;
  backlog_case_items: BacklogCaseItemTable;
  backlog_case_notes: BacklogCaseNoteTable;
  backlog_dismissals: BacklogDismissalTable;
  campaigns: CampaignTable;
  leader_requests: LeaderRequestTable;
  leader_instructions: LeaderInstructionTable;
  instruction_addressees: InstructionAddresseeTable;
  meetings: MeetingTable;
  meeting_units: MeetingUnitTable;
  meeting_links: MeetingLinkTable;
  meeting_tasks: MeetingTaskTable;
  major_periods: MajorPeriodTable;
  daily_reports: DailyReportTable;
}
