import type { Command } from 'commander';
import type { AppDeps, UseCaseCtx } from '../app/context.ts';
import { SYSTEM_ACTOR } from '../domain/item.policy.ts';
import { actorOf, dbOption, out, parseJson, readJsonFile, withDeps } from './cli-context.ts';
import { intOption } from './zh-command.ts';

/** `xinfang item …`: register an item, take a step, show an item and its timeline, through the use cases. */
export function registerItemCommands(program: Command): void {
  const item = program.command('item').description('信访事项');
  item
    .command('register')
    .description('登记事项（JSON 文件，- 为标准输入）')
    .requiredOption('--file <file>', '事项内容的 JSON 文件')
    .requiredOption('--as <username>', '以哪个用户的身份登记')
    .option('--idempotency-key <key>', '幂等键：同一键重复提交只登记一次')
    .addOption(dbOption())
    .action(async (o: { file: string; as: string; idempotencyKey?: string; db?: string }) => {
      const raw = readJsonFile(o.file); // a missing or broken file fails before the database opens
      await withDeps(o.db, async (deps) => {
        const [{ RegisterItemInput }, { registerItem }] = await Promise.all([
          import('../../contract/dto.ts'),
          import('../app/register-item.ts'),
        ]);
        const ctx = await actorOf(deps, o.as);
        const res = await registerItem(deps, ctx, RegisterItemInput.parse(raw), o.idempotencyKey);
        out({
          id: res.item.id,
          number: res.item.number,
          status: res.item.status,
          isRepeat: res.item.isRepeat,
          queryCode: res.queryCode || null,
          repeatCandidates: res.repeatCandidates,
          replayed: res.replayed,
        });
      });
    });
  item
    .command('step <id>')
    .description('办理一个步骤，--json 为步骤内容，如 {"step":"accept","on":"2025-10-09"}')
    .requiredOption('--as <username>', '以哪个用户的身份办理')
    .requiredOption('--json <json>', '步骤内容（JSON）')
    .option('--version <n>', '事项版本号（不填则取当前版本）', intOption(1, Number.MAX_SAFE_INTEGER))
    .addOption(dbOption())
    .action(async (id: string, o: { as: string; json: string; version?: number; db?: string }) => {
      const raw = parseJson(o.json, '--json');
      await withDeps(o.db, async (deps) => {
        const [{ ApplyStepBody, StepInputSchema }, { applyStep }, { getItemView }] = await Promise.all([
          import('../../contract/dto.ts'),
          import('../app/apply-step.ts'),
          import('../app/item-queries.ts'),
        ]);
        const ctx = await actorOf(deps, o.as);
        const input = StepInputSchema.parse(raw);
        const version = o.version ?? (await getItemView(deps, ctx, id)).version;
        ApplyStepBody.parse({ version, input });
        const res = await applyStep(deps, ctx, id, version, input);
        out({ id, status: res.item.status, version: res.item.version, summary: res.summary, refused: res.refused });
      });
    });
  item
    .command('show <id>')
    .description('事项详情（含期限及其计算过程）')
    .option('--as <username>', '以哪个用户的身份查看（默认审核员视角）')
    .addOption(dbOption())
    .action(async (id: string, o: { as?: string; db?: string }) => {
      await withDeps(o.db, async (deps) => {
        const { getItemView } = await import('../app/item-queries.ts');
        out(await getItemView(deps, await viewer(deps, o.as), id));
      });
    });
  item
    .command('timeline <id>')
    .description('事项时间线')
    .option('--as <username>', '以哪个用户的身份查看（默认审核员视角）')
    .addOption(dbOption())
    .action(async (id: string, o: { as?: string; db?: string }) => {
      await withDeps(o.db, async (deps) => {
        const { getTimeline } = await import('../app/item-queries.ts');
        out(await getTimeline(deps, await viewer(deps, o.as), id));
      });
    });
}

/** Without --as, the CLI reads as the bureau's reviewer (the operator of the installation). */
async function viewer(deps: AppDeps, as: string | undefined): Promise<UseCaseCtx> {
  if (as) return actorOf(deps, as);
  return { actor: { ...SYSTEM_ACTOR, role: 'reviewer' }, requestId: null };
}
