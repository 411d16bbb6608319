import type { Command } from 'commander';
import { actorOf, dbOption, out, withDeps } from './cli-context.ts';

/** Registers `xinfang supervision`: the 督办建议 as JSON, read as a named bureau user or leader. */
export function registerSupervisionCommands(program: Command): void {
  const sv = program.command('supervision').description('督查督办');
  sv.command('suggestions')
    .description('督办建议：超期、严重警告、重复信访、不满意、多次退回的在办事项（按紧急程度排序，JSON）')
    .requiredOption('--as <username>', '以该用户的身份查看（信访部门人员或领导）')
    .addOption(dbOption())
    .action(async (o: { as: string; db?: string }) => {
      await withDeps(o.db, async (deps) => {
        const { supervisionSuggestionsUseCase } = await import('../app/supervision-suggestions.ts');
        out(await supervisionSuggestionsUseCase(deps, await actorOf(deps, o.as)));
      });
    });
}
