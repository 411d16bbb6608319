import type { DbOrTrx } from './db.ts';
import type { PiiCodec } from './pii.ts';

/** What the petitioner entered online (kept sealed as one JSON value). */
export interface SubmissionPayload {
  name: string;
  idNumber: string;
  phone: string;
  address: string;
  title: string;
  content: string;
  demands: string[];
  place: string | null;
}

export type SubmissionStatus = 'pending' | 'accepted' | 'rejected';

export interface OnlineSubmission {
  id: string;
  number: string;
  status: SubmissionStatus;
  submittedAt: string;
  submittedOn: string;
  payload: SubmissionPayload;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionReason: string | null;
  itemId: string | null;
  queryCodeHash: string;
  version: number;
}

type Row = {
  id: string;
  number: string;
  status: string;
  submitted_at: string;
  submitted_on: string;
  payload: string;
  decided_at: string | null;
  decided_by: string | null;
  decision_reason: string | null;
  item_id: string | null;
  query_code_hash: string;
  version: number;
};

const COLUMNS = [
  'id',
  'number',
  'status',
  'submitted_at',
  'submitted_on',
  'payload',
  'decided_at',
  'decided_by',
  'decision_reason',
  'item_id',
  'query_code_hash',
  'version',
] as const;

function toSubmission(r: Row, codec: PiiCodec): OnlineSubmission {
  return {
    id: r.id,
    number: r.number,
    status: r.status as SubmissionStatus,
    submittedAt: r.submitted_at,
    submittedOn: r.submitted_on,
    payload: JSON.parse(codec.open(r.payload)) as SubmissionPayload,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    decisionReason: r.decision_reason,
    itemId: r.item_id,
    queryCodeHash: r.query_code_hash,
    version: Number(r.version),
  };
}

export interface NewSubmission {
  id: string;
  number: string;
  queryCodeHash: string;
  submittedAt: string;
  submittedOn: string;
  payload: SubmissionPayload;
  phoneHash: string;
  clientHash: string;
}

export async function insertSubmission(db: DbOrTrx, s: NewSubmission, codec: PiiCodec): Promise<void> {
  await db
    .insertInto('online_submissions')
    .values({
      id: s.id,
      number: s.number,
      query_code_hash: s.queryCodeHash,
      status: 'pending',
      submitted_at: s.submittedAt,
      submitted_on: s.submittedOn,
      payload: codec.seal(JSON.stringify(s.payload)),
      phone_hash: s.phoneHash,
      client_hash: s.clientHash,
      decided_at: null,
      decided_by: null,
      decision_reason: null,
      item_id: null,
      version: 1,
    })
    .execute();
}

/** Submissions from one phone or one client address since `sinceIso` (the per-day limits). */
export async function countSubmissionsSince(
  db: DbOrTrx,
  by: { phoneHash: string } | { clientHash: string },
  sinceIso: string,
): Promise<number> {
  const q = db
    .selectFrom('online_submissions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('submitted_at', '>=', sinceIso);
  const r = await ('phoneHash' in by
    ? q.where('phone_hash', '=', by.phoneHash)
    : q.where('client_hash', '=', by.clientHash)
  ).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function loadSubmission(db: DbOrTrx, id: string, codec: PiiCodec): Promise<OnlineSubmission | null> {
  const r = await db.selectFrom('online_submissions').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return r ? toSubmission(r, codec) : null;
}

export async function findSubmissionByCodeHash(
  db: DbOrTrx,
  hash: string,
  codec: PiiCodec,
): Promise<OnlineSubmission | null> {
  const r = await db
    .selectFrom('online_submissions')
    .select(COLUMNS)
    .where('query_code_hash', '=', hash)
    .executeTakeFirst();
  return r ? toSubmission(r, codec) : null;
}

/** Submissions in one state, oldest first (the registrar's queue). */
export async function listSubmissions(
  db: DbOrTrx,
  status: SubmissionStatus,
  codec: PiiCodec,
  limit = 200,
): Promise<OnlineSubmission[]> {
  const rows = await db
    .selectFrom('online_submissions')
    .select(COLUMNS)
    .where('status', '=', status)
    .orderBy('submitted_at')
    .limit(limit)
    .execute();
  return rows.map((r) => toSubmission(r, codec));
}

/** Records the registrar's decision; false when the submission changed meanwhile (version check). */
export async function decideSubmission(
  db: DbOrTrx,
  id: string,
  version: number,
  d: { status: 'accepted' | 'rejected'; at: string; by: string; reason: string | null; itemId: string | null },
): Promise<boolean> {
  const r = await db
    .updateTable('online_submissions')
    .set({
      status: d.status,
      decided_at: d.at,
      decided_by: d.by,
      decision_reason: d.reason,
      item_id: d.itemId,
      version: version + 1,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Spends a proof-of-work challenge: true the first time, false when it was already used. */
export async function spendChallenge(db: DbOrTrx, signature: string, expiresAt: string, nowIso: string) {
  await db.deleteFrom('used_challenges').where('expires_at', '<', nowIso).execute();
  const r = await db
    .insertInto('used_challenges')
    .values({ signature, expires_at: expiresAt })
    .onConflict((oc) => oc.column('signature').doNothing())
    .returning('signature')
    .executeTakeFirst();
  return r !== undefined;
}

/** The id of the item whose query code has this hash, if any. */
export async function itemIdByQueryHash(db: DbOrTrx, hash: string): Promise<string | null> {
  const r = await db.selectFrom('items').select('id').where('query_code_hash', '=', hash).executeTakeFirst();
  return r?.id ?? null;
}
