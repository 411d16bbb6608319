import { STATUS_LABELS } from '../../contract/enums.ts';
import type { IsoDate } from './deadline.ts';
import type { Item, ReviewFact } from './item.ts';

/**
 * What the petitioner sees with the query code (pure). Built from an explicit whitelist of the events and texts
 * that are addressed to the petitioner — never by taking the timeline and stripping staff text. Objections,
 * refused extensions, send-backs, route notes and every other internal text have no way in.
 */

/** The only entries the public progress list has. */
export const PUBLIC_STEPS = [
  'register',
  'route',
  'accept',
  'decline',
  'extension',
  'opinion',
  'serve',
  'rate',
  'close',
  'review',
  'rereview',
  'supplement',
] as const;
export type PublicStep = (typeof PUBLIC_STEPS)[number];

export interface PublicEntry {
  on: IsoDate | null;
  step: PublicStep;
  summary: string;
  /** A text written for the petitioner (a notice's reason, a direct reply, a decision), when there is one. */
  text: string | null;
}

export interface PublicDecision {
  outcome: string;
  opinion: string;
  decidedOn: IsoDate;
  servedOn: IsoDate | null;
}

const REVIEW_RIGHT = '如对处理意见不服，可自收到处理意见书之日起 30 日内请求原办理机关的上一级机关复查。';
const REREVIEW_RIGHT = '如对复查意见不服，可自收到复查意见书之日起 30 日内向复查机关的上一级机关请求复核。';
const FINAL = '复核意见为最终意见：对同一事实和理由再次提出的信访事项，不再受理。';

function decision(r: ReviewFact | null): PublicDecision | null {
  if (!r?.decidedOn || !r.outcome) return null;
  return { outcome: r.outcome, opinion: r.opinion ?? '', decidedOn: r.decidedOn, servedOn: r.servedOn };
}

/** One timeline event as stored (the step's input is in `data.input` for steps taken through a use case). */
export interface StoredEvent {
  on: IsoDate | null;
  step: string;
  summary: string;
  data: unknown;
}

type Input = Record<string, unknown>;
const inputOf = (e: StoredEvent): Input => ((e.data as { input?: Input } | null)?.input ?? {}) as Input;
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** Entries of the current facts, for items whose history came in by import (one `import` event). */
function factEntries(item: Item, unitName: (id: string) => string | null): PublicEntry[] {
  const f = item.facts;
  const out: PublicEntry[] = [];
  const r = f.route;
  if (r && (r.kind === '转送' || r.kind === '交办') && r.unitId)
    out.push({ on: r.on, step: 'route', summary: `已${r.kind}${unitName(r.unitId) ?? '有关机关'}办理`, text: null });
  if (f.acceptedOn) out.push({ on: f.acceptedOn, step: 'accept', summary: '已受理，出具受理告知书', text: null });
  if (f.declined)
    out.push({
      on: f.declined.on,
      step: 'decline',
      summary: `${f.declined.kind}，已出具告知书`,
      text: f.declined.reason,
    });
  if (f.opinion) out.push({ on: f.opinion.issuedOn, step: 'opinion', summary: '已出具处理意见书', text: null });
  if (f.servedOn) out.push({ on: f.servedOn, step: 'serve', summary: '处理意见书已送达', text: null });
  if (f.closedOn) out.push({ on: f.closedOn, step: 'close', summary: '已办结', text: null });
  return out;
}

/**
 * The progress entries, oldest first: registration, then each whitelisted event told as the petitioner is told
 * it. Only the route in effect is shown (an earlier route undone by an objection is internal).
 */
