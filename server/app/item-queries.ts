import { sql, type SqlBool } from 'kysely';
import type { ItemListQuery } from '../../contract/dto.ts';
import { STATUS_LABELS, type WarningLevelCode } from '../../contract/enums.ts';
import { AppError } from '../domain/errors.ts';
import { availableDocuments, ITEM_DOCUMENTS } from '../exports/item-docs.ts';
import { deadlinesOf } from '../domain/item-deadlines.ts';
import { abilitiesOf, canRegister, isUnitRole, stepsFor } from '../domain/item.policy.ts';
import {
  identityDictionaryOf,
  identityWarnings,
  maskedItem,
  maskIdentityInText,
  maskTextFields,
} from '../domain/text-masking.ts';
import { appendAudit } from '../store/audit.store.ts';
import { linkTargets, textMatches, visibleItems } from '../store/item-scope.ts';
import { timelineOf } from '../store/item.store.ts';
import { reportBucket } from '../store/report.store.ts';
import { listUnits, taxonomyByCode } from '../store/reference.store.ts';
import { loadClockwork, todayOf, type AppDeps, type UseCaseCtx } from './context.ts';
import { openItem, scopeOf, type OpenedItem } from './visibility.ts';

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
async function linksOf(deps: AppDeps, o: OpenedItem) {
  if (o.identity === 'hidden' || o.standing === 'accused') return { earlier: [], later: [] };
  const side = async (dir: 'earlier' | 'later') => {
    const rows = await deps.db
      .selectFrom('item_links as l')
      .innerJoin('items as i', 'i.id', dir === 'earlier' ? 'l.earlier_id' : 'l.item_id')
      .select(['i.id', 'i.number', 'i.masked_title', 'i.registered_on', 'l.similarity', 'l.reason'])
      .where(dir === 'earlier' ? 'l.item_id' : 'l.earlier_id', '=', o.item.id)
      .where(linkTargets(o.scope, o.identity === 'full'))
      .orderBy('i.registered_on')
      .orderBy('i.number')
      .execute();
    return rows.map((e) => ({
      id: e.id,
      number: e.number,
      title: e.masked_title ?? '',
      registeredOn: e.registered_on,
      similarity: Number(e.similarity),
      reason: e.reason,
    }));
  };
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
  const shown = unmask ? item : maskedItem(item);
  const hidden = o.identity === 'hidden';
  const cw = await loadClockwork(deps.db, deps.clock());
  const units = new Map((await listUnits(deps.db)).map((u) => [u.id, u]));
  const cls = item.classCode ? await taxonomyByCode(deps.db, item.classCode) : null;
  const deadlines = deadlinesOf(item, cw.calendar, cw.rules, cw.today, cw.thresholds);
  const links = await linksOf(deps, o);
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
    // Units handle the matter, not the accused party: its name and unit are the bureau's and leaders' only.
    accused: isUnitRole(ctx.actor.role) || !shown.accused ? null : { outsideDistrict: false, ...shown.accused },
    isRepeat: item.isRepeat,
    earlier: links.earlier,
    later: links.later,
    facts: shown.facts,
    deadlines,
    steps: stepsFor(ctx.actor, item),
    documents: hidden ? [] : availableDocuments(item).map((k) => ({ kind: k, name: ITEM_DOCUMENTS[k] })),
    abilities: { ...abilitiesOf(ctx.actor), unmask: o.identity === 'full' },
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
 * Lists items for an actor with filters, sorting and paging, all in SQL, within the actor's scope by the
 * visibility rule (`visibleItems`); search never matches an identity the actor may not see (`textMatches`).
 * Titles and places are the masked ones. Warning levels are filtered through the dates stored per item.
 */
export async function listItems(deps: AppDeps, ctx: UseCaseCtx, query: ItemListQuery) {
  const scope = scopeOf(deps, ctx.actor);
  if (scope.kind === 'none') throw new AppError('FORBIDDEN', '您无权查看信访事项');
  const today = todayOf(deps.clock());
  let q = deps.db.selectFrom('items as i').leftJoin('units as u', 'u.id', 'i.lead_unit_id').where(visibleItems(scope));
  if (query.q) {
    // SQLite has no default LIKE escape character: textMatches names it, so that % and _ match literally.
    q = q.where(textMatches(scope, `%${query.q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`));
  }
  if (query.channel) q = q.where('i.channel', '=', query.channel);
  if (query.level) q = q.where('i.level', '=', query.level);
  if (query.classCode)
    q = q.where((eb) =>
      eb.or([eb('i.class_code', '=', query.classCode!), eb('i.class_code', 'like', `${query.classCode}.%`)]),
    );
  if (query.unitId)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('item_units as iu2')
          .select('iu2.item_id')
          .whereRef('iu2.item_id', '=', 'i.id')
          .where('iu2.unit_id', '=', query.unitId!),
      ),
    );
  if (query.status?.length) q = q.where('i.status', 'in', query.status);
  if (query.flag) q = q.where('i.flags', 'like', `%"${query.flag}"%`);
  if (query.isRepeat) q = q.where('i.is_repeat', '=', Number(query.isRepeat));
  if (query.registeredFrom) q = q.where('i.registered_on', '>=', query.registeredFrom);
  if (query.registeredTo) q = q.where('i.registered_on', '<=', query.registeredTo);
  if (query.dueFrom) q = q.where('i.due_on', '>=', query.dueFrom);
  if (query.dueTo) q = q.where('i.due_on', '<=', query.dueTo);
  if (query.warning) q = whereWarning(q, query.warning, today);
  if (query.inReport === '1') q = q.where('i.status', 'not in', ['not_accepted', 'not_reaccepted']);
  if (query.channelGroup) q = q.where(sql<SqlBool>`${reportBucket('channel')} = ${query.channelGroup}`);
  if (query.domain) q = q.where(sql<SqlBool>`${reportBucket('domain')} = ${query.domain}`);
  if (query.origin) q = q.where(sql<SqlBool>`${reportBucket('origin')} = ${query.origin}`);
  if (query.unitName) q = q.where('u.name', '=', query.unitName);

  const totalRow = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const sortCol = {
    registeredOn: 'i.registered_on',
    dueOn: 'i.due_on',
    number: 'i.number',
    receivedOn: 'i.received_on',
  }[query.sort] as 'i.registered_on';
  const rows = await q
    .select([
      'i.id',
      'i.number',
      'i.masked_title as title',
      'i.status',
      'i.channel',
      'i.level',
      'i.received_on',
      'i.registered_on',
      'i.class_path',
      'i.flags',
      'i.is_repeat',
      'i.due_on',
      'i.due_rule',
      'i.notice_on',
      'i.warning_on',
      'i.severe_on',
      'i.head_count',
      'i.masked_place as place',
      'i.version',
      'u.name as lead_unit_name',
      'u.id as lead_unit_id',
    ])
    .orderBy(sortCol, query.order)
    .orderBy('i.number', query.order)
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return {
    total: Number(totalRow?.n ?? 0),
    page: query.page,
    pageSize: query.pageSize,
    today,
    items: rows.map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title ?? '',
      status: r.status,
      statusLabel: STATUS_LABELS[r.status as keyof typeof STATUS_LABELS] ?? r.status,
      channel: r.channel,
      level: r.level,
      receivedOn: r.received_on,
      registeredOn: r.registered_on,
      classPath: r.class_path,
      flags: JSON.parse(r.flags) as string[],
      isRepeat: Number(r.is_repeat) === 1,
      dueOn: r.due_on,
      dueRule: r.due_rule,
      warning: warningFromDates(r, today),
      headCount: Number(r.head_count),
      place: r.place,
      leadUnit: r.lead_unit_id ? { id: r.lead_unit_id, name: r.lead_unit_name } : null,
      version: Number(r.version),
    })),
  };
}

/** Warning level today from the stored threshold dates of the current duty. */
export function warningFromDates(
  r: { due_on: string | null; notice_on: string | null; warning_on: string | null; severe_on: string | null },
  today: string,
): WarningLevelCode | null {
  if (!r.due_on) return null;
  if (today > r.due_on) return 'overdue';
  if (r.severe_on && today >= r.severe_on) return 'severe';
  if (r.warning_on && today >= r.warning_on) return 'warning';
  if (r.notice_on && today >= r.notice_on) return 'notice';
  return 'normal';
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function whereWarning(q: any, level: WarningLevelCode, today: string) {
  switch (level) {
    case 'overdue':
      return q.where('i.due_on', '<', today);
    case 'severe':
      return q.where('i.due_on', '>=', today).where('i.severe_on', '<=', today);
    case 'warning':
      return q.where('i.due_on', '>=', today).where('i.warning_on', '<=', today).where('i.severe_on', '>', today);
    case 'notice':
      return q.where('i.due_on', '>=', today).where('i.notice_on', '<=', today).where('i.warning_on', '>', today);
    default:
      return q.where('i.due_on', '>=', today).where('i.notice_on', '>', today);
  }
}
