import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen in time. The situation report's figures as a maintained aggregate: `report_rollup` holds, per day and per
// month (grain 'd' / 'm'), one count per (dimension, key) — the marginals the report and the dashboard sum:
//   m/<measure>          headline counts of the items registered that day (total, notAccepted, repeatAll, resolved,
//                        served, rated, satisfied, legal)
//   level/<level>, channel/<raw channel>, class/<class path, or '#legal' when flagged 涉法涉诉>
//   unit_first|unit_repeat/<lead unit id or ''>   (origin and the unit ranking join `units` when read)
//   visit/<head count>   来访 items by head count;  joint/<head count>   other channels with ≥ 2 people
//   dl:<rule>/on_time|late|open   duty deadlines by due day (only of reported items)
// Buckets (channel 其他, the 诉求领域 of a class path, inside/outside the district) are applied when read, so the
// mapping lives in code only. Items in the not-reported statuses count only in m/notAccepted.
// Triggers keep the table right in the same transaction as every write of `items` and `deadlines` (registration,
// steps, corrections, imports, repeat marking, the bench generator), on both dialects; the backfill fills it from
// the existing rows.

export const NOT_REPORTED = `('not_accepted', 'not_reaccepted')`;
const RESOLVED = `('closed', 'terminated')`;
const RATED = (r: string) =>
  `${r}.served_on is not null and ${r}.satisfaction is not null and ${r}.satisfaction <> '未评价'`;

/** The contribution rows (day, dim, key, n) of one item row `r` with sign `s`; `from` is '' for NEW / OLD. */
export function itemRows(r: string, s: number, from = ''): string {
  const rep = `${r}.status not in ${NOT_REPORTED}`;
  const row = (dim: string, key: string, cond: string) =>
    `select ${r}.registered_on as day, ${dim} as dim, ${key} as key, ${s} as n ${from} where ${cond}`;
  return [
    row(`'m'`, `'notAccepted'`, `${r}.status in ${NOT_REPORTED}`),
    row(`'m'`, `'total'`, rep),
    row(`'m'`, `'repeatAll'`, `${rep} and ${r}.is_repeat = 1`),
    row(`'m'`, `'resolved'`, `${rep} and ${r}.status in ${RESOLVED}`),
    row(`'m'`, `'served'`, `${rep} and ${r}.served_on is not null`),
    row(`'m'`, `'rated'`, `${rep} and ${RATED(r)}`),
    row(`'m'`, `'satisfied'`, `${rep} and ${RATED(r)} and ${r}.satisfaction in ('满意', '基本满意')`),
    row(`'m'`, `'legal'`, `${r}.status = 'legal_channel'`),
    row(`'level'`, `${r}.level`, rep),
    row(`'channel'`, `${r}.channel`, rep),
    row(`'class'`, `case when ${r}.legal_flag = 1 then '#legal' else coalesce(${r}.class_path, '') end`, rep),
    row(
      `case when ${r}.is_repeat = 1 then 'unit_repeat' else 'unit_first' end`,
      `coalesce(${r}.lead_unit_id, '')`,
      rep,
    ),
    row(`'visit'`, `cast(${r}.head_count as text)`, `${rep} and ${r}.channel = '来访'`),
    row(`'joint'`, `cast(${r}.head_count as text)`, `${rep} and ${r}.channel <> '来访' and ${r}.head_count >= 2`),
  ].join('\n union all ');
}

/** The contribution rows of deadline rows `d` (with sign `s`), from `from`, filtered by `cond`. */
export function deadlineRows(d: string, s: number, from: string, cond: string): string {
  return `select ${d}.due_on as day, 'dl:' || ${d}.rule as dim,
    case when ${d}.met_on is null then 'open' when ${d}.met_on <= ${d}.due_on then 'on_time' else 'late' end as key,
    ${s} as n ${from} where ${cond}`;
}

/** Adds contribution rows to both grains (day and month). */
function upsert(rows: string): string {
  return `insert into report_rollup (grain, dim, period, key, n)
    select g.grain, c.dim, case when g.grain = 'd' then c.day else substr(c.day, 1, 7) end, c.key, sum(c.n)
    from (${rows}) c cross join (select 'd' as grain union all select 'm' as grain) g
    where true
    group by g.grain, c.dim, case when g.grain = 'd' then c.day else substr(c.day, 1, 7) end, c.key
    on conflict (grain, dim, period, key) do update set n = report_rollup.n + excluded.n`;
}

export const reported = (r: string) => `${r}.status not in ${NOT_REPORTED}`;
export const itemReported = (id: string) => `exists (select 1 from items ri where ri.id = ${id} and ${reported('ri')})`;

/** Statements run after an item write: out with the old row, in with the new, and its deadlines when it enters or
 * leaves the reported statuses. */