export function publicProgress(
  item: Item,
  events: readonly StoredEvent[],
  unitName: (id: string) => string | null,
): PublicEntry[] {
  const out: PublicEntry[] = [];
  let extensionDays: number | null = null;
  let decided: 'review' | 'rereview' = 'review';
  for (const e of events) {
    const input = inputOf(e);
    const add = (step: PublicStep, summary: string, text: string | null = null) =>
      out.push({ on: e.on, step, summary, text });
    switch (e.step) {
      case 'route': {
        const kind = str(input.kind);
        for (let i = out.length - 1; i >= 0; i--) if (out[i]!.step === 'route') out.splice(i, 1);
        if (kind === '转送' || kind === '交办')
          add('route', `已${kind}${unitName(String(input.unitId ?? '')) ?? '有关机关'}办理`);
        else if (kind === '直接回复') add('route', '信访部门已直接答复', str(input.note));
        else if (kind === '存') add('route', '已登记存档');
        else if (kind === '不予受理' || kind === '不再受理') add('decline', `${kind}，已出具告知书`, str(input.note));
        break;
      }
      case 'accept':
        add('accept', '已受理，出具受理告知书');
        break;
      case 'supplement': {
        const n = Array.isArray((e.data as { attachmentIds?: unknown } | null)?.attachmentIds)
          ? (e.data as { attachmentIds: unknown[] }).attachmentIds.length
          : 0;
        add('supplement', n ? `您补充的 ${n} 份材料已收到` : '您补充的说明已收到');
        break;
      }
      case 'decline':
        add('decline', `${str(input.kind) ?? '不予受理'}，已出具告知书`, str(input.reason));
        break;
      case 'request_extension':
        extensionDays = typeof input.days === 'number' ? input.days : null;
        break;
      case 'decide_extension':
        if (input.approve === true)
          add('extension', `办理期限延长${extensionDays ? ` ${extensionDays} 日` : ''}`, str(input.noticeReason));
        break;
      case 'reply':
        add('opinion', '已出具处理意见书');
        break;
      case 'serve':
        add('serve', '处理意见书已送达');
        break;
      case 'rate':
        add('rate', `满意度评价：${str(input.satisfaction) ?? item.facts.rating?.satisfaction ?? ''}`);
        break;
      case 'approve_close':
        add('close', '已办结');
        break;
      case 'request_review':
      case 'request_rereview': {
        const step = e.step === 'request_review' ? 'review' : 'rereview';
        const what = step === 'review' ? '复查' : '复核';
        // A refused request's summary is the refusal the law requires telling (window and closing date).
        if ((e.data as { refused?: boolean } | null)?.refused) add(step, `${what}申请不予受理`, e.summary);
        else add(step, `${what}申请已受理`);
        break;
      }
      case 'decide_review':
      case 'decide_rereview': {
        decided = e.step === 'decide_review' ? 'review' : 'rereview';
        const what = decided === 'review' ? '复查' : '复核';
        add(decided, `作出${what}意见：${str(input.outcome) ?? ''}`, str(input.opinion));
        break;
      }
      case 'serve_decision':
        add(decided, `${decided === 'review' ? '复查' : '复核'}意见书已送达`);
        break;
      case 'import':
        out.push(...factEntries(item, unitName));
        break;
      default:
        // Every other event (receipt, objection, extension request or refusal, conclusion, send-back,
        // hearing, materials, deadline moves) is internal.
        break;
    }
  }
  const register: PublicEntry = {
    on: item.registeredOn,
    step: 'register',
    summary: `信访部门已登记（${item.channel}）`,
    text: null,
  };
  return [register, ...out];
}

/** The whole public view of one item. */
export function publicViewOf(
  item: Item,
  events: readonly StoredEvent[],
  unitName: (id: string) => string | null,
  today: IsoDate,
) {
  const f = item.facts;
  const review = decision(f.review);
  const rereview = decision(f.rereview);
  const reviewRight = rereview?.servedOn
    ? FINAL
    : review?.servedOn && review.outcome !== '责令重新办理'
      ? REREVIEW_RIGHT
      : f.servedOn
        ? REVIEW_RIGHT
        : null;
  return {
    number: item.number,
    title: item.title,
    status: item.status,
    statusLabel: STATUS_LABELS[item.status],
    receivedOn: item.receivedOn,
    progress: publicProgress(item, events, unitName),
    demands: item.demands.map((d, i) => {
      const a = f.opinion?.answers.find((x) => x.demandIndex === i);
      return { text: d.text, answer: a ? { outcome: a.outcome, explanation: a.explanation } : null };
    }),
    // The answers and the basis; the investigation's findings may name third parties and stay in the document.
    opinion: f.opinion ? { issuedOn: f.opinion.issuedOn, basis: f.opinion.basis } : null,
    servedOn: f.servedOn,
    rating: f.rating,
    canRate: f.servedOn !== null && f.rating === null,
    review,
    rereview,
    reviewRight,
    today,
  };
}
