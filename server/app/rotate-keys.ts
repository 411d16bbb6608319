import { rotateKeyring } from '../crypto/keyring.ts';
import { createAuditKeys, createPiiCodec } from '../crypto/pii-codec.ts';
import { listAttachmentHashes } from '../store/attachment.store.ts';
import { countItems } from '../store/import.store.ts';
import { listItemIdsAfter, resealItem } from '../store/item.store.ts';
import { listTotpSecrets, resealTotpSecret } from '../store/user.store.ts';
import { recordAudit } from './audit-event.ts';
import { resealAttachmentFile, type FileStore } from './attachment-files.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';

export interface RotateOptions {
  onProgress?: (done: number, total: number) => void;
  /** The attachment folder: its files are re-sealed too. */
  files?: FileStore;
}

/**
 * Rotates the encryption key: adds a new active key to the key file (old keys stay for reading), then re-seals
 * under it every item's personal data (petitioners, representatives, organisation, accused party), every TOTP
 * secret and every attachment file. Items are written with the version check of every other change: a step
 * taken meanwhile is never overwritten — the rotation reloads that item and tries again. The blind-index key
 * is kept, so lookups by ID number and phone keep working throughout. Safe to re-run after an interruption
 * (values already under the active key are left alone); it also seals values stored before sealing existed.
 */
export async function rotateKeys(deps: AppDeps, ctx: UseCaseCtx, keyFile: string, opts: RotateOptions = {}) {
  const keyring = rotateKeyring(keyFile);
  deps.codec = createPiiCodec(keyring, keyFile);
  deps.auditKeys = createAuditKeys(keyring, keyFile);
  const codec = deps.codec;
  const total = await countItems(deps.db);
  let done = 0;
  let items = 0;
  let retried = 0;
  let after = '';
  for (;;) {
    const page = await listItemIdsAfter(deps.db, after, 500);
    if (!page.length) break;
    for (const id of page) {
      for (let attempt = 0; ; attempt++) {
        const r = await resealItem(deps.db, id, codec);
        if (r === 'resealed') items++;
        if (r !== 'conflict') break;
        retried++;
        if (attempt >= 20) throw new Error(`事项 ${id} 在轮换期间持续被修改，请稍后重新运行 keys rotate`);
      }
    }
    done += page.length;
    after = page[page.length - 1]!;
    opts.onProgress?.(done, total);
  }
  // TOTP secrets: compare-and-set on the stored value, so a user enrolling meanwhile keeps the new secret.
  let secrets = 0;
  for (const { id, sealedSecret: stored } of await listTotpSecrets(deps.db)) {
    if (codec.keyOf(stored) === keyring.activeId) continue;
    if (await resealTotpSecret(deps.db, id, stored, codec.seal(codec.open(stored)))) secrets++;
  }
  let files = 0;
  if (opts.files) {
    for (const hash of await listAttachmentHashes(deps.db))
      if (await resealAttachmentFile(opts.files, codec, hash)) files++;
  }
  await recordAudit(deps.db, deps, ctx, 'keys.rotate', { activeKey: keyring.activeId, items, retried, secrets, files });
  return { activeKey: keyring.activeId, keys: keyring.ids, items, retried, secrets, files };
}
