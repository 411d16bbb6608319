import { AppError } from '../domain/errors.ts';
import { transition } from '../domain/lifecycle.ts';
import { appendAudit } from '../store/audit.store.ts';
import { findItemIdByQueryCodeHash, loadItem } from '../store/item.store.ts';
import { loadClockwork, type AppDeps } from './context.ts';
import { saveItemChange } from './derive.ts';

/** A wrong code answers one fixed message, whatever the reason. */
async function idOfQueryCode(deps: AppDeps, code: string): Promise<string> {
  const id = await findItemIdByQueryCodeHash(deps.db, deps.codec.index('id', `query:${code}`));
  if (!id) throw new AppError('NOT_FOUND', '查询码不正确，请核对登记时告知您的查询码');
  return id;
}

/** The petitioner's satisfaction rating through the query code: a lifecycle step of its own, audited. */
export async function ratePublicItem(
  deps: AppDeps,
  code: string,
  body: { satisfaction: '满意' | '基本满意' | '不满意'; comment: string },
  requestId: string | null,
): Promise<{ ok: true }> {
  const id = await idOfQueryCode(deps, code);
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    const item = (await loadItem(trx, id, deps.codec))!;
    const cw = await loadClockwork(trx, now);
    const res = transition(
      item,
      { step: 'rate', on: cw.today, satisfaction: body.satisfaction, comment: body.comment },
      { today: cw.today, calendar: cw.calendar, rules: cw.rules },
    );
    await saveItemChange(trx, deps, cw, res.item, item.version, {
      at: now.toISOString(),
      onDate: cw.today,
      step: 'rate',
      author: { id: null, name: '信访人', role: null },
      summary: `信访人评价：${body.satisfaction}`,
    });
    await appendAudit(
      trx,
      {
        at: now.toISOString(),
        actorId: null,
        actorRole: 'petitioner',
        action: 'item.rate',
        itemId: id,
        detail: { satisfaction: body.satisfaction },
        requestId,
      },
      deps,
    );
  });
  return { ok: true };
}
