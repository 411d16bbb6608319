import { DOC_KIND_LABELS, DOC_KINDS, type DocKind, type PlaceholderInfo } from '../../contract/documents.ts';
import { defaultTemplateCached, templateFileName } from '../documents/default-templates.ts';
import { sampleModel } from '../documents/doc-fixture.ts';
import type { DocModel, OrganInfo, OrganSettings, SupervisionInput } from '../documents/doc-model.ts';
import {
  buildAcceptNotice,
  buildDeclineNotice,
  buildExtensionNotice,
  buildOpinion,
  buildRegistrationReceipt,
  buildRereviewOpinion,
  buildReviewOpinion,
  buildLegalChannelNotice,
  buildRouteDoc,
  buildSupervisionOrder,
  type ItemDocContext,
  legalChannelOf,
} from '../documents/item-doc-builders.ts';
import { placeholderInfo } from '../documents/placeholders.ts';
import { buildReviewReceipt } from '../documents/review-doc-builders.ts';
import { renderDocument, type RenderedDocument, validateTemplate } from '../documents/template-engine.ts';
import type { DocLintFinding } from '../documents/cn-text.ts';
import { AppError } from '../domain/errors.ts';
import { canAdminister } from '../domain/item.policy.ts';
import { appendAudit } from '../store/audit.store.ts';
import type { DbOrTrx } from '../store/db.ts';
import {
  activateTemplateVersion,
  getActiveTemplate,
  getTemplateFile,
  getTemplateVersion,
  insertTemplateVersion,
  listTemplateVersions,
  type TemplateVersion,
} from '../store/doc-template.store.ts';
import { getSetting } from '../store/settings.store.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';

/** `区住房和城乡建设局` → `区住房和城乡建设` (the 机关代字 of its 发文字号; a setting can override it later). */
export function organOfUnit(name: string): OrganInfo {
  const prefix = name.replace(/(人民政府|委员会|办公室|办事处|管理局|局|委|办|中心)$/u, '') || name;
  return { name, numberPrefix: prefix, address: null, phone: null };
}

/**
 * The organs the documents name, from the settings (keys: bureau_name, bureau_doc_prefix, bureau_address,
 * bureau_phone, review_organ, rereview_organ, doc_follow_up), with the defaults of a district bureau.
 */
export async function loadOrganSettings(db: DbOrTrx): Promise<OrganSettings> {
  const s = <T>(key: string, fallback: T) => getSetting<T>(db, key, fallback);
  const bureauName = await s('bureau_name', '区信访局');
  const review = await s('review_organ', '区人民政府');
  const rereview = await s('rereview_organ', '市人民政府');
  return {
    bureau: {
      name: bureauName,
      numberPrefix: await s('bureau_doc_prefix', organOfUnit(bureauName).numberPrefix),
      address: await s<string | null>('bureau_address', null),
      phone: await s<string | null>('bureau_phone', null),
    },
    reviewOrgan: organOfUnit(review),
    rereviewOrgan: organOfUnit(rereview),
    followUp: await s('doc_follow_up', `登录${bureauName}网站“网上信访”栏目`),
  };
}

/** The model of an item document whose facts alone make it (see itemDocumentList). */
export function buildItemDocModel(kind: DocKind, c: ItemDocContext, supervision?: SupervisionInput): DocModel {
  switch (kind) {
    case 'registration_receipt':
      return buildRegistrationReceipt(c, null);
    case 'accept_notice':
      return buildAcceptNotice(c);
    case 'decline_notice':
    case 'no_reaccept_notice':
      return buildDeclineNotice(c);
    case 'extension_notice':
      return buildExtensionNotice(c);
    case 'opinion':
      return buildOpinion(c);
    case 'review_opinion':
      return buildReviewOpinion(c);
    case 'review_receipt':
    case 'rereview_receipt':
      return buildReviewReceipt(c, kind);
    case 'rereview_opinion':
      return buildRereviewOpinion(c);
    case 'assignment':
    case 'transfer_letter':
      return buildRouteDoc(c);
    case 'legal_channel_notice': {
      const legal = legalChannelOf(c.item);
      if (!legal) throw new AppError('STEP_NOT_ALLOWED', '该事项尚不能生成「导入法律程序告知书」：尚未导入法律程序');
      return buildLegalChannelNotice(c, legal);
    }
    case 'supervision_order':
      if (supervision) return buildSupervisionOrder(c, supervision);
      throw new AppError('STEP_NOT_ALLOWED', '「督办单」须从督办记录生成');
    default:
      throw new AppError('STEP_NOT_ALLOWED', `「${DOC_KIND_LABELS[kind]}」须在作出相应决定时生成`);
  }
}

/** The template in use for a kind: the active uploaded version, or the shipped default. */
export async function templateInUse(db: DbOrTrx, kind: DocKind): Promise<{ content: Buffer; version: number | null }> {
  const active = await getActiveTemplate(db, kind);
  return active
    ? { content: active.content, version: active.version.version }
    : { content: await defaultTemplateCached(kind), version: null };
}

/** Renders a model through the template in use for its kind. */
export async function renderWithActiveTemplate(db: DbOrTrx, model: DocModel): Promise<RenderedDocument> {
  const t = await templateInUse(db, model.kind);
  return renderDocument(t.content, model);
}

