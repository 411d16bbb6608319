import { DOC_AUDIENCE, DOC_KIND_LABELS, DOC_KINDS, type DocKind } from '../../contract/documents.ts';
import { availableItemDocuments, docClock, docNumberCounter, formatDocNumber } from '../documents/item-doc-builders.ts';
import type { IdentityView, SupervisionInput } from '../documents/doc-model.ts';
import type { IsoDate } from '../domain/deadline.ts';
import { AppError } from '../domain/errors.ts';
import type { Item } from '../domain/item.ts';
import { appendAudit } from '../store/audit.store.ts';
import { nextCounter } from '../store/counter.store.ts';
import type { DbOrTrx } from '../store/db.ts';
import { getDocNumber, recordDocNumber } from '../store/doc-template.store.ts';
import { getUnit } from '../store/reference.store.ts';
import { loadClockwork, type AppDeps, type UseCaseCtx } from './context.ts';
import { buildItemDocModel, loadOrganSettings, organOfUnit, renderWithActiveTemplate } from './doc-templates.ts';
import type { IdentityAccess } from '../domain/visibility.policy.ts';
import { openItem } from './visibility.ts';

/** The document kinds generated from an item's facts alone (the others need a decision of their own). */
const DECISION_KINDS: readonly DocKind[] = ['supervision_order', 'meeting_notice', 'meeting_minutes'];
const ITEM_FACT_KINDS: readonly DocKind[] = DOC_KINDS.filter((k) => !DECISION_KINDS.includes(k));

/** The documents of an item offered on its page (those whose step has happened). */
export function itemDocumentList(item: Item): { kind: DocKind; name: string }[] {
  return availableItemDocuments(item).map((k) => ({ kind: k, name: DOC_KIND_LABELS[k] }));
}

/**
 * The documents addressed to the petitioner that the public page offers by query code: those whose step has
 * happened, the 处理意见书 only once it has been served (an opinion still under the bureau's review is not theirs yet).
 */
export function publicDocumentList(item: Item): { kind: DocKind; name: string }[] {
  return itemDocumentList(item).filter(
    (d) => DOC_AUDIENCE[d.kind] === 'petitioner' && (d.kind !== 'opinion' || item.facts.servedOn !== null),
  );
}

/** Documents the bureau issues whoever handles the item. */
const BUREAU_KINDS: readonly DocKind[] = [
  'registration_receipt',
  'review_receipt',
  'rereview_receipt',
  'assignment',
  'transfer_letter',
  'legal_channel_notice',
  'supervision_order',
];

/** A 督办 as its 督办单 about one item states it: the text as the reader may see it, its number and date. */
export interface SupervisionOrderRecord {
  input: SupervisionInput;
  number: string;
  issuedOn: IsoDate;
}

/** 成文日期 of an item document: the day of the step it records. */
function documentDate(item: Item, kind: DocKind): IsoDate {
  const f = item.facts;
  switch (kind) {
    case 'accept_notice':
      return f.acceptedOn ?? item.registeredOn;
    case 'decline_notice':
    case 'no_reaccept_notice':
      return f.declined?.on ?? item.registeredOn;
    case 'extension_notice':
      return f.extension?.notifiedOn ?? f.extension?.decidedOn ?? f.extension?.requestedOn ?? item.registeredOn;
    case 'opinion':
      return f.opinion?.issuedOn ?? item.registeredOn;
    case 'review_receipt':
      return f.review?.acceptedOn ?? item.registeredOn;
    case 'rereview_receipt':
      return f.rereview?.acceptedOn ?? item.registeredOn;
    case 'review_opinion':
      return f.review?.decidedOn ?? item.registeredOn;
    case 'rereview_opinion':
      return f.rereview?.decidedOn ?? item.registeredOn;
    case 'assignment':
    case 'transfer_letter':
      return f.route?.on ?? item.registeredOn;
    case 'legal_channel_notice':
      return f.legal?.noticeOn ?? f.legal?.on ?? item.registeredOn;
    default:
      return item.registeredOn;
  }
}

/**
 * Writes one document of an item through the template of its kind in use (the uploaded active version, or the
 * shipped default), with the identity shown as `view` allows. The 发文字号 is allocated the first time the
 * document is written and kept. For the public page (the petitioner's download by query code), call this with
 * view `public` after checking the code; the staff path is itemDocument below.
 */
