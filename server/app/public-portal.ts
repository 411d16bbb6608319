import { DOC_KIND_LABELS, type DocKind } from '../../contract/documents.ts';
import { buildOnlineReceipt, docClock, docNumberCounter, formatDocNumber } from '../documents/item-doc-builders.ts';
import { AppError } from '../domain/errors.ts';
import { publicViewOf } from '../domain/public-view.ts';
import { loadItem, timelineOf } from '../store/item.store.ts';
import { findSubmissionByCodeHash, itemIdByQueryHash } from '../store/online.store.ts';
import { listSubmissionFiles } from '../store/attachment.store.ts';
import { appendAudit } from '../store/audit.store.ts';
import { nextCounter } from '../store/counter.store.ts';
import type { Trx } from '../store/db.ts';
import { getDocNumber, recordDocNumber } from '../store/doc-template.store.ts';
import { listUnits } from '../store/reference.store.ts';
import { loadClockwork, todayOf, type AppDeps } from './context.ts';
import { loadOrganSettings, renderWithActiveTemplate } from './doc-templates.ts';
import { publicDocumentList, renderItemDocument } from './item-documents.ts';
import { chineseDate, type ReviewWindow, reviewWindowOf } from './public-review.ts';

const WRONG_CODE = '查询码不正确，请核对登记时告知您的查询码';

/** The item a query code opens (a wrong code tells nothing: one fixed message). */
export async function itemIdByCode(deps: AppDeps, code: string): Promise<string> {
  const id = await itemIdByQueryHash(deps.db, deps.codec.index('id', `query:${code}`));
  if (!id) throw new AppError('NOT_FOUND', WRONG_CODE);
  return id;
}

/** An online submission the registrar has not registered (yet): what the petitioner is told about it. */
export interface PublicSubmissionView {
  kind: 'submission';
  number: string;
  title: string;
  submittedOn: string;
  status: 'pending' | 'rejected';
  statusLabel: string;
  /** The registrar's reason, written for the petitioner, when she declined to register it. */
  rejectReason: string | null;
  rejectedOn: string | null;
  /** What the petitioner may download: the 网上信访登记回执. */
  documents: { kind: DocKind; name: string }[];
}

const ONLINE_RECEIPT = { kind: 'online_receipt', name: DOC_KIND_LABELS.online_receipt } as const;

/**
 * What a query code shows: the item's public view (whitelist of `publicViewOf`), or for an online submission
 * still waiting for 受理登记 (or declined) its state and the reason given. Never any identity.
 */
export async function publicLookup(
  deps: AppDeps,
  code: string,
): Promise<
  | ({
      kind: 'item';
      documents: { kind: DocKind; name: string }[];
      reviewOpen: { kind: ReviewWindow['kind']; due: string; dueText: string; organ: string } | null;
    } & ReturnType<typeof publicViewOf>)
  | PublicSubmissionView
> {
  const hash = deps.codec.index('id', `query:${code}`);
  const id = await itemIdByQueryHash(deps.db, hash);
  if (id) {
    const item = (await loadItem(deps.db, id, deps.codec))!;
    const units = new Map((await listUnits(deps.db)).map((u) => [u.id, u.name]));
    const events = await timelineOf(deps.db, id);
    const cw = await loadClockwork(deps.db, deps.clock());
    const w = await reviewWindowOf(deps.db, item, cw);
    return {
      kind: 'item',
      ...publicViewOf(item, events, (u) => units.get(u) ?? null, todayOf(deps.clock())),
      // An item that came in through the public form keeps its 网上信访登记回执 among the petitioner's documents.
      documents: [
        ...((await findSubmissionByCodeHash(deps.db, hash, deps.codec)) ? [ONLINE_RECEIPT] : []),
        ...publicDocumentList(item),
      ],
      // The right to ask further while it is open: which, the last day, and of which organ.
      reviewOpen: w?.open ? { kind: w.kind, due: w.due, dueText: chineseDate(w.due), organ: w.organ } : null,
    };
  }
  const s = await findSubmissionByCodeHash(deps.db, hash, deps.codec);
  if (!s || s.status === 'accepted') throw new AppError('NOT_FOUND', WRONG_CODE);
  return {
    kind: 'submission',
    number: s.number,
    title: s.payload.title,
    submittedOn: s.submittedOn,
    status: s.status,
    statusLabel: s.status === 'pending' ? '已提交，待信访部门受理登记' : '不予登记',
    rejectReason: s.status === 'rejected' ? s.decisionReason : null,
    rejectedOn: s.status === 'rejected' && s.decidedAt ? todayOf(new Date(s.decidedAt)) : null,
    documents: [ONLINE_RECEIPT],
  };
}

