import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { CaseStatus } from '../../contract/campaign.ts';
import type { Channel, Flag, Level, Status } from '../../contract/enums.ts';
import type { MatterItem } from '../domain/backlog-rules.ts';
import type { BoardCaseRow, BoardItemRow, Span } from '../domain/campaign-board.ts';
import type { DailyItemRow } from '../domain/daily-report.ts';
import type { ItemFacts } from '../domain/item.ts';
import type { CaseAccess } from '../domain/visibility.policy.ts';
import type { DbOrTrx } from './db.ts';

/**
 * The item rows the pure campaign functions read (entry rules, the board, the daily report), and the SQL of a
 * leader's case access (包案 / 批示). Titles are always the masked ones: these rows feed proposals, boards and
 * reports that people without the right to an identity read.
 */

/** The masked title, or the number while the start-up backfill has not masked it yet (never the raw title). */
export const maskedTitle = sql<string>`coalesce(i.masked_title, i.number)`;

const ENDED = ['closed', 'terminated', 'filed', 'not_accepted', 'not_reaccepted'] as const;

/**
 * Items the entry rules can concern: open ones, those linked as repeats (every item of a matter of two or more),
 * those carrying the 积案 flag, and those decided on 复核. Each with its earlier items and its 复核 date.
 */
export async function matterItemRows(db: DbOrTrx): Promise<MatterItem[]> {
  const rows = await db
    .selectFrom('items as i')
    .select([
      'i.id',
      'i.number',
      maskedTitle.as('title'),
      'i.received_on',
      'i.registered_on',
      'i.status',
      'i.level',
      'i.flags',
      'i.lead_unit_id',
      'i.closed_on',
      sql<string | null>`case when i.status = 'terminated' then i.data end`.as('data'),
    ])
    .where((eb) =>
      eb.or([
        eb('i.status', 'not in', [...ENDED]),
        eb('i.status', '=', 'terminated'),
        eb('i.flags', 'like', '%"积案"%'),
        eb.exists(eb.selectFrom('item_links as l').select('l.item_id').whereRef('l.item_id', '=', 'i.id')),
        eb.exists(eb.selectFrom('item_links as l').select('l.item_id').whereRef('l.earlier_id', '=', 'i.id')),
      ]),
    )
    .orderBy('i.registered_on')
    .orderBy('i.number')
    .execute();
  const links = await db.selectFrom('item_links').select(['item_id', 'earlier_id']).execute();
  const earlier = new Map<string, string[]>();
  for (const l of links) earlier.set(l.item_id, [...(earlier.get(l.item_id) ?? []), l.earlier_id]);
  return rows.map((r) => {
    const facts = r.data ? (JSON.parse(r.data) as { facts: ItemFacts }).facts : null;
    return {
      id: r.id,
      number: r.number,
      title: r.title,
      receivedOn: r.received_on,
      registeredOn: r.registered_on,
      status: r.status as Status,
      level: r.level as Level,
      flags: JSON.parse(r.flags) as Flag[],
      leadUnitId: r.lead_unit_id,
      earlierItemIds: earlier.get(r.id) ?? [],
      rereviewDecidedOn: r.status === 'terminated' ? (facts?.rereview?.decidedOn ?? r.closed_on ?? null) : null,
    };
  });
}

const REVIEWED_STATUSES: readonly Status[] = ['review', 'review_decided', 'rereview', 'terminated'];

/** The board's rows: every item registered in any of `spans`, with its later repeat and 复查 facts. */
export async function boardItemRows(db: DbOrTrx, spans: readonly Span[]): Promise<BoardItemRow[]> {
  if (!spans.length) return [];
  const rows = await db
    .selectFrom('items as i')
    .leftJoin('units as u', 'u.id', 'i.lead_unit_id')
    .select([
      'i.id',
      'i.number',
      'i.registered_on',
      'i.status',
      'i.is_repeat',
      'i.lead_unit_id',
      'u.inside_district',
      'i.closed_on',
      // Only a closed item needs its facts read: the other statuses tell whether a 复查 was asked for.
      sql<string | null>`case when i.status = 'closed' then i.data end`.as('data'),
      sql<string | null>`(select min(i2.registered_on) from item_links l join items i2 on i2.id = l.item_id
        where l.earlier_id = i.id)`.as('later_repeat_on'),
    ])
    .where((eb) =>
      eb.or(spans.map((s) => eb.and([eb('i.registered_on', '>=', s.from), eb('i.registered_on', '<=', s.to)]))),
    )
    .orderBy('i.registered_on')
    .orderBy('i.number')
    .execute();
  return rows.map((r) => {
    const status = r.status as Status;
    const facts = r.data ? (JSON.parse(r.data) as { facts: ItemFacts }).facts : null;
    return {
      id: r.id,
      number: r.number,
      registeredOn: r.registered_on,
      status,
      isRepeat: Number(r.is_repeat) === 1,
      leadUnitId: r.lead_unit_id,
      leadUnitInside:
        r.inside_district === null || r.inside_district === undefined ? null : Number(r.inside_district) === 1,
      closedOn: r.closed_on,
      reviewed: REVIEWED_STATUSES.includes(status) || (facts?.review?.requests.length ?? 0) > 0,
      laterRepeatOn: r.later_repeat_on ?? null,
    };
  });
}

