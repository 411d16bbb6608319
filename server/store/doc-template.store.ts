import { createHash, randomUUID } from 'node:crypto';
import type { DocKind } from '../../contract/documents.ts';
import type { DbOrTrx } from './db.ts';

/** One uploaded template version (without its file). */
export interface TemplateVersion {
  id: string;
  kind: DocKind;
  version: number;
  fileName: string;
  size: number;
  sha256: string;
  note: string;
  uploadedBy: string | null;
  uploadedAt: string;
  active: boolean;
}

const COLUMNS = [
  'id',
  'kind',
  'version',
  'file_name',
  'size',
  'sha256',
  'note',
  'uploaded_by',
  'uploaded_at',
  'active',
] as const;

function toVersion(r: {
  id: string;
  kind: string;
  version: number;
  file_name: string;
  size: number;
  sha256: string;
  note: string;
  uploaded_by: string | null;
  uploaded_at: string;
  active: number;
}): TemplateVersion {
  return {
    id: r.id,
    kind: r.kind as DocKind,
    version: Number(r.version),
    fileName: r.file_name,
    size: Number(r.size),
    sha256: r.sha256,
    note: r.note,
    uploadedBy: r.uploaded_by,
    uploadedAt: r.uploaded_at,
    active: Number(r.active) === 1,
  };
}

/**
 * Stores a new version of a kind's template (version = last + 1) and, when `activate`, makes it the one in
 * use. Call inside a transaction (the version number and the active switch must not interleave).
 */
export async function insertTemplateVersion(
  db: DbOrTrx,
  t: { kind: DocKind; fileName: string; content: Uint8Array; note: string; uploadedBy: string | null; at: string },
  activate: boolean,
): Promise<TemplateVersion> {
  const last = await db
    .selectFrom('doc_templates')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('kind', '=', t.kind)
    .executeTakeFirst();
  const version = Number(last?.v ?? 0) + 1;
  const buf = Buffer.from(t.content.buffer, t.content.byteOffset, t.content.byteLength);
  const id = randomUUID();
  if (activate) await db.updateTable('doc_templates').set({ active: 0 }).where('kind', '=', t.kind).execute();
  await db
    .insertInto('doc_templates')
    .values({
      id,
      kind: t.kind,
      version,
      file_name: t.fileName,
      size: buf.length,
      sha256: createHash('sha256').update(buf).digest('hex'),
      content: buf.toString('base64'),
      note: t.note,
      uploaded_by: t.uploadedBy,
      uploaded_at: t.at,
      active: activate ? 1 : 0,
    })
    .execute();
  return (await getTemplateVersion(db, id))!;
}

/** Every stored version, newest first; of one kind when given. */
export async function listTemplateVersions(db: DbOrTrx, kind?: DocKind): Promise<TemplateVersion[]> {
  let q = db.selectFrom('doc_templates').select(COLUMNS);
  if (kind) q = q.where('kind', '=', kind);
  const rows = await q.orderBy('kind').orderBy('version', 'desc').execute();
  return rows.map(toVersion);
}

export async function getTemplateVersion(db: DbOrTrx, id: string): Promise<TemplateVersion | null> {
  const r = await db.selectFrom('doc_templates').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return r ? toVersion(r) : null;
}

/** The file of one version. */
export async function getTemplateFile(db: DbOrTrx, id: string): Promise<Buffer | null> {
  const r = await db.selectFrom('doc_templates').select('content').where('id', '=', id).executeTakeFirst();
  return r ? Buffer.from(r.content, 'base64') : null;
}

/** The version in use for a kind with its file, or null when the shipped default is in use. */
export async function getActiveTemplate(
  db: DbOrTrx,
  kind: DocKind,
): Promise<{ version: TemplateVersion; content: Buffer } | null> {
  const r = await db
    .selectFrom('doc_templates')
    .select([...COLUMNS, 'content'])
    .where('kind', '=', kind)
    .where('active', '=', 1)
    .executeTakeFirst();
  return r ? { version: toVersion(r), content: Buffer.from(r.content, 'base64') } : null;
}

/**
 * Makes one version the one in use for its kind, or (id null) goes back to the shipped default. Returns false
 * when the id is not a version of that kind. Call inside a transaction.
 */
export async function activateTemplateVersion(db: DbOrTrx, kind: DocKind, id: string | null): Promise<boolean> {
  if (id !== null) {
    const v = await getTemplateVersion(db, id);
    if (!v || v.kind !== kind) return false;
  }
  await db.updateTable('doc_templates').set({ active: 0 }).where('kind', '=', kind).execute();
  if (id !== null) await db.updateTable('doc_templates').set({ active: 1 }).where('id', '=', id).execute();
  return true;
}

/** The 发文字号 a document of an item received when it was first written, if any. */
export async function getDocNumber(
  db: DbOrTrx,
  itemId: string,
  kind: DocKind,
): Promise<{ docNumber: string; issuedOn: string } | null> {
  const r = await db
    .selectFrom('doc_numbers')
    .select(['doc_number', 'issued_on'])
    .where('item_id', '=', itemId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return r ? { docNumber: r.doc_number, issuedOn: r.issued_on } : null;
}

/** Records the 发文字号 of an item's document (once: a second call keeps the first number). */
export async function recordDocNumber(
  db: DbOrTrx,
  row: { itemId: string; kind: DocKind; docNumber: string; issuedOn: string },
): Promise<void> {
  await db
    .insertInto('doc_numbers')
    .values({ item_id: row.itemId, kind: row.kind, doc_number: row.docNumber, issued_on: row.issuedOn })
    .onConflict((oc) => oc.columns(['item_id', 'kind']).doNothing())
    .execute();
}
