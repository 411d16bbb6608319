/**
 * Situation report (情况通报) over 6 and 12 months through the real use case, against DuckDB computing the same
 * figures over the same rows (copied into an in-memory DuckDB before timing; the copy time is reported apart).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { AppDeps } from '../../server/app/context.ts';
import { addDays } from '../../server/domain/calendar.ts';
import { buildReport } from '../../server/report/report.ts';
import * as rowwise from '../../server/store/report-scan.store.ts';
import { emit, note, pct, timed } from './emit.ts';

export interface Period {
  label: string;
  from: string;
  to: string;
}

/** The last `months` whole months before `today`. */
export function lastMonths(today: string, months: number): Period {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(y, m - 1 - months, 1)).toISOString().slice(0, 10);
  const end = addDays(`${today.slice(0, 7)}-01`, -1);
  return { label: `${months}m`, from: start, to: end };
}

/** Loads the columns the report reads into DuckDB tables of the same names. */
export async function loadDuck(deps: AppDeps): Promise<{ conn: DuckDBConnection; ms: number; close(): void }> {
  const t0 = performance.now();
  const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
  const conn = await inst.connect();
  await conn.run(`create table items (id varchar, registered_on varchar, status varchar, channel varchar,
    level varchar, class_path varchar, legal_flag integer, is_repeat integer, served_on varchar,
    satisfaction varchar, lead_unit_id varchar)`);
  await conn.run('create table units (id varchar, name varchar, inside_district integer)');
  await conn.run('create table deadlines (item_id varchar, rule varchar, due_on varchar, met_on varchar)');
  const str = (a: { appendVarchar(v: string): void; appendNull(): void }, v: unknown) =>
    v == null ? a.appendNull() : a.appendVarchar(String(v));
  const copy = async (table: string, cols: string[], ints: Set<string>) => {
    const app = await conn.createAppender(table);
    let after = '';
    for (;;) {
      const rows = (await deps.db
        .selectFrom(table as 'items')
        .select(cols as never)
        .where(table === 'deadlines' ? ('item_id' as never) : ('id' as never), '>', after as never)
        .orderBy(table === 'deadlines' ? ('item_id' as never) : ('id' as never))
        .limit(50_000)
        .execute()) as Record<string, unknown>[];
      if (!rows.length) break;
      // Deadlines page by item: take whole items only, so no row is skipped at a page boundary.
      const lastKey = String(rows[rows.length - 1]![table === 'deadlines' ? 'item_id' : 'id']);
      const take =
        table === 'deadlines' && rows.length === 50_000 ? rows.filter((r) => r['item_id'] !== lastKey) : rows;
      const boundary = take.length ? String(take[take.length - 1]![table === 'deadlines' ? 'item_id' : 'id']) : lastKey;
      for (const r of take) {
        for (const c of cols) {
          if (ints.has(c)) app.appendInteger(Number(r[c]));
          else str(app, r[c]);
        }
        app.endRow();
      }
      after = boundary;
      if (rows.length < 50_000) break;
    }
    app.flushSync();
    app.closeSync();
  };
  const itemCols = ['id', 'registered_on', 'status', 'channel', 'level', 'class_path', 'legal_flag', 'is_repeat'];
  await copy('items', [...itemCols, 'served_on', 'satisfaction', 'lead_unit_id'], new Set(['legal_flag', 'is_repeat']));
  await copy('units', ['id', 'name', 'inside_district'], new Set(['inside_district']));
  await copy('deadlines', ['item_id', 'rule', 'due_on', 'met_on'], new Set());
  return { conn, ms: performance.now() - t0, close: () => inst.closeSync() };
}

const under = (p: string) => `(i.class_path = '${p}' or i.class_path like '${p}/%')`;

