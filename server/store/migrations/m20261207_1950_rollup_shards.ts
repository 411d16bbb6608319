import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { deadlineRows, itemReported, itemRows, reported } from './m20261203_1520_report_rollup.ts';

// Frozen in time. On PostgreSQL every transaction that writes items or deadlines used to add into the same few
// rollup rows (the month's 'm/total', 'dl:reply/open' …), in whatever order its statements came: two writers that
// met on two such rows in opposite orders deadlocked (a registration beside the rules recompute did), and every
// registration of a month waited for the one before it to commit. Now each transaction adds into rows of its own
// (`shard` = its transaction id), which no other writer touches, and a job folds the shards of finished
// transactions into shard 0 (store/report.store.ts compactRollup). Readers already sum over (dim, key), so they
// read the same figures. SQLite has one writer at a time: its table and triggers stay as they were (shard absent).

/**
 * The trigger's upsert into the transaction's own shard (`shard` null: the old one-row-per-key form, for `down`);
 * `order by` keeps the lock order the same everywhere.
 */
function upsert(rows: string, shard: string | null): string {
  const cols = shard ? 'grain, dim, period, key, shard' : 'grain, dim, period, key';
  return `insert into report_rollup (grain, dim, period, key, n${shard ? ', shard' : ''})
    select g.grain, c.dim, case when g.grain = 'd' then c.day else substr(c.day, 1, 7) end, c.key, sum(c.n)${
      shard ? `, ${shard}` : ''
    }
    from (${rows}) c cross join (select 'd' as grain union all select 'm' as grain) g
    group by g.grain, c.dim, case when g.grain = 'd' then c.day else substr(c.day, 1, 7) end, c.key
    order by 1, 2, 3, 4
    on conflict (${cols}) do update set n = report_rollup.n + excluded.n`;
}

function bodies(shard: string | null) {
  const u = (rows: string) => upsert(rows, shard);
  const itemInsert = [u(itemRows('new', 1))];
  const itemDelete = [u(itemRows('old', -1))];
  const itemUpdate = [
    u(itemRows('old', -1)),
    u(itemRows('new', 1)),
    u(
      deadlineRows(
        'd',
        -1,
        'from deadlines d',
        `d.item_id = new.id and ${reported('old')} and not (${reported('new')})`,
      ),
    ),
    u(
      deadlineRows(
        'd',
        1,
        'from deadlines d',
        `d.item_id = new.id and not (${reported('old')}) and ${reported('new')}`,
      ),
    ),
  ];
  const deadlineInsert = [u(deadlineRows('new', 1, '', itemReported('new.item_id')))];
  const deadlineDelete = [u(deadlineRows('old', -1, '', itemReported('old.item_id')))];
  const body = (ins: string[], upd: string[], del: string[]) => `begin
      if TG_OP = 'INSERT' then ${ins.join(';\n')};
      elsif TG_OP = 'UPDATE' then ${upd.join(';\n')};
      else ${del.join(';\n')};
      end if;
      return null;
    end`;
  return {
    items: body(itemInsert, itemUpdate, itemDelete),
    deadlines: body(deadlineInsert, [...deadlineDelete, ...deadlineInsert], deadlineDelete),
  };
}

async function replaceFunctions(db: Kysely<any>, shard: string | null) {
  const b = bodies(shard);
  for (const [fn, text] of [
    ['report_rollup_items', b.items],
    ['report_rollup_deadlines', b.deadlines],
  ] as const)
    await sql.raw(`create or replace function ${fn}() returns trigger language plpgsql as $$ ${text} $$`).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table report_rollup add column shard bigint not null default 0`.execute(db);
  await sql`alter table report_rollup drop constraint report_rollup_pk`.execute(db);
  await sql`alter table report_rollup add constraint report_rollup_pk primary key (grain, dim, period, key, shard)`.execute(
    db,
  );
  await replaceFunctions(db, 'txid_current()');
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  // Fold every shard into one row per key, then restore the old key and the old functions.
  await sql`create temporary table report_rollup_fold as
    select grain, dim, period, key, sum(n) as n from report_rollup group by grain, dim, period, key`.execute(db);
  await sql`delete from report_rollup`.execute(db);
  await sql`alter table report_rollup drop constraint report_rollup_pk`.execute(db);
  await sql`alter table report_rollup drop column shard`.execute(db);
  await sql`alter table report_rollup add constraint report_rollup_pk primary key (grain, dim, period, key)`.execute(
    db,
  );
  await sql`insert into report_rollup (grain, dim, period, key, n)
    select grain, dim, period, key, n from report_rollup_fold`.execute(db);
  await sql`drop table report_rollup_fold`.execute(db);
  await replaceFunctions(db, null);
}
