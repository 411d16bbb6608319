import type { ItemListPage, ItemListQuery } from '../../contract/dto.ts';
import { BUREAU_ROLES, STATUS_LABELS } from '../../contract/enums.ts';
import { supervisionTargetRefusal } from '../domain/supervision.ts';
import { ratingSourceText } from '../../contract/rating-source.ts';
import { AppError } from '../domain/errors.ts';
import { itemDocumentList } from './item-documents.ts';
import { deadlinesOf, type ItemDeadline } from '../domain/item-deadlines.ts';
import { emptyFacts, type Item } from '../domain/item.ts';
import { UNIT_TODO_STATUSES } from '../../contract/status-sets.ts';
import { canAssignHandler, currentHandler } from '../domain/handler-assignment.ts';
import { handlingRecordOf } from '../domain/handling-record.ts';
import { warningFromDates } from '../domain/warning-level.ts';
import { abilitiesOf, canRegister, isUnitRole, stepsForIdentity } from '../domain/item.policy.ts';
import { readinessOf } from '../domain/step-readiness.ts';
import {
  identityDictionaryOf,
  identityWarnings,
  maskedItem,
  maskIdentityInText,
  maskTextFields,
} from '../domain/text-masking.ts';
import { appendAudit } from '../store/audit.store.ts';
import { keysetOf, listItemsForActor, listLinkedItems, type ItemListRow } from '../store/item-list.store.ts';
import { decodeCursor, encodeCursor } from '../domain/list-cursor.ts';
import { timelineOf } from '../store/item.store.ts';
import { listUnits, taxonomyByCode, type TaxonomyRow, type UnitRow } from '../store/reference.store.ts';
import { loadClockwork, todayOf, type AppDeps, type Clockwork, type UseCaseCtx } from './context.ts';
import type { RegisterResult } from './register-item.ts';
import { mayAskAbout } from '../domain/instruction.ts';
import { openItem, openLoadedItem, scopeOf, type OpenedItem } from './visibility.ts';

/** What the accused unit sees in place of each petitioner of a redacted item. */
const HIDDEN_PETITIONER = {
  name: '（已隐去）',
  idNumber: null,
  idVerified: true,
  phone: null,
  address: null,
  hidden: true,
} as const;

/**
 * Items linked to the viewed one (earlier: it repeats them; later: they repeat it) that the viewer may see by
 * the visibility rule (`canSeeLink`, in SQL `linkTargets`); anything else leaves no trace. Titles are masked.
 */
async function linksOf(deps: AppDeps, o: OpenedItem, sides: readonly ('earlier' | 'later')[] = ['earlier', 'later']) {
  if (o.identity === 'hidden' || o.standing === 'accused') return { earlier: [], later: [] };
  const side = async (dir: 'earlier' | 'later') =>
    sides.includes(dir) ? listLinkedItems(deps.db, o.scope, o.item.id, dir, o.identity === 'full') : [];
  return { earlier: await side('earlier'), later: await side('later') };
}

/**
 * The item as one actor may see it (the visibility rule decides what): facts, deadlines with warnings, the
 * steps the actor may take, unit and class names, the links the actor may follow. Identity and free text are
 * masked unless `unmaskReason` is given by someone with the right to see the identity (and audited); the
 * accused unit of a redacted item sees no identity at all.
 */
export async function getItemView(deps: AppDeps, ctx: UseCaseCtx, id: string, unmaskReason?: string) {
  const o = await openItem(deps, ctx, id);
  const { item } = o;
  const unmask = Boolean(unmaskReason?.trim());
  if (unmask) {
    if (o.identity !== 'full') throw new AppError('FORBIDDEN', '您无权查看完整的信访人身份信息');
    await appendAudit(
      deps.db,
      {
        at: deps.clock().toISOString(),
        actorId: ctx.actor.userId,
        actorRole: ctx.actor.role,
        action: 'item.unmask',
        itemId: id,
        detail: { reason: unmaskReason!.trim() },
        requestId: ctx.requestId,
      },
      deps,
    );
  }
  const cw = await loadClockwork(deps.db, deps.clock());
  return presentItem(ctx, o, unmask, {
    cw,
    units: new Map((await listUnits(deps.db)).map((u) => [u.id, u])),
    cls: item.classCode ? await taxonomyByCode(deps.db, item.classCode) : null,
    deadlines: deadlinesOf(item, cw.calendar, cw.rules, cw.today, cw.thresholds),
    links: await linksOf(deps, o),
  });
}

export type ItemView = ReturnType<typeof presentItem>;

