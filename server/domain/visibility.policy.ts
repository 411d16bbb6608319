import { BUREAU_ROLES, UNIT_ROLES } from '../../contract/enums.ts';
import type { Actor } from './item.policy.ts';
import type { Item } from './item.ts';

/**
 * THE visibility rule: who may open an item, who may see its petitioners' identity, and which links between
 * items a viewer sees. Pure functions over loaded facts; `server/store/item-scope.ts` is its SQL twin for
 * lists (a test checks that the two agree for every kind of viewer and item).
 *
 * - The bureau (登记员, 审核员) and leaders open every item; unit staff open the items their unit leads or
 *   assists; the three security roles open none.
 * - The unit named as the accused party of an item never opens it — unless the bureau routed it there with the
 *   explicit redaction choice, and then only without identity, contact, materials, accused party or links.
 * - The identity (unmask, full documents, original materials): the bureau and the lead unit's staff; a leader
 *   only with case access (包案 / 批示); never an assisting unit, the accused unit or a security role.
 */

/** What the rule needs to know about an item. The accused unit is compared by keyed index, never by id. */
export interface ItemAccessFacts {
  leadUnitId: string | null;
  assistUnitIds: readonly string[];
  /** Keyed index of the accused party's unit (store `accusedUnitKey`); null when no district unit is named. */
  accusedUnitKey: string | null;
  /** The bureau routed the item with the petitioners' identity withheld (the redaction choice). */
  identityRedacted: boolean;
}

/** Who is looking, with the keyed index of their unit (to compare with an item's accused unit). */
export interface Viewer {
  actor: Actor;
  unitKey: string | null;
}

/**
 * A leader's relation to one case: holding it (包案) or being asked to instruct on it (批示). Neither exists in
 * the product yet, so every use case passes `NO_CASE_ACCESS`; when they do, the use case loads this fact and
 * the rule grants the identity (with a reason, audited like every unmask) without further change here.
 */
export interface CaseAccess {
  holdsCase: boolean;
  asksInstruction: boolean;
}
export const NO_CASE_ACCESS: CaseAccess = Object.freeze({ holdsCase: false, asksInstruction: false });

/** How a viewer stands to one item. */
export type Standing = 'bureau' | 'leader' | 'lead' | 'assist' | 'accused' | 'none';

export function standingOf(viewer: Viewer, item: ItemAccessFacts): Standing {
  const { role, unitId } = viewer.actor;
  if (BUREAU_ROLES.includes(role)) return 'bureau';
  if (role === 'leader') return 'leader';
  if (!UNIT_ROLES.includes(role) || !unitId) return 'none';
  if (item.accusedUnitKey !== null && viewer.unitKey === item.accusedUnitKey) return 'accused';
  if (item.leadUnitId === unitId) return 'lead';
  if (item.assistUnitIds.includes(unitId)) return 'assist';
  return 'none';
}

function involved(viewer: Viewer, item: ItemAccessFacts): boolean {
  const u = viewer.actor.unitId;
  return u !== null && (item.leadUnitId === u || item.assistUnitIds.includes(u));
}

/** May the viewer open the item at all? A refusal must answer exactly like a missing item. */
export function canOpenItem(viewer: Viewer, item: ItemAccessFacts): boolean {
  switch (standingOf(viewer, item)) {
    case 'bureau':
    case 'leader':
    case 'lead':
    case 'assist':
      return true;
    case 'accused':
      return item.identityRedacted && involved(viewer, item);
    default:
      return false;
  }
}

/**
 * What the viewer may see of the petitioners: `full` may unmask (with a reason, audited) and get documents and
 * materials as they are; `masked` sees masked identity and masked free text; `hidden` sees no identity at all.
 */
export type IdentityAccess = 'full' | 'masked' | 'hidden';

export function identityAccessOf(
  viewer: Viewer,
  item: ItemAccessFacts,
  caseAccess: CaseAccess = NO_CASE_ACCESS,
): IdentityAccess {
  switch (standingOf(viewer, item)) {
    case 'bureau':
    case 'lead':
      return 'full';
    case 'leader':
      return caseAccess.holdsCase || caseAccess.asksInstruction ? 'full' : 'masked';
    case 'assist':
      return 'masked';
    default:
      return 'hidden';
  }
}

