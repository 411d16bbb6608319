/**
 * Brings stored item facts of an older shape to FACTS_VERSION. Pure and idempotent: current facts come back as they
 * are (same object, nothing listed). The integration runs it over stored items (then recomputes their deadlines
 * with `recomputePlan`); the domain also applies it on read so an unconverted row is never misread.
 *
 * Version 1 (no `factsVersion`) knew no delivery (clocks waited for 签收), no objection decisions, no kinds of
 * send-back (each restarted the handling period and dropped the extension), no 协办 duties, reports or organs.
 */
import { FACTS_VERSION, type ItemFacts, type ObjectionFact, type ReviewFact, type SendBackFact } from './item.ts';

export interface FactsUpgrade {
  facts: ItemFacts;
  /** What the upgrade inferred or could not recover, in Chinese, for the item's timeline (empty when current). */
  notes: string[];
}

type Loose = Record<string, unknown>;

const REVIEW_ORDER = /^(复查|复核)意见责令重新办理$/;

function upgradeReview(r: ReviewFact | null | undefined): ReviewFact | null {
  if (!r) return null;
  return {
    ...r,
    requests: r.requests ?? [],
    hearings: r.hearings ?? [],
    organ: r.organ ?? null,
    decidedBy: r.decidedBy ?? null,
    source: r.source ?? null,
    document: r.document ?? null,
  };
}

/**
 * Upgrades one item's facts.
 * - A route without a delivery mode was made inside the system: delivered on its date (the unit's 受理告知 and 异议
 *   clocks now run from it, not from 签收).
 * - A recorded 签收 date becomes a receipt by an unknown account.
 * - Objections: the last one, when the item has been routed again since, was decided on that route's date; earlier
 *   ones are marked legacy (their decision dates were not kept) and derive no bureau clock.
 * - Send-backs whose reason is a 复查/复核 order are `review`; the others are the bureau's (`bureau`): the statutory
 *   period runs from acceptance again. An extension an older send-back dropped cannot be recovered (noted).
 * - No 协办 duty is invented for routes made before 协办意见 were required.
 */
export function upgradeFacts(raw: unknown): FactsUpgrade {
  const old = (raw ?? {}) as Loose & Partial<ItemFacts>;
  if (old.factsVersion === FACTS_VERSION) return { facts: old as ItemFacts, notes: [] };
  const notes: string[] = [];
  const route = old.route ? { ...old.route, delivery: old.route.delivery ?? ('system' as const) } : null;
  const unitReceivedOn = (old.unitReceivedOn as string | null | undefined) ?? null;
  const objections: ObjectionFact[] = ((old.objections as ObjectionFact[] | undefined) ?? []).map((o, i, all) => {
    if ('legacy' in o || 'decidedOn' in o) return { ...o };
    const last = i === all.length - 1;
    if (last && route && route.on >= o.on) {
      const decision =
        route.kind === '转送' || route.kind === '交办'
          ? route.unitId === o.unitId
            ? 'same_unit'
            : 'rerouted'
          : 'other';
      return { ...o, route: null, receipt: null, decidedOn: route.on, decision, legacy: false };
    }
    if (last && !route) return { ...o, route: null, receipt: null, decidedOn: null, decision: null, legacy: false };
    return { ...o, route: null, receipt: null, decidedOn: null, decision: null, legacy: true };
  });
  const acceptedOn = (old.acceptedOn as string | null | undefined) ?? null;
  const sendBacks: SendBackFact[] = ((old.sendBacks as SendBackFact[] | undefined) ?? []).map((b) => ({
    ...b,
    kind: b.kind ?? (REVIEW_ORDER.test(b.reason) ? 'review' : 'bureau'),
    internalDueOn: b.internalDueOn ?? null,
    internalReason: b.internalReason ?? null,
    redoneOn: b.redoneOn ?? null,
    replaced: b.replaced ?? null,
  }));
  const bureauBacks = sendBacks.filter((b) => b.kind === 'bureau');
  if (bureauBacks.length && acceptedOn) {
    notes.push(
      `退回重办不再重新起算法定办理期限：办理期限恢复为自 ${acceptedOn} 受理之日起算（原按 ${bureauBacks.at(-1)!.on} 退回重办之日起算）`,
    );
    if (old.extension === null || old.extension === undefined)
      notes.push('升级前退回重办时已清除的延期记录无法恢复；如曾批准延期，请核对办理期限');
  }
  if (route && (route.kind === '转送' || route.kind === '交办') && !acceptedOn && !old.declined)
    notes.push(`受理告知和异议期限改为自 ${route.on} 交转之日起算（系统内交转即送达）`);
  if (objections.some((o) => o.legacy)) notes.push('早期异议的处理日期未记录，不计算其异议处理期限');
  const facts: ItemFacts = {
    factsVersion: FACTS_VERSION,
    route,
    routedOn: (old.routedOn as string | null | undefined) ?? null,
    objections,
    unitReceivedOn,
    receipt: old.receipt ?? (unitReceivedOn ? { on: unitReceivedOn, by: null, implied: false } : null),
    assists: old.assists ?? [],
    report: old.report ?? null,
    legal: old.legal ?? null,
    acceptedOn,
    declined: old.declined ?? null,
    extension: old.extension ?? null,
    opinion: old.opinion ?? null,
    servedOn: old.servedOn ?? null,
    rating: old.rating ?? null,
    concludedOn: old.concludedOn ?? null,
    closedOn: old.closedOn ?? null,
    sendBacks,
    review: upgradeReview(old.review),
    rereview: upgradeReview(old.rereview),
  };
  return { facts, notes };
}

/** The facts in the current shape (upgraded on the fly when stored in an older one). */
export function currentFacts(facts: ItemFacts): ItemFacts {
  return facts.factsVersion === FACTS_VERSION ? facts : upgradeFacts(facts).facts;
}
