import type { Command } from 'commander';
import { dbOption, out, readJsonFile, SYSTEM_CTX, withDeps } from './cli-context.ts';
import { intOption, Option } from './zh-command.ts';

/** `xinfang calendar …`: the work calendar and deadline arithmetic on it. */
export function registerCalendarCommands(program: Command): void {
  const cal = program.command('calendar').description('工作日历与期限计算');
  cal
    .command('is-workday <date>')
    .description('某日是否工作日（含调休上班日与法定节假日）')
    .addOption(dbOption())
    .action(async (date: string, o: { db?: string }) => {
      await withDeps(o.db, async (deps) => {
        const { dayInfoOn } = await import('../app/reference-data.ts');
        out(await dayInfoOn(deps, date));
      });
    });
  cal
    .command('due')
    .description('计算期限截止日（起算日不计入）')
    .requiredOption('--from <date>', '起算日 YYYY-MM-DD，该日不计入')
    .requiredOption('--days <n>', '期限长度', intOption(1, 3650))
    .addOption(new Option('--unit <unit>', '日历日或工作日').choices(['calendar', 'working']).default('calendar'))
    .option('--roll-forward', '末日为休息日时顺延至下一工作日', false)
    .addOption(dbOption())
    .action(
      async (o: { from: string; days: number; unit: 'calendar' | 'working'; rollForward: boolean; db?: string }) => {
        await withDeps(o.db, async (deps) => {
          const { dueOn } = await import('../app/reference-data.ts');
          const d = await dueOn(deps, { from: o.from, days: o.days, unit: o.unit, rollForward: o.rollForward });
          out({
            from: o.from,
            days: o.days,
            unit: o.unit,
            rollForward: o.rollForward,
            due: d.due,
            rolledFrom: d.rolledFrom,
            explanation: d.explanation,
          });
        });
      },
    );
  cal
    .command('set <date>')
    .description('调整某日：holiday（节假日）/ makeup（调休上班）/ normal（恢复普通日），并重算在办事项期限')
    .addOption(new Option('--kind <kind>', '调整为').choices(['holiday', 'makeup', 'normal']).makeOptionMandatory())
    .option('--name <name>', '名称（如「国庆节」）', '')
    .option('--reason <reason>', '调整原因（记入受影响事项的时间线）', '')
    .addOption(dbOption())
    .action(
      async (date: string, o: { kind: 'holiday' | 'makeup' | 'normal'; name: string; reason: string; db?: string }) => {
        await withDeps(o.db, async (deps) => {
          const { editCalendarDay } = await import('../app/admin.ts');
          out(await editCalendarDay(deps, SYSTEM_CTX, { date, kind: o.kind, name: o.name, reason: o.reason }));
        });
      },
    );
  cal
    .command('notice <file>')
    .description('录入某年国务院办公厅节假日安排通知（日历 JSON 格式，一次一个年度），并重算在办事项期限')
    .option('--year <y>', '所录入的年份（文件须为该年度的通知）', intOption(1900, 2999))
    .addOption(dbOption())
    .action(async (file: string, o: { year?: number; db?: string }) => {
      await withDeps(o.db, async (deps) => {
        const { enterCalendarNotice } = await import('../app/calendar-notice.ts');
        const r = await enterCalendarNotice(deps, SYSTEM_CTX, readJsonFile(file), o.year);
        out({ ...r, moved: r.moved.length });
      });
    });
  cal
    .command('list')
    .description('列出某年的节假日与调休上班日')
    .option('--year <y>', '年份', intOption(1900, 2999))
    .addOption(dbOption())
    .action(async (o: { year?: number; db?: string }) => {
      await withDeps(o.db, async (deps) => {
        const { calendarOfYear } = await import('../app/reference-data.ts');
        out((await calendarOfYear(deps, o.year)).days);
      });
    });
}