export async function renderItemDocument(
  deps: AppDeps,
  db: DbOrTrx,
  item: Item,
  kind: DocKind,
  view: IdentityView,
  order?: SupervisionOrderRecord,
): Promise<{ name: string; content: Buffer; docNumber: string }> {
  const organs = await loadOrganSettings(db);
  const lead = item.leadUnitId ? await getUnit(db, item.leadUnitId) : null;
  const leadOrgan = lead ? organOfUnit(lead.name) : null;
  const bureauDecides = kind === 'decline_notice' || kind === 'no_reaccept_notice' ? !item.facts.unitReceivedOn : false;
  const issuer =
    kind === 'review_opinion'
      ? organs.reviewOrgan
      : kind === 'rereview_opinion'
        ? organs.rereviewOrgan
        : BUREAU_KINDS.includes(kind) || bureauDecides
          ? organs.bureau
          : (leadOrgan ?? organs.bureau);
  const date = order?.issuedOn ?? documentDate(item, kind);
  // A 督办单 carries the number of its 督办; the other documents get one from the issuer's sequence, once.
  const known = order ? null : await getDocNumber(db, item.id, kind);
  let docNumber = order?.number ?? known?.docNumber;
  if (!docNumber) {
    const year = Number(date.slice(0, 4));
    const seq = await nextCounter(db, docNumberCounter(issuer.numberPrefix, year));
    docNumber = formatDocNumber(issuer.numberPrefix, year, seq);
    await recordDocNumber(db, { itemId: item.id, kind, docNumber, issuedOn: date });
  }
  const cw = await loadClockwork(db, deps.clock());
  const unitNames = new Map<string, string>();
  for (const id of [
    item.leadUnitId,
    ...item.assistUnitIds,
    item.facts.route?.unitId,
    ...(item.facts.route?.assistUnitIds ?? []),
  ]) {
    if (id && !unitNames.has(id)) {
      const u = await getUnit(db, id);
      if (u) unitNames.set(id, u.name);
    }
  }
  const model = buildItemDocModel(
    kind,
    {
      item,
      view,
      date,
      docNumber,
      issuer,
      organs,
      clock: docClock(cw.calendar, cw.rules),
      unitName: (id) => unitNames.get(id) ?? null,
    },
    order?.input,
  );
  const r = await renderWithActiveTemplate(db, model);
  return { name: `${DOC_KIND_LABELS[model.kind]}-${item.number}.docx`, content: r.content, docNumber };
}

/**
 * Generates a document of an item for a staff member. The document names the petitioner, so it is a read of
 * their identity: in full only for those who may see it (the bureau, the lead unit); masked for the others who
 * may open the item; refused to the accused unit. Every generation is audited, with which of the two it was.
 * `decline_notice` is accepted for a 不再受理 decision too (the kind is taken from the decision).
 */
export async function itemDocument(
  deps: AppDeps,
  ctx: UseCaseCtx,
  id: string,
  kind: string,
): Promise<{ name: string; content: Buffer }> {
  const { item, identity } = await openItem(deps, ctx, id);
  if (!(DOC_KINDS as readonly string[]).includes(kind) || !ITEM_FACT_KINDS.includes(kind as DocKind))
    throw new AppError('NOT_FOUND', `没有名为 ${kind} 的事项文书`);
  let k = kind as DocKind;
  if (k === 'decline_notice' && item.facts.declined?.kind === '不再受理') k = 'no_reaccept_notice';
  if (!availableItemDocuments(item).includes(k))
    throw new AppError('STEP_NOT_ALLOWED', `该事项尚不能生成「${DOC_KIND_LABELS[k]}」：相应的办理步骤还没有发生`);
  return generateItemDocument(deps, ctx, item, k, identity);
}

/**
 * Writes a document of an item for a staff member with the identity as they may see it, and audits it in the
 * same transaction: in full for `full`, masked for `masked`, refused for `hidden` (the accused unit).
 */
export async function generateItemDocument(
  deps: AppDeps,
  ctx: UseCaseCtx,
  item: Item,
  kind: DocKind,
  identity: IdentityAccess,
  order?: SupervisionOrderRecord,
): Promise<{ name: string; content: Buffer }> {
  if (identity === 'hidden') throw new AppError('FORBIDDEN', '文书载有信访人身份信息，您无权生成');
  const view: IdentityView = identity === 'full' ? 'full' : 'masked';
  return deps.db.transaction().execute(async (trx) => {
    const doc = await renderItemDocument(deps, trx, item, kind, view, order);
    await appendAudit(
      trx,
      {
        at: deps.clock().toISOString(),
        actorId: ctx.actor.userId,
        actorRole: ctx.actor.role,
        action: 'item.document',
        itemId: item.id,
        detail: { kind, masked: view !== 'full', docNumber: doc.docNumber },
        requestId: ctx.requestId,
      },
      deps,
    );
    return { name: doc.name, content: doc.content };
  });
}