/** Every 积案 as the board reads it. */
export async function boardCaseRows(db: DbOrTrx): Promise<BoardCaseRow[]> {
  const rows = await db
    .selectFrom('backlog_cases')
    .select(['id', 'number', 'status', 'unit_id', 'confirmed_on', 'closed_on'])
    .orderBy('year')
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status as CaseStatus,
    unitId: r.unit_id,
    confirmedOn: r.confirmed_on,
    closedOn: r.closed_on,
  }));
}

/** The items registered on `date`, as the daily report reads them (masked titles). */
export async function dailyItemRows(db: DbOrTrx, date: string): Promise<DailyItemRow[]> {
  const rows = await db
    .selectFrom('items as i')
    .select([
      'i.id',
      'i.number',
      maskedTitle.as('title'),
      'i.registered_on',
      'i.status',
      'i.level',
      'i.channel',
      'i.head_count',
      'i.flags',
    ])
    .where('i.registered_on', '=', date)
    .orderBy('i.number')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    registeredOn: r.registered_on,
    status: r.status as Status,
    level: r.level as Level,
    channel: r.channel as Channel,
    headCount: Number(r.head_count),
    flags: JSON.parse(r.flags) as Flag[],
  }));
}

const col = (alias: string, c: string) => sql.ref(`${alias}.${c}`);

/** The item (alias `alias`) is linked to a 积案 held by the leader (包案). */
export function holdsCaseSql(leaderUserId: string, alias = 'i'): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from backlog_case_items ca_ci join backlog_cases ca_c on ca_c.id = ca_ci.case_id
    where ca_ci.item_id = ${col(alias, 'id')} and ca_c.leader_user_id = ${leaderUserId})`;
}

/** The item (or a 积案 linking it) was escalated to the leader (a 请示 not withdrawn) or instructed by him (批示). */
export function asksInstructionSql(leaderUserId: string, alias = 'i'): RawBuilder<SqlBool> {
  const id = col(alias, 'id');
  const subject = (t: string) =>
    sql`(${sql.ref(`${t}.item_id`)} = ${id} or ${sql.ref(`${t}.case_id`)} in
      (select ca_ci2.case_id from backlog_case_items ca_ci2 where ca_ci2.item_id = ${id}))`;
  return sql<SqlBool>`(exists (select 1 from leader_requests ca_r where ca_r.leader_user_id = ${leaderUserId}
      and ca_r.status <> 'withdrawn' and ${subject('ca_r')})
    or exists (select 1 from leader_instructions ca_n where ca_n.leader_user_id = ${leaderUserId}
      and ${subject('ca_n')}))`;
}

/**
 * Items whose identity a leader may see by case access — the SQL twin of `caseAccessFor` for lists: the visibility
 * scope of a leader (`identity: 'masked'`) widens to `full` on the rows where this holds.
 */
export function leaderCaseAccessSql(leaderUserId: string, alias = 'i'): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${holdsCaseSql(leaderUserId, alias)} or ${asksInstructionSql(leaderUserId, alias)})`;
}

/** A leader's case access to one item, for `identityAccessOf` (what `app/visibility.caseAccessOf` should return). */
export async function leaderCaseAccess(db: DbOrTrx, leaderUserId: string, itemId: string): Promise<CaseAccess> {
  const r = await db
    .selectFrom('items as i')
    .select([
      sql<number>`case when ${holdsCaseSql(leaderUserId)} then 1 else 0 end`.as('holds'),
      sql<number>`case when ${asksInstructionSql(leaderUserId)} then 1 else 0 end`.as('asks'),
    ])
    .where('i.id', '=', itemId)
    .executeTakeFirst();
  return { holdsCase: Number(r?.holds ?? 0) === 1, asksInstruction: Number(r?.asks ?? 0) === 1 };
}
