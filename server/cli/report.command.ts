import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { AppDeps } from '../app/context.ts';
import { AppError } from '../domain/errors.ts';
import { dbOption, SYSTEM_CTX, withDeps } from './cli-context.ts';
import { Option, type ZhCommand } from './zh-command.ts';
import { SYSTEM_SCOPE } from '../domain/visibility.policy.ts';

export type ReportFormat = 'json' | 'text' | 'docx' | 'xlsx';

export interface ReportCliOptions {
  from: string;
  to: string;
  compare?: 'prev' | 'yoy' | undefined;
  top?: number | undefined;
  format: ReportFormat;
  out?: string | undefined;
}

/** Where output goes; replaced in tests. */
export interface ReportIo {
  stdout(data: string | Buffer): void;
  writeFile(path: string, data: string | Buffer): void;
}

const realIo: ReportIo = {
  stdout: (d) => {
    process.stdout.write(d);
  },
  writeFile: (p, d) => writeFileSync(p, d),
};

/**
 * Builds the report and writes it in the chosen format. json/text go to stdout unless --out is given;
 * docx/xlsx need --out (a file, or "-" for binary on stdout).
 */
export async function runReport(deps: AppDeps, o: ReportCliOptions, io: ReportIo = realIo): Promise<void> {
  const [{ checkPeriod }, { renderReportFile, situationReport }] = await Promise.all([
    import('../report/report.ts'),
    import('../app/situation-report.ts'),
  ]);
  checkPeriod(o.from, o.to);
  if ((o.format === 'docx' || o.format === 'xlsx') && !o.out) {
    throw new AppError('VALIDATION', `${o.format} 格式须用 --out 指定输出文件（或 --out - 输出到标准输出）`);
  }
  const q = { from: o.from, to: o.to, compare: o.compare, top: o.top };
  const report = await situationReport(deps, SYSTEM_CTX, q);
  let data: string | Buffer;
  if (o.format === 'json') data = `${JSON.stringify(report, null, 2)}\n`;
  else if (o.format === 'text') data = `${report.text}\n`;
  else data = await renderReportFile(deps, report, q, o.format, SYSTEM_SCOPE);
  if (!o.out || o.out === '-') io.stdout(data);
  else io.writeFile(o.out, data);
}

function topOf(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 50)
    throw new AppError('VALIDATION', `--top 应为 1～50 的整数，收到「${v}」`);
  return n;
}

/** Registers `xinfang report`: the situation report (情况通报) for a period, and `report daily`. */
export function registerReportCommands(program: Command): void {
  const report = program
    .command('report')
    .description('信访形势分析报告（情况通报）；report daily 为重大节点日报')
    // Options after `daily` are the subcommand's own (both define --format, --out and --db).
    .enablePositionalOptions()
    // --from/--to are checked in the action, not by commander: a subcommand (daily) must not need them.
    .option('--from <date>', '起始日期 YYYY-MM-DD（必填）')
    .option('--to <date>', '截止日期 YYYY-MM-DD（必填）')
    .addOption(
      new Option('--compare <kind>', '对比期：prev 环比（上一同长期间）/ yoy 同比（上年同期）').choices([
        'prev',
        'yoy',
      ]),
    )
    .option('--top <n>', '责任单位排名数量', topOf, 4)
    .addOption(new Option('--format <format>', '输出格式').choices(['json', 'text', 'docx', 'xlsx']).default('json'))
    .option('--out <file>', '输出文件（docx/xlsx 必填；- 为标准输出）')
    .addOption(dbOption())
    .action(async (o: Partial<ReportCliOptions> & { db?: string }, cmd: ZhCommand) => {
      for (const name of ['from', 'to'] as const) {
        if (!o[name]) cmd.missingMandatoryOptionValue(cmd.options.find((x) => x.attributeName() === name)!);
      }
      const full = o as ReportCliOptions & { db?: string };
      const { checkPeriod } = await import('../report/report.ts');
      checkPeriod(full.from, full.to); // fail before opening the database
      await withDeps(full.db, (deps) => runReport(deps, full));
    });
  report
    .command('daily')
    .description('信访情况日报（重大节点期间按日报送；无新登记事项时为零报告）')
    .requiredOption('--date <date>', '日报日期 YYYY-MM-DD')
    .addOption(new Option('--format <format>', '输出格式').choices(['json', 'docx', 'xlsx']).default('json'))
    .option('--out <file>', '输出文件（docx、xlsx 必填；- 为标准输出）')
    .addOption(dbOption())
    .action(async (o: DailyCliOptions & { db?: string }) => {
      const { isIsoDate } = await import('../report/report.ts');
      // fail before opening the database
      if (!isIsoDate(o.date)) throw new AppError('DATE_INVALID', `日报日期「${o.date}」无效，应为 YYYY-MM-DD`);
      if (o.format !== 'json' && !o.out) {
        throw new AppError('VALIDATION', `${o.format} 格式须用 --out 指定输出文件（或 --out - 输出到标准输出）`);
      }
      await withDeps(o.db, (deps) => runDailyReport(deps, o));
    });
}

export interface DailyCliOptions {
  date: string;
  format: 'json' | 'docx' | 'xlsx';
  out?: string | undefined;
}

/** Writes the daily report of `o.date`: the documented JSON on stdout (or --out), or the Word / Excel file. */
export async function runDailyReport(deps: AppDeps, o: DailyCliOptions, io: ReportIo = realIo): Promise<void> {
  const [{ dailyReportOf }, { dailyReportJson }] = await Promise.all([
    import('../app/daily-reports.ts'),
    import('../domain/daily-report.ts'),
  ]);
  const report = await dailyReportOf(deps, SYSTEM_CTX, o.date);
  const docx = () => import('../exports/daily-report-docx.ts');
  const data =
    o.format === 'json'
      ? `${JSON.stringify(dailyReportJson(report), null, 2)}\n`
      : o.format === 'xlsx'
        ? await (await import('../exports/daily-report-xlsx.ts')).dailyReportXlsx(
            report,
            (await docx()).dailyReportTitle(report),
          )
        : await (await docx()).dailyReportDocx(report);
  if (!o.out || o.out === '-') io.stdout(data);
  else io.writeFile(o.out, data);
}
