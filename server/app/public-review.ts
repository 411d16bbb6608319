import type { IsoDate } from '../domain/deadline.ts';
import { computeDeadline } from '../domain/deadline.ts';
import { AppError } from '../domain/errors.ts';
import type { Item } from '../domain/item.ts';
import { allowedSteps, transition } from '../domain/lifecycle.ts';
import { appendAudit } from '../store/audit.store.ts';
import { loadItem } from '../store/item.store.ts';
import { itemIdByQueryHash } from '../store/online.store.ts';
import type { DbOrTrx } from '../store/db.ts';
import { loadClockwork, type AppDeps, type Clockwork } from './context.ts';
import { loadOrganSettings } from './doc-templates.ts';
import { saveItemChange } from './derive.ts';

/** 2026年12月2日: what the petitioner reads is written the Chinese way. */
export const chineseDate = (d: IsoDate) =>
  `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** The petitioner's right to ask for 复查 or 复核 now: which, until when, and of which organ. */
export interface ReviewWindow {
  kind: '复查' | '复核';
  step: 'request_review' | 'request_rereview';
  /** The last day a request is accepted. */
  due: IsoDate;
  open: boolean;
  organ: string;
}

/**
 * The 复查/复核 window the item's state offers, or null when there is none to ask for. The organ is the one the
 * documents name (the review_organ / rereview_organ settings), so the page, the opinion and the receipt agree.
 */
export async function reviewWindowOf(db: DbOrTrx, item: Item, cw: Clockwork): Promise<ReviewWindow | null> {
  const steps = allowedSteps(item);
  const f = item.facts;
  if (steps.includes('request_rereview') && f.review?.servedOn) {
    const due = computeDeadline(cw.rules.rereview_request, f.review.servedOn, cw.calendar).due;
    const organ = (await loadOrganSettings(db)).rereviewOrgan.name;
    return { kind: '复核', step: 'request_rereview', due, open: cw.today <= due, organ };
  }
  if (steps.includes('request_review') && f.servedOn) {
    const due = computeDeadline(cw.rules.review_request, f.servedOn, cw.calendar).due;
    const organ = (await loadOrganSettings(db)).reviewOrgan.name;
    return { kind: '复查', step: 'request_review', due, open: cw.today <= due, organ };
  }
  return null;
}

/** The acknowledgement of an online 复查/复核 request (the petitioner keeps it). */
export interface ReviewAcknowledgement {
  number: string;
  kind: '复查' | '复核';
  requestedOn: IsoDate;
  organ: string;
  /** The day the organ must decide by (30 日 from receipt), when derived. */
  decisionDue: IsoDate | null;
}

/**
 * 复查/复核 asked online by query code, inside the window: recorded as the request on the item (applicant,
 * grounds, via 网上) with its own acknowledgement. Outside the window nothing is recorded: the answer says the
 * date the window closed.
 */
export async function requestReviewOnline(
  deps: AppDeps,
  code: string,
  input: { applicant: string; grounds: string },
  requestId: string | null,
): Promise<ReviewAcknowledgement> {
  const id = await itemIdByQueryHash(deps.db, deps.codec.index('id', `query:${code}`));
  if (!id) throw new AppError('NOT_FOUND', '查询码不正确，请核对登记时告知您的查询码');
  const now = deps.clock();
  return deps.db.transaction().execute(async (trx) => {
    const item = (await loadItem(trx, id, deps.codec))!;
    const cw = await loadClockwork(trx, now);
    const w = await reviewWindowOf(trx, item, cw);
    if (!w) throw new AppError('STEP_NOT_ALLOWED', '该事项目前没有可以申请的复查或复核');
    if (!w.open)
      throw new AppError(
        'WINDOW_CLOSED',
        `${w.kind}申请期限已于${chineseDate(w.due)}届满，依法不予受理；如有新的事实和理由，可以另行提出信访事项`,
      );
    const step = {
      step: w.step,
      on: cw.today,
      applicant: input.applicant,
      grounds: input.grounds,
      via: '网上' as const,
    };
    const res = transition(item, step, { today: cw.today, calendar: cw.calendar, rules: cw.rules });
    const deadlines = await saveItemChange(trx, deps, cw, res.item, item.version, {
      at: now.toISOString(),
      onDate: cw.today,
      step: w.step,
      author: { id: null, name: '信访人', role: null },
      summary: `信访人网上申请${w.kind}`,
      data: { input: { applicant: input.applicant, grounds: input.grounds, via: '网上' } },
    });
    await appendAudit(
      trx,
      {
        at: now.toISOString(),
        actorId: null,
        actorRole: 'petitioner',
        action: `item.${w.step}`,
        itemId: id,
        detail: { via: '网上' },
        requestId,
      },
      deps,
    );
    const decision = deadlines.find(
      (d) => d.rule === (w.kind === '复查' ? 'review_decision' : 'rereview_decision') && !d.metOn,
    );
    return {
      number: item.number,
      kind: w.kind,
      requestedOn: cw.today,
      organ: w.organ,
      decisionDue: decision?.due ?? null,
    };
  });
}
