import type { Command } from 'commander';
import type { AppDeps } from '../app/context.ts';
import { AppError } from '../domain/errors.ts';
import { dbOption, withDeps } from './cli-context.ts';
import type { ReportIo } from './report.command.ts';
import { Option } from './zh-command.ts';

export interface ScorecardCliOptions {
  from: string;
  to: string;
  compare?: 'prev' | 'yoy' | 'none' | undefined;
  format: 'json' | 'xlsx' | 'docx';
  out?: string | undefined;
}

/** Builds the unit scorecard of every unit and writes it as JSON (stdout unless --out) or xlsx (--out). */
export async function runScorecard(deps: AppDeps, o: ScorecardCliOptions, io?: ReportIo): Promise<void> {
  const [{ computeUnitScorecard }, { toScorecardJson, SCORECARD_FORMULAS }, { writeFileSync }, { todayOf }] =
    await Promise.all([
      import('../app/scorecard.ts'),
      import('../domain/scorecard.ts'),
      import('node:fs'),
      import('../app/context.ts'),
    ]);
  if (o.format !== 'json' && !o.out)
    throw new AppError('VALIDATION', `${o.format} 格式须用 --out 指定输出文件（或 --out - 输出到标准输出）`);
  const json = toScorecardJson(await computeUnitScorecard(deps, o));
  const data =
    o.format === 'json'
      ? `${JSON.stringify(json, null, 2)}\n`
      : o.format === 'xlsx'
        ? await (await import('../exports/scorecard-xlsx.ts')).scorecardXlsx(json, SCORECARD_FORMULAS)
        : await (await import('../exports/scorecard-docx.ts')).scorecardDocx(json, todayOf(deps.clock()));
  const sink = io ?? { stdout: (d) => process.stdout.write(d), writeFile: (p, d) => writeFileSync(p, d) };
  if (!o.out || o.out === '-') sink.stdout(data);
  else sink.writeFile(o.out, data);
}

/** Registers `xinfang scorecard`: the unit scorecard (单位考评) of a period. */
export function registerScorecardCommands(program: Command): void {
  program
    .command('scorecard')
    .description('责任单位考评（把脉问诊）：按登记日期统计各单位办理情况并排名')
    .requiredOption('--from <date>', '起始日期 YYYY-MM-DD')
    .requiredOption('--to <date>', '截止日期 YYYY-MM-DD')
    .addOption(
      new Option('--compare <kind>', '对比期：prev 上一同长期间（默认）/ yoy 上年同期 / none 不对比')
        .choices(['prev', 'yoy', 'none'])
        .default('prev'),
    )
    .addOption(
      new Option('--format <format>', '输出格式：json / xlsx / docx（考评通报）')
        .choices(['json', 'xlsx', 'docx'])
        .default('json'),
    )
    .option('--out <file>', '输出文件（xlsx、docx 必填；- 为标准输出）')
    .addOption(dbOption())
    .action(async (o: ScorecardCliOptions & { db?: string }) => {
      const { checkPeriod } = await import('../report/report.ts');
      checkPeriod(o.from, o.to); // fail before opening the database
      await withDeps(o.db, (deps) => runScorecard(deps, o));
    });
}
