import { reencryptField } from '../crypto/field-crypto.ts';
import { rotateKeyring } from '../crypto/keyring.ts';
import { createAuditKeys, createPiiCodec } from '../crypto/pii-codec.ts';
import { appendAudit } from '../store/audit.store.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';

/**
 * Rotates the field-encryption key: adds a new active SM4 key to the key file (old keys stay for reading),
 * then re-encrypts every stored personal field under the new key in batches. The blind-index key is kept,
 * so lookups by ID number and phone keep working throughout. Safe to re-run after an interruption.
 */
export async function rotateKeys(
  deps: AppDeps,
  ctx: UseCaseCtx,
  keyFile: string,
  onProgress?: (done: number, total: number) => void,
) {
  const keyring = rotateKeyring(keyFile);
  const re = (v: string | null) => (v ? reencryptField(keyring, v) : v);
  const total = Number(
    (
      await deps.db
        .selectFrom('petitioners')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst()
    )?.n ?? 0,
  );
  let done = 0;
  let after = '';
  for (;;) {
    const rows = await deps.db
      .selectFrom('petitioners')
      .select(['id', 'name', 'id_number', 'phone', 'address'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    if (!rows.length) break;
    await deps.db.transaction().execute(async (trx) => {
      for (const r of rows) {
        await trx
          .updateTable('petitioners')
          .set({ name: re(r.name)!, id_number: re(r.id_number), phone: re(r.phone), address: re(r.address) })
          .where('id', '=', r.id)
          .execute();
      }
    });
    done += rows.length;
    after = rows[rows.length - 1]!.id;
    onProgress?.(done, total);
  }
  // The accused party lives sealed inside the item's JSON.
  let items = 0;
  const sealed = await deps.db
    .selectFrom('items')
    .select(['id', 'data'])
    .where('data', 'like', '%"accused":"sm4:%')
    .execute();
  for (const row of sealed) {
    const data = JSON.parse(row.data) as { accused: string | null };
    if (!data.accused) continue;
    data.accused = reencryptField(keyring, data.accused);
    await deps.db
      .updateTable('items')
      .set({ data: JSON.stringify(data) })
      .where('id', '=', row.id)
      .execute();
    items++;
  }
  await appendAudit(
    deps.db,
    {
      at: deps.clock().toISOString(),
      actorId: ctx.actor.userId,
      actorRole: ctx.actor.role,
      action: 'keys.rotate',
      itemId: null,
      detail: { activeKey: keyring.activeId, petitioners: done, items },
      requestId: ctx.requestId,
    },
    deps,
  );
  deps.codec = createPiiCodec(keyring, keyFile);
  deps.auditKeys = createAuditKeys(keyring, keyFile);
  return { activeKey: keyring.activeId, keys: keyring.ids, petitioners: done, items };
}
