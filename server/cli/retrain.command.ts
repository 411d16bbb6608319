import type { Command } from 'commander';
import { dbOption, out, withDeps } from './cli-context.ts';

/** `xinfang text retrain`: the office model's retraining, with progress on stderr and the evaluation on stdout. */
export function registerRetrainCommand(program: Command): void {
  const text = program.commands.find((c) => c.name() === 'text');
  if (!text) throw new Error('text command group missing');
  text
    .command('retrain')
    .description('用本单位已确认分类的事项重新训练分类模型，按时间切分与当前模型比较，更好时才切换（记录每次评估）')
    .addOption(dbOption())
    .option('--min <n>', '至少需要的已确认事项数', '100')
    .action(async (o: { db?: string; min: string }) => {
      await withDeps(o.db, async (deps) => {
        const [{ retrainOfficeModel }, { progressBar }] = await Promise.all([
          import('../app/retrain-office-model.ts'),
          import('../cli-progress.ts'),
        ]);
        let stage = '';
        let bar = progressBar('读取事项');
        const r = await retrainOfficeModel(
          deps,
          deps.clock(),
          (s, done, total) => {
            if (s !== stage) {
              bar.stop();
              stage = s;
              bar = progressBar(s);
            }
            bar.update(done, total);
          },
          { trigger: 'cli', minSamples: Number(o.min) },
        );
        bar.stop();
        process.stderr.write(`${r.switched ? '已切换到新模型' : '保留当前模型'}：${r.reason}\n`);
        out(r);
      });
    });
}
