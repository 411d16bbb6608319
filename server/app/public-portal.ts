import type { DocKind } from '../../contract/documents.ts';
import { AppError } from '../domain/errors.ts';
import { publicViewOf } from '../domain/public-view.ts';
import { loadItem, timelineOf } from '../store/item.store.ts';
import { findSubmissionByCodeHash, itemIdByQueryHash } from '../store/online.store.ts';
import { appendAudit } from '../store/audit.store.ts';
import { listUnits } from '../store/reference.store.ts';
import { loadClockwork, todayOf, type AppDeps } from './context.ts';
import { publicDocumentList, renderItemDocument } from './item-documents.ts';
import { chineseDate, reviewWindowOf } from './public-review.ts';

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
}

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
      reviewOpen: { kind: string; due: string; dueText: string; organ: string } | null;
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
      documents: publicDocumentList(item),
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
  };
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
  const id = await itemIdByCode(deps, code);
  return deps.db.transaction().execute(async (trx) => {
    const item = (await loadItem(trx, id, deps.codec))!;
    const doc = publicDocumentList(item).find((d) => d.kind === kind);
    if (!doc) throw new AppError('NOT_FOUND', '该事项没有这份文书，或文书尚未送达');
    const r = await renderItemDocument(deps, trx, item, doc.kind, 'public');
    await appendAudit(
      trx,
      {
        at: deps.clock().toISOString(),
        actorId: null,
        actorRole: 'petitioner',
        action: 'item.document',
        itemId: id,
        detail: { kind: doc.kind, masked: true, docNumber: r.docNumber, channel: 'public' },
        requestId,
      },
      deps,
    );
    return { name: r.name, content: r.content };
  });
}