/**
 * Is the link between `from` (the item being viewed) and `to` shown? Only when the viewer may open both, is the
 * accused unit of neither, and sees the identity on both or on neither (a same-person link from an item whose
 * identity the viewer may read to one whose identity is withheld would name that item's petitioner).
 */
export function canSeeLink(
  viewer: Viewer,
  from: ItemAccessFacts,
  to: ItemAccessFacts,
  cases: { from: CaseAccess; to: CaseAccess } = { from: NO_CASE_ACCESS, to: NO_CASE_ACCESS },
): boolean {
  if (!canOpenItem(viewer, from) || !canOpenItem(viewer, to)) return false;
  if (standingOf(viewer, from) === 'accused' || standingOf(viewer, to) === 'accused') return false;
  return (
    (identityAccessOf(viewer, from, cases.from) === 'full') === (identityAccessOf(viewer, to, cases.to) === 'full')
  );
}

/** The rule as a scope over all items, for the SQL twin (`server/store/item-scope.ts`). */
export type ReadScope =
  | { kind: 'none' }
  | { kind: 'district'; identity: 'full' | 'masked' }
  | { kind: 'unit'; unitId: string; unitKey: string };

/** The scope of the system's own work (imports, jobs): every item, as the bureau sees them. */
export const SYSTEM_SCOPE: ReadScope = Object.freeze({ kind: 'district', identity: 'full' });

export function readScopeOf(viewer: Viewer): ReadScope {
  const { role, unitId } = viewer.actor;
  if (BUREAU_ROLES.includes(role)) return { kind: 'district', identity: 'full' };
  // Case access is per item: when 包案/批示 exist, the SQL twin joins them for a leader's identity.
  if (role === 'leader') return { kind: 'district', identity: 'masked' };
  if (UNIT_ROLES.includes(role) && unitId && viewer.unitKey) return { kind: 'unit', unitId, unitKey: viewer.unitKey };
  return { kind: 'none' };
}

/** Whether the item was routed with the redaction choice (older items: the accused unit could lead only so). */
export function identityRedactedOf(item: Pick<Item, 'facts' | 'accused' | 'leadUnitId'>): boolean {
  const route = item.facts.route;
  if (!route) return false;
  if (route.redactIdentity !== undefined) return route.redactIdentity;
  return Boolean(item.accused?.unitId && item.accused.unitId === item.leadUnitId);
}

/** The facts the rule needs, from a loaded item; `unitKey` turns a unit id into its keyed index. */
export function accessFactsOf(
  item: Pick<Item, 'leadUnitId' | 'assistUnitIds' | 'accused' | 'facts'>,
  unitKey: (unitId: string) => string,
): ItemAccessFacts {
  return {
    leadUnitId: item.leadUnitId,
    assistUnitIds: item.assistUnitIds,
    accusedUnitKey: item.accused?.unitId ? unitKey(item.accused.unitId) : null,
    identityRedacted: identityRedactedOf(item),
  };
}

/**
 * Why a route may not be taken: the item names an accused unit and the route sends it there (as lead or as
 * assisting unit) without the bureau's redaction choice. Null when the route is allowed.
 */
export function routeRefusal(
  item: Pick<Item, 'accused'>,
  route: { unitId?: string | null; assistUnitIds?: readonly string[]; redactIdentity?: boolean },
): string | null {
  const accused = item.accused?.unitId;
  if (!accused || route.redactIdentity) return null;
  const asLead = route.unitId === accused;
  if (!asLead && !(route.assistUnitIds ?? []).includes(accused)) return null;
  return (
    `检举控告类事项不得${asLead ? '转交' : '交由'}被检举控告人所在单位${asLead ? '' : '协办'}；` +
    '如确需交由该单位办理，须勾选「隐去信访人身份信息」，该单位将看不到信访人身份、联系方式、材料和被反映人信息'
  );
}
