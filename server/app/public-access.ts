import { AppError } from '../domain/errors.ts';
import { transition } from '../domain/lifecycle.ts';
import { appendAudit } from '../store/audit.store.ts';
import { findItemIdByQueryCodeHash, loadItem } from '../store/item.store.ts';
import { addDays } from '../domain/calendar.ts';
import { getSetting } from '../store/settings.store.ts';
import { loadClockwork, type AppDeps } from './context.ts';
import { chineseDate } from './public-review.ts';

/** Settings key of the portal's rating window, in calendar days after the opinion is served. */
export const RATING_WINDOW_SETTING = 'rating_window_days';
export const DEFAULT_RATING_WINDOW_DAYS = 30;
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
    // The portal rates within a window after the opinion is served (configurable); after it, the 回访 remains.
    const days = await getSetting<number>(trx, RATING_WINDOW_SETTING, DEFAULT_RATING_WINDOW_DAYS);
    if (item.facts.servedOn) {
      const last = addDays(item.facts.servedOn, days);
      if (cw.today > last)
        throw new AppError(
          'WINDOW_CLOSED',
          `网上评价期限已于${chineseDate(last)}届满（处理意见书送达后${days}日内），如有意见可通过回访或来信来访反映`,
        );
    }
    const res = transition(
      item,
      { step: 'rate', on: cw.today, satisfaction: body.satisfaction, comment: body.comment, source: 'portal' },
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
        detail: { satisfaction: body.satisfaction, source: 'portal' },
        requestId,
      },
      deps,
    );
  });
  return { ok: true };
}