/**
 * The view of an item a registration has just written, from what it wrote: the item, clock, class and deadlines
 * the registration used (no reload); the same answer `getItemView` gives. A replayed registration (idempotency
 * key) has nothing in hand and is read back.
 */
export async function registeredItemView(deps: AppDeps, ctx: UseCaseCtx, res: RegisterResult): Promise<ItemView> {
  if (!res.written) return getItemView(deps, ctx, res.item.id);
  const { item } = res;
  const o = await openLoadedItem(deps, ctx, item);
  const { clockwork: cw, classRow, deadlines } = res.written;
  // A new item names no unit (no lead, no assistants, no handling facts yet): the unit table is needed otherwise only.
  const namesNoUnit =
    !item.leadUnitId && !item.assistUnitIds.length && JSON.stringify(item.facts) === JSON.stringify(emptyFacts());
  return presentItem(ctx, o, false, {
    cw,
    units: namesNoUnit ? new Map() : new Map((await listUnits(deps.db)).map((u) => [u.id, u])),
    cls: classRow,
    deadlines,
    // Nothing links to an item registered a moment ago; what it links to is read (the viewer's scope decides).
    links: item.earlierItemIds.length ? await linksOf(deps, o, ['earlier']) : { earlier: [], later: [] },
  });
}

/** The lead unit's 经办人 as the detail shows it (who, since when, who named them and why). */
function handlerViewOf(item: Item) {
  const h = currentHandler(item);
  return h ? { userId: h.userId, name: h.name, since: h.since, byName: h.by.name, reason: h.reason } : null;
}

interface ViewParts {
  cw: Clockwork;
  units: ReadonlyMap<string, UnitRow>;
  cls: TaxonomyRow | null;
  deadlines: ItemDeadline[];
  links: Awaited<ReturnType<typeof linksOf>>;
}

/** The wire shape of one item for one viewer (see `getItemView`), from the parts already loaded. */
function presentItem(ctx: UseCaseCtx, o: OpenedItem, unmask: boolean, parts: ViewParts) {
  const { item } = o;
  const { cw, units, cls, deadlines, links } = parts;
  const shown = unmask ? item : maskedItem(item);
  const hidden = o.identity === 'hidden';
  const readiness = readinessOf(item, stepsForIdentity(ctx.actor, item, o.identity), cw);
  // A 回访 is contact with the petitioner: a viewer who may not see who they are does not read it either.
  const facts = hidden ? { ...shown.facts, returnVisits: [] } : shown.facts;
  const rating = facts.rating;
  return {
    id: item.id,
    number: item.number,
    version: item.version,
    status: item.status,
    statusLabel: STATUS_LABELS[item.status],
    channel: item.channel,
    level: item.level,
    receivedOn: item.receivedOn,
    registeredOn: item.registeredOn,
    petitioners: hidden
      ? item.petitioners.map(() => ({ ...HIDDEN_PETITIONER }))
      : shown.petitioners.map((p) => ({ ...p, hidden: false })),
    identityUnmasked: unmask,
    organisation: hidden ? null : item.organisation,
    headCount: item.headCount,
    representatives: hidden ? [] : shown.representatives,
    title: shown.title,
    content: shown.content,
    demands: shown.demands.map((d, i) => ({
      index: i,
      text: d.text,
      answer: shown.facts.opinion?.answers.find((a) => a.demandIndex === i) ?? null,
    })),
    classCode: item.classCode,
    classPath: cls?.path ?? null,
    purpose: item.purpose,
    handlingClass: item.handlingClass,
    flags: item.flags,
    place: shown.place,
    leadUnit: item.leadUnitId
      ? {
          id: item.leadUnitId,
          name: units.get(item.leadUnitId)?.name ?? '?',
          insideDistrict: units.get(item.leadUnitId)?.insideDistrict ?? true,
        }
      : null,
    assistUnits: item.assistUnitIds.map((u) => ({ id: u, name: units.get(u)?.name ?? '?' })),
    handler: handlerViewOf(item),
    // Units handle the matter, not the accused party: its name and unit are the bureau's and leaders' only.
    accused: isUnitRole(ctx.actor.role) || !shown.accused ? null : { outsideDistrict: false, ...shown.accused },
    isRepeat: item.isRepeat,
    earlier: links.earlier,
    later: links.later,
    facts,
    /** Where the rating came from: the portal, or the 回访 with who made it. */
    ratingSource: rating ? ratingSourceText(rating, facts.returnVisits) : null,
    deadlines,
    /** 签收, each 协办意见, the legal channel and the 办结报告, read from the facts the viewer may see. */
    record: handlingRecordOf(shown, deadlines, cw.calendar, cw.rules, cw.today, (u) => units.get(u)?.name ?? '?'),
    steps: readiness.ready,
    /** Steps the actor holds that a time window still refuses today, with the reason. */
    blockedSteps: readiness.blocked,
    documents: hidden ? [] : itemDocumentList(item),
    abilities: {
      ...abilitiesOf(ctx.actor),
      unmask: o.identity === 'full',
      askLeader: mayAskAbout(o.standing),
      assignHandler:
        canAssignHandler(ctx.actor, item) && (UNIT_TODO_STATUSES as readonly string[]).includes(item.status),
      /** 发起督办: the bureau, on an item its lead unit holds. */
      supervise:
        BUREAU_ROLES.includes(ctx.actor.role) &&
        item.leadUnitId !== null &&
        supervisionTargetRefusal([item], item.leadUnitId) === null,
    },
    /** For the bureau, before routing: the text names the petitioner (see `identityWarnings`). */
    warnings: canRegister(ctx.actor) ? identityWarnings(item) : [],
    today: cw.today,
  };
}

