/**
 * 不予受理 / 不再受理 advice at registration. A new item of the same person about the same matter as an earlier
 * item is either a matter already settled (复核 decided, or the 复查 / 复核 window let lapse: 不再受理) or a matter
 * still within its time limits (being handled, or a window still open: 不予受理, the petitioner is told where the
 * matter stands). Pure: the registrar decides; this only says what the rules suggest and why.
 */
import { STATUS_LABELS } from '../../contract/enums.ts';
import type { WorkCalendar } from './calendar.ts';
import type { DeadlineRule, IsoDate, RuleCode } from './deadline.ts';
import { currentFacts } from './facts-upgrade.ts';
import { currentDuty, deadlinesOf, type ItemDeadline } from './item-deadlines.ts';
import type { Item } from './item.ts';

export type AdmissionKind = '不予受理' | '不再受理';

export interface AdmissionAdvice {
  kind: AdmissionKind;
  /** What the earlier item shows, in Chinese, with its dates. */
  reason: string;
  /** The rule it rests on. */
  basis: string;
}

const REGULATION = '《信访工作条例》';
const PROCEDURE = '国家信访局《关于进一步规范信访事项受理办理程序引导来访人依法逐级走访的办法》';

/** The articles each advice cites (the 复核 article ends a matter; the windows are those of 复查 and 复核). */
export const ADMISSION_BASIS = Object.freeze({
  afterRereview: `${REGULATION}第三十六条（对复核意见不服，仍以同一事实和理由提出的，不再受理）`,
  reviewLapsed: `${REGULATION}第三十五条；${PROCEDURE}（无正当理由超过规定期限未请求复查的，不再受理）`,
  rereviewLapsed: `${REGULATION}第三十六条；${PROCEDURE}（无正当理由超过规定期限未请求复核的，不再受理）`,
  inProgress: `${PROCEDURE}（信访事项已经受理或者正在办理，在规定期限内再次提出同一事项的，不予受理）`,
  windowOpen: `${REGULATION}第三十五条、第三十六条（对处理意见或复查意见不服的，应在期限内请求复查或复核）`,
});

export interface AdmissionClock {
  calendar: WorkCalendar;
  rules: Readonly<Record<RuleCode, DeadlineRule>>;
  today: IsoDate;
}

const closedWindow = (ds: readonly ItemDeadline[], rule: RuleCode) =>
  ds.find((d) => d.rule === rule && d.kind === 'window' && d.metOn === null && d.open === false);
const openWindow = (ds: readonly ItemDeadline[], rule: RuleCode) =>
  ds.find((d) => d.rule === rule && d.kind === 'window' && d.metOn === null && d.open === true);

/** States in which the earlier matter is still with an organ (its duties run). */
const IN_PROGRESS = new Set<Item['status']>([
  'registered',
  'routed',
  'received',
  'handling',
  'replied',
  'served',
  'concluded',
  'review',
  'review_decided',
  'rereview',
]);

/**
 * What the earlier item `e` (same person, same matter) suggests for a new registration on `clock.today`, or null
 * when it suggests nothing (filed, not accepted, guided into a legal channel, or closed without an opinion served).
 */
export function admissionAdvice(e: Item, clock: AdmissionClock): AdmissionAdvice | null {
  const f = currentFacts(e.facts);
  const ref = `此前事项 ${e.number}`;
  const rereviewOn = f.rereview?.decidedOn;
  if (rereviewOn || e.status === 'terminated')
    return {
      kind: '不再受理',
      reason: `${ref}已${rereviewOn ? `于 ${rereviewOn} ` : ''}作出复核意见（已终结），以同一事实和理由再次提出的不再受理`,
      basis: ADMISSION_BASIS.afterRereview,
    };
  if (e.status === 'not_reaccepted')
    return {
      kind: '不再受理',
      reason: `${ref}已于 ${f.declined?.on ?? e.registeredOn} 决定不再受理（${f.declined?.reason ?? '同一事实和理由'}）`,
      basis: ADMISSION_BASIS.afterRereview,
    };
  if (['filed', 'not_accepted', 'legal_channel'].includes(e.status)) return null;
  const ds = deadlinesOf(e, clock.calendar, clock.rules, clock.today);
  // A window let lapse settles the matter: 复核 (after a 复查 decision) first, then 复查.
  const lapses = [
    { rule: 'rereview_request', asked: Boolean(f.rereview), what: '复查意见', which: '复核', basis: 'rereviewLapsed' },
    {
      rule: 'review_request',
      asked: Boolean(f.review?.acceptedOn),
      what: '处理意见',
      which: '复查',
      basis: 'reviewLapsed',
    },
  ] as const;
  for (const l of lapses) {
    const w = closedWindow(ds, l.rule);
    if (w && !l.asked)
      return {
        kind: '不再受理',
        reason: `${ref}的${l.what}于 ${w.start} 送达，${l.which}申请期限已于 ${w.due} 届满，信访人未请求${l.which}`,
        basis: ADMISSION_BASIS[l.basis],
      };
  }
  const window = openWindow(ds, 'rereview_request') ?? openWindow(ds, 'review_request');
  if (window) {
    const which = window.rule === 'rereview_request' ? '复核' : '复查';
    const what = window.rule === 'rereview_request' ? '复查意见' : '处理意见';
    return {
      kind: '不予受理',
      reason:
        `${ref}的${what}于 ${window.start} 送达，${which}申请期限截至 ${window.due} 尚未届满：` +
        `不服的，请告知信访人在期限内请求${which}`,
      basis: ADMISSION_BASIS.windowOpen,
    };
  }
  if (!IN_PROGRESS.has(e.status)) return null;
  const duty = currentDuty(ds);
  return {
    kind: '不予受理',
    reason:
      `${ref}正在办理（${STATUS_LABELS[e.status]}）` +
      (duty ? `，${duty.name}截至 ${duty.due}` : '') +
      '，同一事项在办理期限内再次提出',
    basis: ADMISSION_BASIS.inProgress,
  };
}

/** The advice that weighs most: 不再受理 before 不予受理; null when there is none. */
export function strongestAdvice<T extends { admission: AdmissionAdvice | null }>(list: readonly T[]): T | null {
  return (
    list.find((c) => c.admission?.kind === '不再受理') ?? list.find((c) => c.admission?.kind === '不予受理') ?? null
  );
}
