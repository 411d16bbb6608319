import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { AppDeps } from '../app/context.ts';
import { todayOf } from '../app/context.ts';
import { openApp } from '../compose.ts';
import { loadConfig } from '../config.ts';
import { AppError } from '../domain/errors.ts';
import { reportDocx } from '../exports/report-docx.ts';
import { reportXlsx } from '../exports/report-xlsx.ts';
import { buildReport, checkPeriod } from '../report/report.ts';
import { SYSTEM_SCOPE } from '../domain/visibility.policy.ts';
import { reportItemRows } from '../store/report.store.ts';

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
  checkPeriod(o.from, o.to);
  if ((o.format === 'docx' || o.format === 'xlsx') && !o.out) {
    throw new AppError('VALIDATION', `${o.format} 格式须用 --out 指定输出文件（或 --out - 输出到标准输出）`);
  }
  const report = await buildReport(deps, { from: o.from, to: o.to, compare: o.compare, top: o.top });
  let data: string | Buffer;
  if (o.format === 'json') data = `${JSON.stringify(report, null, 2)}\n`;
  else if (o.format === 'text') data = `${report.text}\n`;
  else if (o.format === 'docx') data = await reportDocx(report, todayOf(deps.clock()));
  else data = await reportXlsx(report, await reportItemRows(deps.db, o.from, o.to, SYSTEM_SCOPE));
  if (!o.out || o.out === '-') io.stdout(data);
  else io.writeFile(o.out, data);
}

function topOf(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 50)
    throw new AppError('VALIDATION', `--top 应为 1～50 的整数，收到「${v}」`);
  return n;
}

/** Registers `xinfang report`: the situation report (情况通报) for a period. */
export function registerReportCommands(program: Command): void {
  program
    .command('report')
    .description('信访形势分析报告（情况通报）')
    .requiredOption('--from <date>', '起始日期 YYYY-MM-DD')
    .requiredOption('--to <date>', '截止日期 YYYY-MM-DD')
    .addOption(
      new Option('--compare <kind>', '对比期：prev 环比（上一同长期间）/ yoy 同比（上年同期）').choices([
        'prev',
        'yoy',
      ]),
    )
    .option('--top <n>', '责任单位排名数量', topOf, 4)
    .addOption(new Option('--format <format>', '输出格式').choices(['json', 'text', 'docx', 'xlsx']).default('json'))
    .option('--out <file>', '输出文件（docx/xlsx 必填；- 为标准输出）')
    .option('--db <path>', '数据库文件路径或 postgres:// 连接串（默认同 npm start）')
    .action(async (o: ReportCliOptions & { db?: string }) => {
      checkPeriod(o.from, o.to); // fail before opening the database
      const cfg = loadConfig(process.env, o.db ? { db: o.db } : {});
      const app = await openApp(cfg.db, cfg.keyFile);
      try {
        await runReport(app.deps, o);
      } finally {
        await app.close();
      }
    });
}