/**
 * The item's timeline as the actor may see it: the petitioners masked in every summary and step input; for
 * the accused unit of a redacted item no step inputs at all and no material names.
 */
export async function getTimeline(deps: AppDeps, ctx: UseCaseCtx, id: string) {
  const o = await openItem(deps, ctx, id);
  const dict = identityDictionaryOf(o.item);
  const events = await timelineOf(deps.db, id);
  if (o.identity !== 'hidden') return events.map((e) => maskTextFields(e, dict));
  return events.map((e) => ({
    ...e,
    summary: e.step === 'attach' ? '上传材料（已隐去）' : maskIdentityInText(e.summary, dict),
    data: {},
  }));
}

/**
 * Lists items for an actor with filters, sorting and keyset paging (`query.cursor`, `query.dir`), within the
 * actor's scope by the visibility rule (`listItemsForActor`). Titles and places are the masked ones. A previous
 * page that reaches the start of the list is the first page (full, with no previous cursor).
 */
export async function listItems(deps: AppDeps, ctx: UseCaseCtx, query: ItemListQuery) {
  const scope = scopeOf(deps, ctx.actor);
  if (scope.kind === 'none') throw new AppError('FORBIDDEN', '您无权查看信访事项');
  const today = todayOf(deps.clock());
  const keyset = query.cursor ? decodeCursor(query.cursor, query.sort) : null;
  const backwards = keyset !== null && query.dir === 'prev';
  let res = await listItemsForActor(deps.db, scope, query, today, { keyset, backwards });
  let atStart = keyset === null;
  if (backwards && !res.more) {
    res = await listItemsForActor(deps.db, scope, query, today);
    atStart = true;
  }
  const { rows } = res;
  const first = rows[0];
  const last = rows[rows.length - 1];
  // Going forward, a next page exists when one more row was found; coming back, the page we came from is next.
  const hasNext = backwards ? rows.length > 0 : res.more;
  const page: ItemListPage<ReturnType<typeof listRowOf>> = {
    total: res.total,
    totalCapped: res.totalCapped,
    pageSize: query.pageSize,
    today,
    nextCursor: hasNext && last ? encodeCursor(keysetOf(last, query.sort)) : null,
    prevCursor: !atStart && first ? encodeCursor(keysetOf(first, query.sort)) : null,
    searchWindow: res.searchWindow,
    items: rows.map((r) => listRowOf(r, today)),
  };
  return page;
}

/** One list row on the wire. */
function listRowOf(r: ItemListRow, today: string) {
  return {
    id: r.id,
    number: r.number,
    title: r.title ?? '',
    status: r.status,
    statusLabel: STATUS_LABELS[r.status as keyof typeof STATUS_LABELS] ?? r.status,
    channel: r.channel,
    level: r.level,
    receivedOn: r.receivedOn,
    registeredOn: r.registeredOn,
    classPath: r.classPath,
    flags: r.flags,
    isRepeat: r.isRepeat,
    dueOn: r.dueOn,
    dueRule: r.dueRule,
    warning: warningFromDates(r, today),
    headCount: r.headCount,
    place: r.place,
    leadUnit: r.leadUnitId ? { id: r.leadUnitId, name: r.leadUnitName } : null,
    handler: r.handlerUserId ? { userId: r.handlerUserId, name: r.handlerName } : null,
    version: r.version,
  };
}
