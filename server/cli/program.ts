/**
 * The command tree. Defining the commands needs only commander; each command loads what it uses when it runs
 * (the database layer, the use cases, exceljs, docx, jieba, the model), so a call costs what its own work costs
 * and `--help` or a typo answers at once.
 */
import { readFileSync } from 'node:fs';
import { registerAdminCommands } from './admin.command.ts';
import { registerCalendarCommands } from './calendar.command.ts';
import { dbOption, out, withDeps } from './cli-context.ts';
import { registerItemCommands } from './item.command.ts';
import { extraCliModules } from './modules.ts';
import { registerTextCommands } from './text.command.ts';
import { ZhCommand } from './zh-command.ts';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** The whole command tree of `xinfang`. */
export function createProgram(): ZhCommand {
  const program = new ZhCommand('xinfang')
    .description(
      'xinfang 信访事项办理平台 命令行。输出数据的命令只向标准输出打印 JSON；错误打印到标准错误，' +
        '退出码 1 为运行出错、2 为输入有误（含用法错误）、3 为审计日志哈希链断裂。',
    )
    .version(VERSION)
    // Lets a command group have options of its own besides its subcommands' (report vs report daily).
    .enablePositionalOptions();
  registerAdminCommands(program);
  registerCalendarCommands(program);
  registerItemCommands(program);
  registerTextCommands(program, undefined, (db, o) =>
    withDeps(db, async (deps) =>
      (await import('../app/retrain-office-model.ts')).retrainWithOutcome(deps, deps.clock(), o.onProgress, {
        trigger: 'cli',
        minSamples: 20,
        currentPath: o.current,
        alwaysFull: true,
      }),
    ),
  );
  program.commands
    .find((c) => c.name() === 'text')!
    .command('reindex')
    .description('补建相似度索引（导入后；服务运行时亦会在后台自动补建）')
    .addOption(dbOption())
    .action(async (o: { db?: string }) => {
      await withDeps(o.db, async (deps) => {
        const [{ reindexTextCounts }, { countQueuedTextItems }, { progressBar }] = await Promise.all([
          import('../app/text-intel.ts'),
          import('../store/text.store.ts'),
          import('../cli-progress.ts'),
        ]);
        const bar = progressBar('相似度索引');
        const total = await countQueuedTextItems(deps.db);
        const counts = await reindexTextCounts(deps, (d) => bar.update(d, total));
        bar.stop();
        out({ ...counts, left: await countQueuedTextItems(deps.db) });
      });
    });
  for (const register of extraCliModules) register(program);
  return program;
}
