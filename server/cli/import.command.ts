import type { Command } from 'commander';
import type { AppDeps, UseCaseCtx } from '../app/context.ts';
import type { ImportResult } from '../app/import-items.ts';
import { AppError } from '../domain/errors.ts';
import { SYSTEM_ACTOR } from '../domain/item.policy.ts';
import { dbOption, withDeps } from './cli-context.ts';

export interface ImportCliOptions {
  dryRun?: boolean;
  skipInvalid?: boolean;
  createUnits?: boolean;
}

export interface ImportIo {
  stdout(s: string): void;
  stderr(s: string): void;
}

const realIo: ImportIo = {
  stdout: (s) => {
    process.stdout.write(s);
  },
  stderr: (s) => {
    process.stderr.write(s);
  },
};

/**
 * Runs `xinfang import items FILE`: warnings and the bad rows (JSON, one object per problem) go to
 * stderr, the summary to stdout. Returns the exit code: 0 written (or dry run clean), 1 when bad rows
 * stopped the import or were skipped.
 */
export async function runImportItems(
  deps: AppDeps,
  file: string,
  o: ImportCliOptions,
  io: ImportIo = realIo,
  ctx: UseCaseCtx = { actor: SYSTEM_ACTOR, requestId: null },
): Promise<{ code: number; result: ImportResult }> {
  const [{ importItems }, { tableFile }, { progressBar }] = await Promise.all([
    import('../app/import-items.ts'),
    import('../app/import-table.ts'),
    import('../cli-progress.ts'),
  ]);
  const source = tableFile(file);
  // Two passes over the file, each with its own progress: every row checked first, then the valid rows written.
  const bars = { check: progressBar('校验导入文件'), write: progressBar('写入信访事项') };
  let result: ImportResult;
  try {
    result = await importItems(deps, ctx, source, {
      dryRun: !!o.dryRun,
      skipInvalid: !!o.skipInvalid,
      createUnits: !!o.createUnits,
      onProgress: (d, t, phase) => {
        if (phase === 'write') bars.check.stop();
        // While checking, the total is not known yet: the bar shows the rows read so far.
        bars[phase].update(d, t || d);
      },
    });
  } finally {
    bars.check.stop();
    bars.write.stop();
  }
  for (const w of result.warnings) io.stderr(`警告：${w}\n`);
  if (result.createdUnits.length) io.stderr(`新建单位：${result.createdUnits.join('、')}\n`);
  if (result.problems.length) io.stderr(`${JSON.stringify({ badRows: result.problems }, null, 2)}\n`);
  if (result.conflicts.length) {
    io.stderr(`警告：${result.conflicts.length} 件事项已在本系统办理，导入未覆盖（见下方列表）\n`);
    io.stderr(`${JSON.stringify({ conflicts: result.conflicts }, null, 2)}\n`);
  }
  const parts = [
    `共 ${result.rows} 行`,
    `新增 ${result.created} 件`,
    `更新 ${result.updated} 件`,
    ...(result.unchanged ? [`未变 ${result.unchanged} 件`] : []),
    ...(result.conflicts.length ? [`未覆盖 ${result.conflicts.length} 件（已在本系统办理）`] : []),
    ...(result.skipped ? [`跳过有误的 ${result.skipped} 行`] : []),
  ];
  const summary = result.ok
    ? `${result.dryRun ? '试导入（未写入）' : '导入完成'}：${parts.join('，')}`
    : `未导入任何数据：${result.problems.length} 处错误（见上方列表），` +
      '更正后重试，或加 --skip-invalid 只导入无误的行';
  io.stdout(
    `${JSON.stringify({
      ok: result.ok,
      rows: result.rows,
      created: result.created,
      updated: result.updated,
      skipped: result.skipped,
      dryRun: result.dryRun,
      classMappings: result.classMappings,
      createdUnits: result.createdUnits,
      unchanged: result.unchanged,
      changed: result.changed,
      conflicts: result.conflicts.length,
      message: summary,
    })}\n`,
  );
  return { code: result.ok && !result.problems.length ? 0 : 1, result };
}

/** Runs `xinfang export items FILE.xlsx`: writes the file, prints the row count (JSON) to stdout. */
export async function runExportItems(
  deps: AppDeps,
  file: string,
  o: { from?: string; to?: string },
  io: ImportIo = realIo,
): Promise<number> {
  const [{ exportItemsForImport }, { writeFileSync }] = await Promise.all([
    import('../app/items-transfer.ts'),
    import('node:fs'),
  ]);
  for (const d of [o.from, o.to])
    if (d !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(d))
      throw new AppError('VALIDATION', `日期「${d}」无效，应为 YYYY-MM-DD`);
  const res = await exportItemsForImport(deps, { from: o.from, to: o.to }, undefined, (n) =>
    io.stderr(`已读取 ${n} 件\r`),
  );
  writeFileSync(file, res.content);
  io.stdout(`${JSON.stringify({ ok: true, rows: res.rows, file, message: `已导出 ${res.rows} 件事项到 ${file}` })}\n`);
  return res.rows;
}

/** Registers `xinfang import items FILE.csv|FILE.xlsx` and `xinfang export items FILE.xlsx`. */
export function registerImportCommands(program: Command): void {
  const imp = program.command('import').description('导入数据');
  imp
    .command('items <file>')
    .description('从 CSV（UTF-8）或 xlsx（第一个工作表）导入信访事项；按信访件编号更新已有事项')
    .addOption(dbOption())
    .option('--dry-run', '只校验并统计，不写入')
    .option('--skip-invalid', '导入无误的行，列出有误的行')
    .option('--create-units', '文件中不存在的责任单位自动新建（默认作为有误的行列出）')
    .action(async (file: string, o: ImportCliOptions & { db?: string }) => {
      await withDeps(o.db, async (deps) => {
        process.exitCode = (await runImportItems(deps, file, o)).code;
      });
    });
  program
    .command('export')
    .description('导出数据')
    .command('items <file>')
    .description(
      '把信访事项导出为 xlsx（导入格式的各列加办理结果），可导入另一套系统或回传上游；含个人信息，请妥善保管',
    )
    .addOption(dbOption())
    .option('--from <date>', '登记日期起（YYYY-MM-DD）')
    .option('--to <date>', '登记日期止（YYYY-MM-DD）')
    .action(async (file: string, o: { from?: string; to?: string; db?: string }) => {
      await withDeps(o.db, async (deps) => {
        await runExportItems(deps, file, o);
      });
    });
}