/** A download by query code, audited as the petitioner's (always the masked copy). */
async function auditPublicDocument(
  trx: Trx,
  deps: AppDeps,
  itemId: string | null,
  detail: { kind: DocKind; docNumber: string; submissionId?: string },
  requestId: string | null,
): Promise<void> {
  await appendAudit(
    trx,
    {
      at: deps.clock().toISOString(),
      actorId: null,
      actorRole: 'petitioner',
      action: 'item.document',
      itemId,
      detail: { ...detail, masked: true, channel: 'public' },
      requestId,
    },
    deps,
  );
}

/**
 * One document addressed to the petitioner, downloaded by query code: written with the ID number, phone and
 * address masked (the petitioner knows them; a leaked code must not reveal them). A wrong code answers the one
 * fixed message; a document the item does not have (yet), or one addressed to a unit, is not offered. Every
 * download is audited as the petitioner's.
 */
export async function publicItemDocument(
  deps: AppDeps,
  code: string,
  kind: string,
  requestId: string | null,
): Promise<{ name: string; content: Buffer }> {
  if (kind === 'online_receipt') return onlineReceiptDocument(deps, code, requestId);
  const id = await itemIdByCode(deps, code);
  return deps.db.transaction().execute(async (trx) => {
    const item = (await loadItem(trx, id, deps.codec))!;
    const doc = publicDocumentList(item).find((d) => d.kind === kind);
    if (!doc) throw new AppError('NOT_FOUND', '该事项没有这份文书，或文书尚未送达');
    const r = await renderItemDocument(deps, trx, item, doc.kind, 'public');
    await auditPublicDocument(trx, deps, id, { kind: doc.kind, docNumber: r.docNumber }, requestId);
    return { name: r.name, content: r.content };
  });
}

/**
 * The 网上信访登记回执 of an online submission, by its query code: on the spot after submitting and at any time
 * later (pending, declined or registered: it records what was received). Written on the template of its kind in
 * use, issued by the bureau on the day of submission, with the code the petitioner typed and the ID number,
 * phone and address masked. Its 发文字号 is allocated on the first download and kept (keyed by the submission).
 * Every download is audited as the petitioner's.
 */
export async function onlineReceiptDocument(
  deps: AppDeps,
  code: string,
  requestId: string | null,
): Promise<{ name: string; content: Buffer }> {
  const s = await findSubmissionByCodeHash(deps.db, deps.codec.index('id', `query:${code}`), deps.codec);
  if (!s) throw new AppError('NOT_FOUND', WRONG_CODE);
  return deps.db.transaction().execute(async (trx) => {
    const organs = await loadOrganSettings(trx);
    const issuer = organs.bureau;
    let docNumber = (await getDocNumber(trx, s.id, 'online_receipt'))?.docNumber;
    if (!docNumber) {
      const year = Number(s.submittedOn.slice(0, 4));
      const seq = await nextCounter(trx, docNumberCounter(issuer.numberPrefix, year));
      docNumber = formatDocNumber(issuer.numberPrefix, year, seq);
      await recordDocNumber(trx, { itemId: s.id, kind: 'online_receipt', docNumber, issuedOn: s.submittedOn });
    }
    const cw = await loadClockwork(trx, deps.clock());
    const files = await listSubmissionFiles(trx, [s.id]);
    const p = s.payload;
    const model = buildOnlineReceipt(
      { date: s.submittedOn, docNumber, issuer, organs, clock: docClock(cw.calendar, cw.rules) },
      {
        number: s.number,
        submittedOn: s.submittedOn,
        name: p.name,
        idNumber: p.idNumber,
        phone: p.phone,
        address: p.address,
        title: p.title,
        demands: p.demands,
        attachments: files.map((f) => f.name),
        queryCode: code,
      },
    );
    const r = await renderWithActiveTemplate(trx, model);
    const detail = { kind: 'online_receipt' as const, docNumber, submissionId: s.id };
    await auditPublicDocument(trx, deps, s.itemId, detail, requestId);
    return { name: `${DOC_KIND_LABELS.online_receipt}-${s.number}.docx`, content: r.content };
  });
}