function requireAdmin(ctx: UseCaseCtx): void {
  if (!canAdminister(ctx.actor)) throw new AppError('FORBIDDEN', '只有系统管理员可以管理文书模板');
}

function kindOf(kind: string): DocKind {
  if (!(DOC_KINDS as readonly string[]).includes(kind)) throw new AppError('NOT_FOUND', `没有名为 ${kind} 的文书`);
  return kind as DocKind;
}

export interface DocTemplateKindView {
  kind: DocKind;
  label: string;
  placeholders: PlaceholderInfo[];
  /** The version in use, null for the shipped default. */
  activeVersion: number | null;
  versions: TemplateVersion[];
}

/** The admin screen: every kind, its placeholders, and its uploaded versions. */
export async function listDocTemplates(deps: AppDeps, ctx: UseCaseCtx): Promise<DocTemplateKindView[]> {
  requireAdmin(ctx);
  const all = await listTemplateVersions(deps.db);
  return DOC_KINDS.map((kind) => {
    const versions = all.filter((v) => v.kind === kind);
    return {
      kind,
      label: DOC_KIND_LABELS[kind],
      placeholders: placeholderInfo(kind),
      activeVersion: versions.find((v) => v.active)?.version ?? null,
      versions,
    };
  });
}

/** Downloads a template: one version by id, or (no id) the one in use. */
export async function downloadDocTemplate(
  deps: AppDeps,
  ctx: UseCaseCtx,
  kindParam: string,
  versionId: string | null,
): Promise<{ name: string; content: Buffer }> {
  requireAdmin(ctx);
  const kind = kindOf(kindParam);
  if (versionId) {
    const v = await getTemplateVersion(deps.db, versionId);
    const file = v && v.kind === kind ? await getTemplateFile(deps.db, versionId) : null;
    if (!v || !file) throw new AppError('NOT_FOUND', '没有这个模板版本');
    return { name: templateFileName(kind, v.version), content: file };
  }
  const t = await templateInUse(deps.db, kind);
  return { name: templateFileName(kind, t.version), content: t.content };
}

/**
 * Uploads a new version of a kind's template. Validated before anything is stored (Word file, placeholders
 * written right, none unknown, every required one present): a refusal stores nothing. The new version is
 * made the one in use unless `activate` is false. Audited.
 */
export async function uploadDocTemplate(
  deps: AppDeps,
  ctx: UseCaseCtx,
  kindParam: string,
  file: { name: string; content: Uint8Array },
  opts: { note: string; activate: boolean },
): Promise<{ version: TemplateVersion; findings: DocLintFinding[] }> {
  requireAdmin(ctx);
  const kind = kindOf(kindParam);
  const check = validateTemplate(file.content, kind);
  // A template that compiles must also render the sample data without error.
  renderDocument(file.content, sampleModel(kind, 'public'));
  const at = deps.clock().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const version = await insertTemplateVersion(
      trx,
      {
        kind,
        fileName: file.name.slice(0, 200) || `${kind}.docx`,
        content: file.content,
        note: opts.note.trim().slice(0, 500),
        uploadedBy: ctx.actor.userId,
        at,
      },
      opts.activate,
    );
    await appendAudit(
      trx,
      {
        at,
        actorId: ctx.actor.userId,
        actorRole: ctx.actor.role,
        action: 'doc_template.upload',
        itemId: null,
        detail: { kind, version: version.version, sha256: version.sha256, active: version.active },
        requestId: ctx.requestId,
      },
      deps,
    );
    return { version, findings: check.findings };
  });
}

/** Puts one uploaded version in use, or (versionId null) goes back to the shipped default. Audited. */
export async function activateDocTemplate(
  deps: AppDeps,
  ctx: UseCaseCtx,
  kindParam: string,
  versionId: string | null,
): Promise<void> {
  requireAdmin(ctx);
  const kind = kindOf(kindParam);
  await deps.db.transaction().execute(async (trx) => {
    if (!(await activateTemplateVersion(trx, kind, versionId))) throw new AppError('NOT_FOUND', '没有这个模板版本');
    await appendAudit(
      trx,
      {
        at: deps.clock().toISOString(),
        actorId: ctx.actor.userId,
        actorRole: ctx.actor.role,
        action: 'doc_template.activate',
        itemId: null,
        detail: { kind, versionId },
        requestId: ctx.requestId,
      },
      deps,
    );
  });
}

/**
 * Preview: renders a template (an uploaded file not yet stored, or the one in use) with realistic sample data
 * (fictional petitioner). Returns the .docx and what a reader sees, with the formal-text lint of the result.
 */
export async function previewDocTemplate(
  deps: AppDeps,
  ctx: UseCaseCtx,
  kindParam: string,
  file: Uint8Array | null,
): Promise<{ name: string; content: Buffer; paragraphs: string[]; findings: DocLintFinding[] }> {
  requireAdmin(ctx);
  const kind = kindOf(kindParam);
  const tpl = file ?? (await templateInUse(deps.db, kind)).content;
  if (file) validateTemplate(file, kind);
  const r = renderDocument(tpl, sampleModel(kind, 'public'));
  return {
    name: `${DOC_KIND_LABELS[kind]}-预览.docx`,
    content: r.content,
    paragraphs: r.paragraphs,
    findings: r.findings,
  };
}
