import type { Role, Step } from '../../contract/enums.ts';
import { BUREAU_ROLES, UNIT_ROLES } from '../../contract/enums.ts';
import { currentFacts } from './facts-upgrade.ts';
import type { Item } from './item.ts';
import { allowedSteps } from './lifecycle.ts';

/** Who is acting. `unitId` is set for unit staff. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
}

/** The system itself (jobs, imports, demo seeding). */
export const SYSTEM_ACTOR: Actor = {
  userId: 'system',
  username: 'system',
  displayName: '系统',
  role: 'admin',
  unitId: null,
};

const STEP_ROLES: Readonly<Record<Step, readonly Role[]>> = {
  route: ['registrar', 'reviewer'],
  confirm_receipt: ['unit_handler', 'unit_head'],
  object: ['unit_handler', 'unit_head'],
  accept: ['unit_handler', 'unit_head'],
  decline: ['unit_handler', 'unit_head'],
  request_extension: ['unit_handler', 'unit_head'],
  decide_extension: ['unit_head'],
  reply: ['unit_handler', 'unit_head'],
  serve: ['unit_handler', 'unit_head'],
  // The 回访: the bureau, or the lead unit that answered the petitioner (谁办理、谁回访).
  rate: ['registrar', 'reviewer', 'unit_handler', 'unit_head'],
  conclude: ['unit_handler', 'unit_head'],
  approve_close: ['reviewer'],
  send_back: ['reviewer'],
  request_review: ['registrar', 'reviewer'],
  decide_review: ['reviewer'],
  serve_decision: ['registrar', 'reviewer'],
  request_rereview: ['registrar', 'reviewer'],
  add_hearing: ['reviewer'],
  decide_rereview: ['reviewer'],
  record_delivery: ['registrar', 'reviewer'],
  submit_assist_opinion: ['unit_handler', 'unit_head'],
  waive_assist_opinion: ['unit_head', 'reviewer'],
};

/** The unit's steps, which the bureau records itself when the unit is an organ outside the system (转送函). */
const UNIT_STEPS: readonly Step[] = [
  'accept',
  'object',
  'decline',
  'request_extension',
  'decide_extension',
  'reply',
  'serve',
  'conclude',
];

/** Who may decide a 复查 / 复核 on this item now (see lifecycle-review.ts for the organ rules). */
function mayDecideReview(actor: Actor, item: Item, step: 'decide_review' | 'decide_rereview'): boolean {
  const f = currentFacts(item.facts);
  const rec = step === 'decide_review' ? f.review : f.rereview;
  const organUnit = rec?.organ?.unitId ?? null;
  // An organ in the system decides through its own accounts; one outside (or not yet named) is recorded by the bureau.
  const byOrgan = organUnit
    ? actor.unitId === organUnit && (isUnitRole(actor.role) || actor.role === 'reviewer')
    : actor.role === 'reviewer';
  // The account that decided the 复查 may still record a 复核 decision received from outside the system; deciding
  // it inside the system is refused by the lifecycle (applyDecideReview), which knows the decision's source.
  return byOrgan;
}

/** Roles that read every item of the district. */
export function seesAllItems(role: Role): boolean {
  return BUREAU_ROLES.includes(role) || role === 'leader';
}

export function isUnitRole(role: Role): boolean {
  return UNIT_ROLES.includes(role);
}

/**
 * The steps this actor may take on this item now: the state machine's allowed steps narrowed by role and,
 * for unit staff, to the lead unit (an assisting unit reads but does not act). Whether the actor may open the
 * item at all is the visibility rule's question (`visibility.policy.ts`), asked before this one.
 */
export function stepsFor(actor: Actor, item: Item): Step[] {
  const f = currentFacts(item.facts);
  const letter = f.route?.delivery === 'letter';
  return allowedSteps(item).filter((step) => {
    if (step === 'decide_review' || step === 'decide_rereview') return mayDecideReview(actor, item, step);
    if (letter && UNIT_STEPS.includes(step)) return BUREAU_ROLES.includes(actor.role);
    if (step === 'submit_assist_opinion')
      return isUnitRole(actor.role) && f.assists.some((a) => a.unitId === actor.unitId && !a.opinion && !a.waiver);
    if (!STEP_ROLES[step].includes(actor.role)) return false;
    if (isUnitRole(actor.role)) return item.leadUnitId === actor.unitId;
    return true;
  });
}

/**
 * The steps the actor may take knowing what it may see of the petitioners: a 回访 contacts the petitioner, so
 * only someone who may read the identity records one (never the accused unit of a redacted item).
 */
export function stepsForIdentity(actor: Actor, item: Item, identity: 'full' | 'masked' | 'hidden'): Step[] {
  const steps = stepsFor(actor, item);
  return identity === 'full' ? steps : steps.filter((s) => s !== 'rate');
}

/**
 * Who may correct a registered item (title, class, place, tags, handling class, purpose, demands, petitioner
 * details, with a reason): the bureau's registrar and reviewer, on an item of any state.
 */
export function canCorrect(actor: Actor): boolean {
  return actor.role === 'registrar' || actor.role === 'reviewer';
}

export function canRegister(actor: Actor): boolean {
  return BUREAU_ROLES.includes(actor.role);
}

export function canAdminister(actor: Actor): boolean {
  return actor.role === 'admin';
}

/** Abilities the UI reads to decide what to show. */
export function abilitiesOf(actor: Actor): Record<string, boolean> {
  return {
    register: canRegister(actor),
    listItems: seesAllItems(actor.role) || isUnitRole(actor.role),
    inbox: isUnitRole(actor.role),
    reports: seesAllItems(actor.role),
    administer: canAdminister(actor),
    audit: actor.role === 'auditor' || actor.role === 'security_admin',
    correct: canCorrect(actor),
    workload: seesAllItems(actor.role) || actor.role === 'unit_head',
  };
}
