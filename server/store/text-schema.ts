/**
 * Kysely table types of the text tools' maintained tables, merged into `Database` (schema.ts): the similarity
 * indexer's work list and the routing history the unit suggestion learns from.
 */

/** An item waiting for its LSH bands; `queued_at` orders the work and marks which request an indexer served. */
export interface TextIndexQueueTable {
  item_id: string;
  queued_at: string;
}

/** What one routed item contributes to `routing_counts` (features JSON `[feature, value][]`; null: not yet counted). */
export interface RoutingItemTable {
  item_id: string;
  month: string | null;
  unit_id: string | null;
  features: string | null;
}

/** How many routed items with `feature = value` went to `unit_id` in `month` (YYYY-MM). */
export interface RoutingCountTable {
  feature: string;
  value: string;
  unit_id: string;
  month: string;
  n: number;
}

/** The stored hot issues of one period (migration 20261204_1670): the district's clusters as JSON. */
export interface HotIssueSnapshotTable {
  period_from: string;
  period_to: string;
  requested_at: string;
  computed_at: string | null;
  fingerprint: string | null;
  items: number | null;
  clusters: string | null;
  seconds: number | null;
  error: string | null;
  claimed_until: string | null;
  claimed_by: string | null;
}

export interface TextTables {
  text_index_queue: TextIndexQueueTable;
  routing_items: RoutingItemTable;
  routing_counts: RoutingCountTable;
  hot_issue_snapshots: HotIssueSnapshotTable;
}
