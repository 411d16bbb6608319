import { sql, type SqlBool } from 'kysely';
import type { ItemListQuery } from '../../contract/dto.ts';
import { STATUS_LABELS, type WarningLevelCode } from '../../contract/enums.ts';
import { maskAddress, maskIdNumber, maskName, maskPhone } from '../crypto/masking.ts';
import { AppError } from '../domain/errors.ts';
import { availableDocuments, ITEM_DOCUMENTS } from '../exports/item-docs.ts';
import { deadlinesOf } from '../domain/item-deadlines.ts';
import {
  abilitiesOf,
  canSeeIdentity,
  canViewItem,
  isUnitRole,
  seesAllItems,
  stepsFor,
  type Actor,
} from '../domain/item.policy.ts';
import { appendAudit } from '../store/audit.store.ts';
import { loadItem, timelineOf } from '../store/item.store.ts';
import { reportBucket } from '../store/report.store.ts';
import { listUnits, taxonomyByCode } from '../store/reference.store.ts';
import { loadClockwork, todayOf, type AppDeps, type UseCaseCtx } from './context.ts';

/** Identity shown to an actor: masked unless unmasked on purpose; hidden entirely from the accused unit. */
function presentPetitioners(actor: Actor, item: Awaited<ReturnType<typeof loadItem>> & object, unmasked: boolean) {
  if (!canSeeIdentity(actor, item)) {
    return item.petitioners.map(() => ({
      name: '（已隐去）',
      idNumber: null,
      idVerified: true,
      phone: null,
      address: null,
      hidden: true,
    }));
  }
  return item.petitioners.map((p) =>
    unmasked
      ? { ...p, hidden: false }
      : {
          name: maskName(p.name),
          idNumber: p.idNumber ? maskIdNumber(p.idNumber) : null,
          idVerified: p.idVerified,
          phone: p.phone ? maskPhone(p.phone) : null,
          address: p.address ? maskAddress(p.address) : null,
          hidden: false,
        },
  );
}

/** Roles that may unmask personal data (with a reason, audited). */
export function canUnmask(actor: Actor): boolean {
  return (
    actor.role === 'registrar' ||
    actor.role === 'reviewer' ||
    actor.role === 'unit_handler' ||
    actor.role === 'unit_head'
  );
}

/**
 * The item as one actor may see it: facts, deadlines with warnings, the steps the actor may take,
 * unit and class names. Personal data is masked unless `unmaskReason` is given (and audited).
 */
export async function getItemView(deps: AppDeps, ctx: UseCaseCtx, id: string, unmaskReason?: string) {
  const item = await loadItem(deps.db, id, deps.codec);
  if (!item || !canViewItem(ctx.actor, item)) throw new AppError('NOT_FOUND', '信访事项不存在或无权查看');
  const unmask = Boolean(unmaskReason?.trim());
  if (unmask) {
    if (!canUnmask(ctx.actor) || !canSeeIdentity(ctx.actor, item))
      throw new AppError('FORBIDDEN', '您无权查看完整的信访人身份信息');
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
  const units = new Map((await listUnits(deps.db)).map((u) => [u.id, u]));
  const cls = item.classCode ? await taxonomyByCode(deps.db, item.classCode) : null;
  const deadlines = deadlinesOf(item, cw.calendar, cw.rules, cw.today, cw.thresholds);
  const earlier = item.earlierItemIds.length
    ? await deps.db
        .selectFrom('item_links as l')
        .innerJoin('items as i', 'i.id', 'l.earlier_id')
        .select(['i.id', 'i.number', 'i.title', 'i.registered_on', 'l.similarity', 'l.reason'])
        .where('l.item_id', '=', id)
        .execute()
    : [];
  const hideAccused = isUnitRole(ctx.actor.role);
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
    petitioners: presentPetitioners(ctx.actor, item, unmask),
    identityUnmasked: unmask,
    organisation: canSeeIdentity(ctx.actor, item) ? item.organisation : null,
    headCount: item.headCount,
    representatives: canSeeIdentity(ctx.actor, item) ? item.representatives : [],
    title: item.title,
    content: item.content,
    demands: item.demands.map((d, i) => ({
      index: i,
      text: d.text,
      answer: item.facts.opinion?.answers.find((a) => a.demandIndex === i) ?? null,
    })),
    classCode: item.classCode,
    classPath: cls?.path ?? null,
    purpose: item.purpose,
    handlingClass: item.handlingClass,
    flags: item.flags,
    place: item.place,
    leadUnit: item.leadUnitId
      ? {
          id: item.leadUnitId,
          name: units.get(item.leadUnitId)?.name ?? '?',
          insideDistrict: units.get(item.leadUnitId)?.insideDistrict ?? true,
        }
      : null,
    assistUnits: item.assistUnitIds.map((u) => ({ id: u, name: units.get(u)?.name ?? '?' })),
    accused: hideAccused ? null : item.accused,
    isRepeat: item.isRepeat,
    earlier: earlier.map((e) => ({
      id: e.id,
      number: e.number,
      title: e.title,
      registeredOn: e.registered_on,
      similarity: Number(e.similarity),
      reason: e.reason,
    })),
    facts: item.facts,
    deadlines,
    steps: stepsFor(ctx.actor, item),
    documents: canSeeIdentity(ctx.actor, item)
      ? availableDocuments(item).map((k) => ({ kind: k, name: ITEM_DOCUMENTS[k] }))
      : [],
    abilities: { ...abilitiesOf(ctx.actor), unmask: canUnmask(ctx.actor) && canSeeIdentity(ctx.actor, item) },
    today: cw.today,
  };
}

export async function getTimeline(deps: AppDeps, ctx: UseCaseCtx, id: string) {
  const item = await loadItem(deps.db, id, deps.codec);
  if (!item || !canViewItem(ctx.actor, item)) throw new AppError('NOT_FOUND', '信访事项不存在或无权查看');
  const events = await timelineOf(deps.db, id);
  if (canSeeIdentity(ctx.actor, item)) return events;
  // The accused party's unit: no material names and no step inputs (they may name the accuser).
  return events.map((e) => ({ ...e, summary: e.step === 'attach' ? '上传材料（已隐去）' : e.summary, data: {} }));
}

/**
 * Lists items for an actor with filters, sorting and paging, all in SQL. Unit staff are limited to the items
 * their unit leads or assists; warning levels are filtered through the dates stored per item.
 */
export async function listItems(deps: AppDeps, ctx: UseCaseCtx, query: ItemListQuery) {
  const actor = ctx.actor;
  if (!seesAllItems(actor.role) && !(isUnitRole(actor.role) && actor.unitId))
    throw new AppError('FORBIDDEN', '您无权查看信访事项');
  const today = todayOf(deps.clock());
  let q = deps.db.selectFrom('items as i').leftJoin('units as u', 'u.id', 'i.lead_unit_id');
  if (!seesAllItems(actor.role)) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('item_units as iu')
          .select('iu.item_id')
          .whereRef('iu.item_id', '=', 'i.id')
          .where('iu.unit_id', '=', actor.unitId!),
      ),
    );
  }
  if (query.q) {
    const like = `%${query.q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
    // SQLite has no default LIKE escape character: name it, so that % and _ typed by the user match literally.
    const match = (col: string) => sql<SqlBool>`${sql.ref(col)} like ${like} escape ${'\\'}`;
    q = q.where((eb) => eb.or([match('i.title'), match('i.content'), match('i.number'), match('i.place')]));
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
      'i.title',
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
      'i.place',
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
      title: r.title,
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