/** The report's figures in DuckDB: the same eight aggregates as the store runs. */
async function duckFigures(conn: DuckDBConnection, p: Period, asOf: string): Promise<number> {
  const inPeriod =
    `i.registered_on >= '${p.from}' and i.registered_on <= '${p.to}' ` +
    `and i.status not in ('not_accepted', 'not_reaccepted')`;
  const groups = [
    `case when u.inside_district = 0 then 'outside' when i.is_repeat = 1 then 'repeat' else 'first' end`,
    'i.level',
    `case when i.channel in ('网上投诉', '来访', '来信') then i.channel else '其他' end`,
    `case when i.legal_flag = 1 then '涉法涉诉' when ${under('城乡建设')} then '城乡建设' when ${under('劳动和社会保障')} then '劳动保障'
      when ${under('经济管理/市场监管')} or ${under('经济管理/食品药品监管')} or ${under('经济管理/质监')} then '市场监管' else '其他' end`,
  ];
  const ex = `i.status in ('not_accepted', 'not_reaccepted')`;
  const head = await conn.runAndReadAll(`select count(case when not (${ex}) then 1 end) as total,
      count(case when ${ex} then 1 end), count(case when not (${ex}) and i.is_repeat = 1 then 1 end),
      count(case when not (${ex}) and i.status in ('closed', 'terminated') then 1 end),
      count(case when not (${ex}) and i.served_on is not null then 1 end),
      count(case when not (${ex}) and i.served_on is not null and i.satisfaction is not null
        and i.satisfaction <> '未评价' then 1 end)
    from items i where i.registered_on >= '${p.from}' and i.registered_on <= '${p.to}'`);
  for (const g of groups)
    await conn.runAndReadAll(
      `select ${g} as k, count(*) from items i left join units u on u.id = i.lead_unit_id where ${inPeriod} group by 1`,
    );
  await conn.runAndReadAll(`select u.name, count(*) from items i join units u on u.id = i.lead_unit_id where ${inPeriod}
    group by u.id, u.name order by count(*) desc, u.name limit 4`);
  for (const rules of [`'accept_notice'`, `'handle', 'simple_handle'`])
    await conn.runAndReadAll(`select count(case when d.met_on is not null and d.met_on <= d.due_on then 1 end), count(*)
      from deadlines d join items i on i.id = d.item_id
      where d.rule in (${rules}) and d.due_on >= '${p.from}' and d.due_on <= '${p.to}'
        and (d.met_on is not null or d.due_on < '${asOf}') and i.status not in ('not_accepted', 'not_reaccepted')`);
  return Number(head.getRows()[0]![0]);
}

/**
 * The event loop's delay (max and p99, ms) over `ms` milliseconds: idle, or while `work` runs again and again with
 * one turn of the loop between runs (as a server between requests). With a synchronous driver a request arriving
 * during a report waits for the longest stretch of it that never yields.
 */
async function loopDelay(
  ms: number,
  work?: () => Promise<unknown>,
): Promise<{ max: number; p99: number; runs: number }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const start = performance.now();
  let runs = 0;
  if (!work) await sleep(ms);
  else
    while (performance.now() - start < ms) {
      await work();
      runs++;
      await nextTurn();
    }
  h.disable();
  return { max: h.max / 1e6, p99: h.percentile(99) / 1e6, runs };
}

/**
 * Emits report.<6m|12m> lines: p50 wall of the real report (CPU time beside) vs DuckDB on the same rows, with the
 * row-by-row computation of the same figures (the report before the rollup) timed beside; then the event loop's
 * delay while 12-month reports run, against the same loop idle.
 */
export async function benchReport(
  deps: AppDeps,
  today: string,
  prefix: string,
  opts: { runs: number; budgetMs: number; duck: boolean },
): Promise<void> {
  const duck = opts.duck ? await loadDuck(deps) : null;
  if (duck) note(`DuckDB loaded in ${(duck.ms / 1000).toFixed(1)} s`);
  try {
    for (const p of [lastMonths(today, 6), lastMonths(today, 12)]) {
      const wall: number[] = [];
      const cpu: number[] = [];
      let total = 0;
      const start = performance.now();
      for (let i = 0; i < opts.runs && (i === 0 || performance.now() - start < opts.budgetMs); i++) {
        const r = await timed(() => buildReport(deps, { from: p.from, to: p.to }));
        wall.push(r.ms);
        cpu.push(r.cpuMs);
        total = r.value.total;
      }
      const rows: number[] = [];
      const rowStart = performance.now();
      for (let i = 0; i < opts.runs && (i === 0 || performance.now() - rowStart < opts.budgetMs); i++)
        rows.push((await timed(() => buildReport({ ...deps, reportSource: rowwise }, { from: p.from, to: p.to }))).ms);
      let duckMs: number | null = null;
      let duckTotal: number | null = null;
      if (duck) {
        const d: number[] = [];
        for (let i = 0; i < 5; i++) {
          const r = await timed(() => duckFigures(duck.conn, p, today));
          d.push(r.ms);
          duckTotal = r.value;
        }
        duckMs = pct(d, 50);
      }
      emit(`${prefix}report.${p.label}`, pct(wall, 50), 'ms', duckMs, {
        baselineOf: 'DuckDB, same figures over the same rows',
        cpuMs: Math.round(pct(cpu, 50)),
        runs: wall.length,
        rowwiseMs: Math.round(pct(rows, 50)),
        period: `${p.from}..${p.to}`,
        total,
        sameTotal: duckTotal == null ? null : duckTotal === total,
        ...(duck ? { duckLoadMs: Math.round(duck.ms) } : {}),
      });
    }
    const year = lastMonths(today, 12);
    const window = Math.min(opts.budgetMs, 10_000);
    const idle = await loopDelay(window);
    const busy = await loopDelay(window, () => buildReport(deps, { from: year.from, to: year.to, compare: 'yoy' }));
    emit(`${prefix}report.loop_delay_max`, busy.max, 'ms', idle.max, {
      baselineOf: 'the same event loop idle',
      p99DelayMs: Math.round(busy.p99 * 10) / 10,
      idleP99DelayMs: Math.round(idle.p99 * 10) / 10,
      reports: busy.runs,
      windowMs: window,
    });
  } finally {
    duck?.close();
  }
}
