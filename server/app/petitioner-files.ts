import { TERMINAL_STATUSES } from '../../contract/enums.ts';
import type { PublicFile, SupplementInput } from '../../contract/online.ts';
import { AppError } from '../domain/errors.ts';
import { canRegister, isUnitRole } from '../domain/item.policy.ts';
import { findSubmissionFile, insertAttachment } from '../store/attachment.store.ts';
import { appendAudit } from '../store/audit.store.ts';
import { appendEvent, loadItem } from '../store/item.store.ts';
import { raiseNotification } from '../store/notification.store.ts';
import { listUsers } from '../store/user.store.ts';
import { countEventsOfStepSince } from '../store/item-events.store.ts';
import { readAttachmentFile, writeAttachmentFile, type FileStore } from './attachment-files.ts';
import { checkUpload, safeFileName, type CheckedUpload } from './attachments.ts';
import { recordAudit } from './audit-event.ts';
import { todayOf, type AppDeps, type UseCaseCtx } from './context.ts';
import { itemIdByCode } from './public-portal.ts';

/**
 * Materials a petitioner sends through the public pages — with an online submission, or later as 补充材料 with
 * the query code: the same type and size checks as staff uploads, stored sealed by hash like them.
 */

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes and checks every file before anything is written; a bad one is named in the error. */
export function decodePublicFiles(list: readonly PublicFile[]): CheckedUpload[] {
  return list.map((f) => {
    const data = f.dataBase64.replace(/\s+/g, '');
    if (!BASE64.test(data) || data.length % 4 === 1)
      throw new AppError('VALIDATION', `「${safeFileName(f.name)}」的内容无法读取，请重新选择该文件`);
    const buf = Buffer.from(data, 'base64');
    return checkUpload(f.name, new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
  });
}

/** Stores the contents (sealed, by hash; storing twice is harmless), before the transaction that links them. */
export async function storePublicFiles(
  files: FileStore | undefined,
  deps: AppDeps,
  checked: readonly CheckedUpload[],
): Promise<void> {
  if (!checked.length) return;
  if (!files) throw new Error('no file store for petitioner materials');
  for (const c of checked) await writeAttachmentFile(files, deps.codec, c.hash, c.content);
}

/** At most this many 补充材料 per item and day (the query code is a secret, but a leaked one must not flood). */
export const SUPPLEMENTS_PER_DAY = 10;

/**
 * 补充材料: the petitioner adds a note and/or files to an item that is still open, with the query code. Recorded
 * on the item's timeline (the files as the item's materials, sent by the petitioner), audited as the
 * petitioner's, and the lead unit's staff (or, before routing, the bureau's registrars) are notified. An ended
 * item refuses with its state; a wrong code answers the one fixed message.
 */
export async function supplementMaterials(
  deps: AppDeps,
  files: FileStore | undefined,
  code: string,
  input: SupplementInput,
  requestId: string | null,
): Promise<{ receivedOn: string; files: { name: string; size: number }[]; note: boolean }> {
  const itemId = await itemIdByCode(deps, code);
  const item = (await loadItem(deps.db, itemId, deps.codec))!;
  if (TERMINAL_STATUSES.includes(item.status))
    throw new AppError(
      'STEP_NOT_ALLOWED',
      '该事项已办理终结，不能再补充材料；如有新的情况，可另行提出信访事项，或在复查、复核期限内提出申请',
    );
  const checked = decodePublicFiles(input.attachments);
  const now = deps.clock();
  const nowIso = now.toISOString();
  const dayAgo = new Date(now.getTime() - 24 * 3600_000).toISOString();
  if ((await countEventsOfStepSince(deps.db, itemId, 'supplement', dayAgo)) >= SUPPLEMENTS_PER_DAY)
    throw new AppError('RATE_LIMITED', `同一事项 24 小时内最多补充 ${SUPPLEMENTS_PER_DAY} 次材料，请明天再试`, {
      retryAfterSeconds: 3600,
    });
  await storePublicFiles(files, deps, checked);
  const today = todayOf(now);
  const users = await listUsers(deps.db);
  const recipients = users.filter((u) =>
    u.disabled
      ? false
      : item.leadUnitId
        ? isUnitRole(u.role) && u.unitId === item.leadUnitId
        : u.role !== 'leader' &&
          canRegister({
            userId: u.id,
            username: u.username,
            displayName: u.displayName,
            role: u.role,
            unitId: u.unitId,
          }),
  );
  await deps.db.transaction().execute(async (trx) => {
    const ids: string[] = [];
    for (const c of checked) {
      const id = deps.newId();
      ids.push(id);
      await insertAttachment(
        trx,
        { id, itemId, hash: c.hash, name: c.display, size: c.content.byteLength, mime: c.mime, uploadedBy: null },
        nowIso,
      );
    }
    const eventId = deps.newId();
    await appendEvent(
      trx,
      {
        itemId,
        at: nowIso,
        onDate: today,
        step: 'supplement',
        actorId: null,
        actorName: '信访人',
        actorRole: null,
        summary: `信访人补充材料${checked.length ? `（${checked.length} 份文件）` : '（补充说明）'}`,
        data: { note: input.note, attachmentIds: ids, names: checked.map((c) => c.display) },
      },
      eventId,
    );
    await appendAudit(
      trx,
      {
        at: nowIso,
        actorId: null,
        actorRole: 'petitioner',
        action: 'item.supplement',
        itemId,
        detail: { files: checked.map((c) => ({ hash: c.hash, size: c.content.byteLength, mime: c.mime })) },
        requestId,
      },
      deps,
    );
    // The number only: no title, so the notice names no petitioner whoever reads it.
    for (const u of recipients)
      await raiseNotification(trx, {
        id: deps.newId(),
        key: `supplement:${eventId}:${u.id}`,
        userId: u.id,
        kind: 'materials_added',
        title: `${item.number} 信访人补充材料`,
        body: `信访人通过查询码为事项 ${item.number} 补充了${checked.length ? ` ${checked.length} 份材料` : '说明'}，请查看并在办理中考虑。`,
        link: `/items/${itemId}`,
        itemId,
        createdAt: nowIso,
      });
  });
  return {
    receivedOn: today,
    files: checked.map((c) => ({ name: c.display, size: c.content.byteLength })),
    note: !!input.note,
  };
}

/** A file sent with an online submission, for the registrar deciding on it (audited: it may carry identity). */
export async function readSubmissionFile(deps: AppDeps, ctx: UseCaseCtx, files: FileStore, fileId: string) {
  if (!canRegister(ctx.actor)) throw new AppError('FORBIDDEN', '只有信访部门登记人员可以查看网上信访的材料');
  const f = await findSubmissionFile(deps.db, fileId);
  if (!f) throw new AppError('NOT_FOUND', '材料不存在');
  const content = await readAttachmentFile(files, deps.codec, f.hash);
  if (!content) throw new AppError('NOT_FOUND', '材料文件缺失，请联系管理员从备份恢复');
  await recordAudit(
    deps.db,
    deps,
    ctx,
    'online.file_read',
    { submissionId: f.submissionId, fileId, hash: f.hash },
    null,
  );
  return { name: f.name, mime: f.mime, content };
}