const itemInsert = [upsert(itemRows('new', 1))];
const itemDelete = [upsert(itemRows('old', -1))];
const itemUpdate = [
  upsert(itemRows('old', -1)),
  upsert(itemRows('new', 1)),
  upsert(
    deadlineRows('d', -1, 'from deadlines d', `d.item_id = new.id and ${reported('old')} and not (${reported('new')})`),
  ),
  upsert(
    deadlineRows('d', 1, 'from deadlines d', `d.item_id = new.id and not (${reported('old')}) and ${reported('new')}`),
  ),
];
const deadlineInsert = [upsert(deadlineRows('new', 1, '', itemReported('new.item_id')))];
const deadlineDelete = [upsert(deadlineRows('old', -1, '', itemReported('old.item_id')))];
const deadlineUpdate = [...deadlineDelete, ...deadlineInsert];

export const ITEM_COLUMNS = [
  'registered_on',
  'status',
  'is_repeat',
  'served_on',
  'satisfaction',
  'level',
  'channel',
  'class_path',
  'legal_flag',
  'lead_unit_id',
  'head_count',
];
export const DEADLINE_COLUMNS = ['item_id', 'rule', 'due_on', 'met_on'];

const changed = (cols: string[], op: string) => cols.map((c) => `old.${c} ${op} new.${c}`).join(' or ');

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_rollup')
    .addColumn('grain', 'text', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_rollup_pk', ['grain', 'dim', 'period', 'key'])
    .execute();
  // Items overdue now: a range over the (few) items whose current duty is due before today.
  await db.schema
    .createIndex('items_due_registered')
    .on('items')
    .columns(['due_on', 'registered_on', 'status'])
    .execute();

  // Backfill: the narrow columns are copied once into a temporary table, so the fourteen passes below read it
  // instead of the wide item rows.
  await sql
    .raw(`create temporary table report_rollup_src as select id, ${ITEM_COLUMNS.join(', ')} from items`)
    .execute(db);
  await sql.raw(upsert(itemRows('i', 1, 'from report_rollup_src i'))).execute(db);
  await sql
    .raw(upsert(deadlineRows('d', 1, 'from deadlines d join report_rollup_src i on i.id = d.item_id', reported('i'))))
    .execute(db);
  await sql.raw('drop table report_rollup_src').execute(db);

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const body = (ins: string[], upd: string[], del: string[]) => `begin
      if TG_OP = 'INSERT' then ${ins.join(';\n')};
      elsif TG_OP = 'UPDATE' then ${upd.join(';\n')};
      else ${del.join(';\n')};
      end if;
      return null;
    end`;
    await sql
      .raw(
        `create or replace function report_rollup_items() returns trigger language plpgsql as $$ ${body(itemInsert, itemUpdate, itemDelete)} $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create or replace function report_rollup_deadlines() returns trigger language plpgsql as $$ ${body(deadlineInsert, deadlineUpdate, deadlineDelete)} $$`,
      )
      .execute(db);
    for (const [table, fn, cols] of [
      ['items', 'report_rollup_items', ITEM_COLUMNS],
      ['deadlines', 'report_rollup_deadlines', DEADLINE_COLUMNS],
    ] as const) {
      await sql
        .raw(`create trigger ${fn}_ins after insert on ${table} for each row execute function ${fn}()`)
        .execute(db);
      await sql
        .raw(
          `create trigger ${fn}_upd after update on ${table} for each row when (${changed([...cols], 'is distinct from')}) execute function ${fn}()`,
        )
        .execute(db);
      await sql
        .raw(`create trigger ${fn}_del after delete on ${table} for each row execute function ${fn}()`)
        .execute(db);
    }
  } else {
    const trigger = (name: string, event: string, stmts: readonly string[]) =>
      sql.raw(`create trigger ${name} ${event} begin ${stmts.map((s) => `${s};`).join('\n')} end`).execute(db);
    for (const [table, cols, ins, upd, del] of [
      ['items', ITEM_COLUMNS, itemInsert, itemUpdate, itemDelete],
      ['deadlines', DEADLINE_COLUMNS, deadlineInsert, deadlineUpdate, deadlineDelete],
    ] as const) {
      await trigger(`report_rollup_${table}_ins`, `after insert on ${table}`, ins);
      await trigger(
        `report_rollup_${table}_upd`,
        `after update on ${table} for each row when ${changed([...cols], 'is not')}`,
        upd,
      );
      await trigger(`report_rollup_${table}_del`, `after delete on ${table}`, del);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    for (const [table, fn] of [
      ['items', 'report_rollup_items'],
      ['deadlines', 'report_rollup_deadlines'],
    ])
      for (const op of ['ins', 'upd', 'del'])
        await sql.raw(`drop trigger if exists ${fn}_${op} on ${table}`).execute(db);
    await sql.raw('drop function if exists report_rollup_items()').execute(db);
    await sql.raw('drop function if exists report_rollup_deadlines()').execute(db);
  } else {
    for (const t of ['items', 'deadlines'])
      for (const op of ['ins', 'upd', 'del'])
        await sql.raw(`drop trigger if exists report_rollup_${t}_${op}`).execute(db);
  }
  await db.schema.dropIndex('items_due_registered').execute();
  await db.schema.dropTable('report_rollup').execute();
}
