import type { DbOrTrx, Trx } from './db.ts';

/** One uploaded file of an item, as listed on the item (the content lives in the file store under its hash). */
export interface AttachmentListing {
  id: string;
  name: string;
  at: string;
  size: number;
  mime: string;
}

/** The stored facts of one attachment, for a download. */
export interface AttachmentRef {
  itemId: string;
  name: string;
  hash: string;
  mime: string;
}

/** The content row of a stored file, once per hash. */
export async function insertAttachmentContent(
  trx: Trx,
  a: { hash: string; size: number; mime: string },
  nowIso: string,
): Promise<void> {
  await trx
    .insertInto('attachments')
    .values({ hash: a.hash, size: a.size, mime: a.mime, created_at: nowIso })
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
}

/**
 * Records an upload: the content row once per hash, then the item's link to it under its own id and name.
 * `uploadedBy` null: the petitioner sent it (online submission, 补充材料).
 */
export async function insertAttachment(
  trx: Trx,
  a: { id: string; itemId: string; hash: string; name: string; size: number; mime: string; uploadedBy: string | null },
  nowIso: string,
): Promise<void> {
  await insertAttachmentContent(trx, a, nowIso);
  await trx
    .insertInto('item_attachments')
    .values({ id: a.id, item_id: a.itemId, hash: a.hash, name: a.name, uploaded_by: a.uploadedBy, at: nowIso })
    .execute();
}

/**
 * The attachments of one item, oldest first. The caller has already opened the item for the actor (the item's
 * visibility is the gate: attachments carry no scope of their own).
 */
export async function listAttachmentsOfItem(db: DbOrTrx, itemId: string): Promise<AttachmentListing[]> {
  const rows = await db
    .selectFrom('item_attachments as ia')
    .innerJoin('attachments as a', 'a.hash', 'ia.hash')
    .select(['ia.id', 'ia.name', 'ia.at', 'a.size', 'a.mime'])
    .where('ia.item_id', '=', itemId)
    .orderBy('ia.at')
    .orderBy('ia.name')
    .orderBy('ia.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, at: r.at, size: Number(r.size), mime: r.mime }));
}

/** One attachment by id, or null; the caller opens its item for the actor before handing anything out. */
export async function findAttachmentById(db: DbOrTrx, id: string): Promise<AttachmentRef | null> {
  const row = await db
    .selectFrom('item_attachments as ia')
    .innerJoin('attachments as a', 'a.hash', 'ia.hash')
    .select(['ia.item_id', 'ia.name', 'a.hash', 'a.mime'])
    .where('ia.id', '=', id)
    .executeTakeFirst();
  return row ? { itemId: row.item_id, name: row.name, hash: row.hash, mime: row.mime } : null;
}

/** The content hash of every stored attachment (for re-sealing the files under a new key). */
export async function listAttachmentHashes(db: DbOrTrx): Promise<string[]> {
  return (await db.selectFrom('attachments').select('hash').execute()).map((r) => r.hash);
}

/** A file sent with an online submission, as listed to the registrar. */
export interface SubmissionFile {
  id: string;
  submissionId: string;
  name: string;
  hash: string;
  size: number;
  mime: string;
  at: string;
}

/** Records a file of an online submission (its content row once per hash). */
export async function insertSubmissionFile(
  trx: Trx,
  f: { id: string; submissionId: string; position: number; hash: string; name: string; size: number; mime: string },
  nowIso: string,
): Promise<void> {
  await insertAttachmentContent(trx, f, nowIso);
  await trx
    .insertInto('online_submission_files')
    .values({ id: f.id, submission_id: f.submissionId, position: f.position, hash: f.hash, name: f.name, at: nowIso })
    .execute();
}

const submissionFiles = (db: DbOrTrx) =>
  db
    .selectFrom('online_submission_files as f')
    .innerJoin('attachments as a', 'a.hash', 'f.hash')
    .select(['f.id', 'f.submission_id', 'f.name', 'f.hash', 'f.at', 'a.size', 'a.mime']);

const toSubmissionFile = (r: {
  id: string;
  submission_id: string;
  name: string;
  hash: string;
  at: string;
  size: number | string;
  mime: string;
}): SubmissionFile => ({
  id: r.id,
  submissionId: r.submission_id,
  name: r.name,
  hash: r.hash,
  size: Number(r.size),
  mime: r.mime,
  at: r.at,
});

/** The files of the given submissions, oldest first. */
export async function listSubmissionFiles(db: DbOrTrx, submissionIds: readonly string[]): Promise<SubmissionFile[]> {
  if (!submissionIds.length) return [];
  const rows = await submissionFiles(db)
    .where('f.submission_id', 'in', [...submissionIds])
    .orderBy('f.submission_id')
    .orderBy('f.position')
    .execute();
  return rows.map(toSubmissionFile);
}

/** One file of an online submission by id, or null. */
export async function findSubmissionFile(db: DbOrTrx, id: string): Promise<SubmissionFile | null> {
  const r = await submissionFiles(db).where('f.id', '=', id).executeTakeFirst();
  return r ? toSubmissionFile(r) : null;
}
