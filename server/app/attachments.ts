import { createHash } from 'node:crypto';
import { LIMITS } from '../../contract/limits.ts';
import { AppError } from '../domain/errors.ts';
import { checkOoxml, looksLikeZip, OoxmlError } from '../files/ooxml.ts';
import { isUnitRole, seesAllItems } from '../domain/item.policy.ts';
import { identityDictionaryOf, maskIdentityInText } from '../domain/text-masking.ts';
import { findAttachmentById, insertAttachment, listAttachmentsOfItem } from '../store/attachment.store.ts';
import { appendAudit } from '../store/audit.store.ts';
import { appendEvent } from '../store/item.store.ts';
import { readAttachmentFile, writeAttachmentFile, type FileStore } from './attachment-files.ts';
import { recordAudit } from './audit-event.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';
import { openItem } from './visibility.ts';

export type { FileStore } from './attachment-files.ts';

/**
 * Recognises the type from the content itself; the name and the browser's claim are not trusted. A file that
 * claims to be Word but is not a sound OOXML package throws OoxmlError (its message says why).
 */
export function sniffType(buf: Uint8Array, name: string): string | null {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (b.length > 8 && b[0] === 0x89 && b.subarray(1, 4).toString('latin1') === 'PNG') return 'image/png';
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (looksLikeZip(b) && /\.docx$/i.test(name)) {
    // A real Word document: zip structure, content types and sizes checked (zip bombs refused with a reason).
    checkOoxml(b, 'docx');
    return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  }
  if (/\.txt$/i.test(name) && !b.includes(0)) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(b);
      return 'text/plain';
    } catch {
      return null;
    }
  }
  return null;
}

/** A display name with no path, no control characters, at most 120 characters. */
export function safeFileName(name: string): string {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 120);
  return clean || '附件';
}

/** A file that passed the checks every upload gets (staff or petitioner): its safe name, type and hash. */
export interface CheckedUpload {
  display: string;
  mime: string;
  hash: string;
  content: Uint8Array;
}

/**
 * The checks of every upload, whoever sends it: not empty, within the size limit, a type recognised from the
 * content (a Word file must be a sound OOXML package). Messages name the file, so a petitioner who sent three
 * knows which one to fix.
 */
export function checkUpload(name: string, content: Uint8Array): CheckedUpload {
  const display = safeFileName(name);
  if (content.byteLength === 0) throw new AppError('VALIDATION', `「${display}」是空文件，请重新选择`);
  if (content.byteLength > LIMITS.attachmentBytes)
    throw new AppError(
      'FILE_TOO_LARGE',
      `「${display}」超过 ${LIMITS.attachmentBytes / 1024 / 1024} MB，请压缩或拆分后上传`,
    );
  let mime: string | null;
  try {
    mime = sniffType(content, display);
  } catch (e) {
    if (!(e instanceof OoxmlError)) throw e;
    throw new AppError(e.bomb ? 'FILE_TOO_LARGE' : 'FILE_TYPE', `「${display}」不是可接受的 Word 文件：${e.message}`);
  }
  if (!mime)
    throw new AppError(
      'FILE_TYPE',
      `「${display}」不能上传：只接受 PDF、JPEG、PNG、Word（.docx）和纯文本（.txt）文件，文件内容与类型不符的也不能上传`,
    );
  return { display, mime, hash: createHash('sha256').update(content).digest('hex'), content };
}

/**
 * Attaches a file to an item: checks size and type by content, stores it by hash (atomic rename), and records
 * it on the item's timeline and in the audit log. Bureau staff and the lead unit may attach.
 */
export async function addAttachment(
  deps: AppDeps,
  ctx: UseCaseCtx,
  files: FileStore,
  itemId: string,
  name: string,
  content: Uint8Array,
) {
  const { display, mime, hash } = checkUpload(name, content);
  const { item } = await openItem(deps, ctx, itemId);
  if (
    !(seesAllItems(ctx.actor.role) && ctx.actor.role !== 'leader') &&
    !(isUnitRole(ctx.actor.role) && item.leadUnitId === ctx.actor.unitId)
  ) {
    throw new AppError('FORBIDDEN', '您不能为该事项上传材料');
  }
  await writeAttachmentFile(files, deps.codec, hash, content);
  const nowIso = deps.clock().toISOString();
  const id = deps.newId();
  await deps.db.transaction().execute(async (trx) => {
    const upload = { id, itemId, hash, name: display, size: content.byteLength, mime, uploadedBy: ctx.actor.userId };
    await insertAttachment(trx, upload, nowIso);
    await appendEvent(
      trx,
      {
        itemId,
        at: nowIso,
        onDate: null,
        step: 'attach',
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        actorRole: ctx.actor.role,
        summary: `上传材料：${display}`,
        data: { attachmentId: id, size: content.byteLength, mime },
      },
      deps.newId(),
    );
    await appendAudit(
      trx,
      {
        at: nowIso,
        actorId: ctx.actor.userId,
        actorRole: ctx.actor.role,
        action: 'item.attach',
        itemId,
        detail: { hash, size: content.byteLength, mime },
        requestId: ctx.requestId,
      },
      deps,
    );
  });
  return { id, name: display, size: content.byteLength, mime, hash };
}

/**
 * The item's materials: as named for those who may see the identity, with the petitioners masked in the names
 * for the others, and none at all for the accused unit of a redacted item.
 */
export async function listAttachments(deps: AppDeps, ctx: UseCaseCtx, itemId: string) {
  const { item, identity } = await openItem(deps, ctx, itemId);
  if (identity === 'hidden') return [];
  const dict = identityDictionaryOf(item);
  const nameOf = (n: string) => (identity === 'full' ? n : maskIdentityInText(n, dict));
  const rows = await listAttachmentsOfItem(deps.db, itemId);
  return rows.map((r) => ({ id: r.id, name: nameOf(r.name), at: r.at, size: r.size, mime: r.mime }));
}

/**
 * Reads an attachment. The original material carries the petitioner's identity: only those who may see it get
 * it; a viewer who may open the item but not the identity is refused (403); anyone else hears "not found".
 */
export async function readAttachment(deps: AppDeps, ctx: UseCaseCtx, files: FileStore, attachmentId: string) {
  const row = await findAttachmentById(deps.db, attachmentId);
  const missing = () => new AppError('NOT_FOUND', '附件不存在或无权查看');
  if (!row) throw missing();
  const { identity } = await openItem(deps, ctx, row.itemId).catch((e: unknown) => {
    throw e instanceof AppError && e.code === 'NOT_FOUND' ? missing() : e;
  });
  if (identity === 'hidden') throw missing();
  if (identity !== 'full')
    throw new AppError('FORBIDDEN', '材料原件载有信访人身份信息，只有登记、审核人员和主办单位可以下载');
  const content = await readAttachmentFile(files, deps.codec, row.hash);
  if (!content) throw new AppError('NOT_FOUND', '附件文件缺失，请联系管理员从备份恢复');
  // The accuser's materials are a read of the case file: every download is on record.
  await recordAudit(
    deps.db,
    deps,
    ctx,
    'item.attachment_read',
    { attachmentId, name: row.name, hash: row.hash },
    row.itemId,
  );
  return { name: row.name, mime: row.mime, content };
}
