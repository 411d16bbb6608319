/**
 * The warning-notice planner: given an item's deadlines, the people who answer for them and a date, which notices
 * (预警 / 警告 / 严重警告 / 超期) are due today, each with a stable idempotency key (deadline × level × recipient) so
 * that the store raises each one once, however often and on however many instances the job runs. Pure.
 *
 * A level is raised on the day the deadline is at it; when the job did not run on the days in between, only the
 * current level is raised (three stale notices at once tell the recipient nothing the current one does not).
 */
import { WARNING_LEVEL_LABELS } from '../../contract/enums.ts';
import type { IsoDate } from './calendar.ts';
import type { WarningLevel } from './deadline.ts';
import type { ItemDeadline } from './item-deadlines.ts';
import { itemLink, itemRef, outboundAccess, type ItemLabel } from './notice-text.ts';
import type { IdentityAccess } from './visibility.policy.ts';

export type NoticeLevel = Exclude<WarningLevel, 'normal'>;
export const NOTICE_LEVELS: readonly NoticeLevel[] = ['notice', 'warning', 'severe', 'overdue'];

/** Whom a notice goes to, by what they answer for. */
export type RecipientRole = 'handler' | 'unit_head' | 'reviewer';

export interface Recipient {
  userId: string;
  name: string;
  /** What the recipient may see of the item's petitioners (visibility.policy `identityAccessOf`); masked if absent. */
  identity?: IdentityAccess;
}

/** Which recipients get which level, by the party that owes the duty. */
export interface NoticeRouting {
  /** Duties of the responsible unit (受理告知, 办理). */
  unit: Readonly<Record<NoticeLevel, readonly RecipientRole[]>>;
  /** Duties of the bureau (登记转送) and of the reviewing organ (复查/复核 decisions). */
  bureau: Readonly<Record<NoticeLevel, readonly RecipientRole[]>>;
}

const ALL: readonly RecipientRole[] = ['handler', 'unit_head', 'reviewer'];
const BUREAU: readonly RecipientRole[] = ['reviewer'];

/**
 * Every level to the named handler, the unit head and the bureau reviewer; the bureau's own duties to its reviewers.
 */
export const DEFAULT_NOTICE_ROUTING: Readonly<NoticeRouting> = Object.freeze({
  unit: Object.freeze({ notice: ALL, warning: ALL, severe: ALL, overdue: ALL }),
  bureau: Object.freeze({ notice: BUREAU, warning: BUREAU, severe: BUREAU, overdue: BUREAU }),
});

export interface WarningNoticeInput {
  item: ItemLabel;
  /** The lead unit's name, for the text (null before routing). */
  unitName: string | null;
  /** The item's deadlines as derived on `today` (`deadlinesOf(item, calendar, rules, today, thresholds)`). */
  deadlines: readonly ItemDeadline[];
  /** The named 经办人 (null while the unit has not named one: the unit heads still get every notice). */
  handler: Recipient | null;
  unitHeads: readonly Recipient[];
  reviewers: readonly Recipient[];
}

/** One notice to raise: in-app text for the recipient's access, and a short outbound text with no title. */
export interface PlannedNotice {
  /** Stable: `warn:<item>:<rule>:<due>:<level>:<user>`. */
  key: string;
  userId: string;
  recipientRole: RecipientRole;
  itemId: string;
  rule: string;
  due: IsoDate;
  level: NoticeLevel;
  title: string;
  body: string;
  /** For SMS: the item number, the deadline and the level only. */
  shortText: string;
  /** For e-mail: never more than the masked title. */
  outboundBody: string;
  link: string;
}

/** The idempotency key of one warning notice. The deadline is the item's rule with its due date. */
export function warningNoticeKey(itemId: string, rule: string, due: IsoDate, level: NoticeLevel, userId: string) {
  return `warn:${itemId}:${rule}:${due}:${level}:${userId}`;
}

function when(d: ItemDeadline): string {
  const left = d.warning!.daysLeft;
  if (left < 0) return `已超期 ${-left} 天`;
  if (left === 0) return '今日届满';
  return `还剩 ${left} 天`;
}

function texts(input: WarningNoticeInput, d: ItemDeadline, level: NoticeLevel, access: IdentityAccess | undefined) {
  const label = WARNING_LEVEL_LABELS[level];
  const unit = input.unitName ? `（${input.unitName}）` : '';
  const head = `【${label}】信访事项 ${input.item.number} ${d.name}${when(d)}`;
  const bodyFor = (a: IdentityAccess | undefined) =>
    `信访事项 ${itemRef(input.item, a)}${unit}${d.name}截至 ${d.due}，${when(d)}。期限计算：${d.explanation}。请及时办理。`;
  return {
    title: head,
    body: bodyFor(access),
    outboundBody: bodyFor(outboundAccess(access)),
    shortText: `【信访${label}】事项${input.item.number}${d.name}截至${d.due}，${when(d)}，请登录系统办理。`,
  };
}

/**
 * The notices due on the day the deadlines were derived for: for each unmet duty at a warning level, one notice
 * per recipient the routing names for that level (a person named twice, e.g. a head who is also the handler, gets
 * one). Windows (the petitioner's 复查 window, the unit's objection window) raise nothing.
 */
export function planWarningNotices(
  input: WarningNoticeInput,
  routing: NoticeRouting = DEFAULT_NOTICE_ROUTING,
): PlannedNotice[] {
  const out: PlannedNotice[] = [];
  for (const d of input.deadlines) {
    if (d.kind !== 'duty' || d.metOn !== null || !d.warning || d.warning.level === 'normal') continue;
    if (d.party === 'petitioner') continue;
    const level = d.warning.level;
    const roles = (d.party === 'unit' ? routing.unit : routing.bureau)[level];
    const seen = new Set<string>();
    for (const role of roles) {
      const people =
        role === 'handler'
          ? input.handler
            ? [input.handler]
            : []
          : role === 'unit_head'
            ? input.unitHeads
            : input.reviewers;
      for (const p of people) {
        if (seen.has(p.userId)) continue;
        seen.add(p.userId);
        out.push({
          key: warningNoticeKey(input.item.id, d.rule, d.due, level, p.userId),
          userId: p.userId,
          recipientRole: role,
          itemId: input.item.id,
          rule: d.rule,
          due: d.due,
          level,
          ...texts(input, d, level, p.identity),
          link: itemLink(input.item.id),
        });
      }
    }
  }
  return out;
}
