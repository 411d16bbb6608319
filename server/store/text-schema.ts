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

export interface TextTables {
  text_index_queue: TextIndexQueueTable;
  routing_items: RoutingItemTable;
  routing_counts: RoutingCountTable;
}
