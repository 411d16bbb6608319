import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { backupDatabase, restoreDatabase } from './app/backup.ts';
import { rotateKeys } from './app/rotate-keys.ts';
import { progressBar } from './cli-progress.ts';
import { isPostgresUrl } from './store/db.ts';
import { ApplyStepBody, RegisterItemInput, StepInputSchema } from '../contract/dto.ts';
import { createUnit, createUser } from './app/admin.ts';
import { listUnits } from './store/reference.store.ts';
import { applyStep } from './app/apply-step.ts';
import { loadClockwork, type AppDeps, type UseCaseCtx } from './app/context.ts';
import { getItemView, getTimeline } from './app/item-queries.ts';
import { registerItem } from './app/register-item.ts';
import { editCalendarDay } from './app/admin.ts';
import { loadConfig } from './config.ts';
import { openApp } from './compose.ts';
import { computeDeadline, DEFAULT_RULES } from './domain/deadline.ts';
import { AppError } from './domain/errors.ts';
import { SYSTEM_ACTOR, type Actor } from './domain/item.policy.ts';
import { zodMessage } from './http/error-map.ts';
import { userByName } from './store/user.store.ts';
import { seedIfEmpty, startServer } from './serve.ts';
import { extraCliModules } from './cli/modules.ts';
import { registerTextCommands } from './cli/text.command.ts';
import { confirmedSamples, reindexText } from './app/text-intel.ts';

const program = new Command('xinfang').description('xinfang 信访事项办理平台 命令行').showHelpAfterError();

function out(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Opens the database selected by --db (or the default of `npm start`) and runs fn, closing afterwards. */
async function withDeps<T>(dbOpt: string | undefined, fn: (deps: AppDeps) => Promise<T>): Promise<T> {
  const cfg = loadConfig(process.env, dbOpt ? { db: dbOpt } : {});
  const app = await openApp(cfg.db, cfg.keyFile);
  try {
    return await fn(app.deps);
  } finally {
    await app.close();
  }
}

async function actorOf(deps: AppDeps, username: string | undefined): Promise<UseCaseCtx> {
  if (!username) return { actor: SYSTEM_ACTOR, requestId: null };
  const u = await userByName(deps.db, username);
  if (!u) throw new AppError('UNKNOWN_USER', `用户 ${username} 不存在`);
  const actor: Actor = {
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    unitId: u.unitId,
  };
  return { actor, requestId: null };
}

function readJson(file: string): unknown {
  const text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError('BAD_JSON', `无法解析 JSON：${(e as Error).message}`);
  }
}

const dbOption = () => new Option('--db <path>', '数据库文件路径或 postgres:// 连接串（默认同 npm start）');

program
  .command('serve')
  .description('启动服务（首次启动自动迁移并生成演示数据）')
  .addOption(dbOption())
  .action(async (o: { db?: string }) => {
    await startServer(loadConfig(process.env, o.db ? { db: o.db } : {}));
  });

program
  .command('migrate')
  .description('迁移数据库结构到最新版本')
  .addOption(dbOption())
  .action(async (o: { db?: string }) => {
    await withDeps(o.db, async () => out({ ok: true }));
  });

program
  .command('seed')
  .description('生成演示数据（仅在空数据库上）')
  .requiredOption('--demo', '演示区数据')
  .option('--items <n>', '事项数量', (v) => Number(v))
  .addOption(dbOption())
  .action(async (o: { db?: string; items?: number }) => {
    await withDeps(o.db, async (deps) => out({ logins: await seedIfEmpty(deps, o.items) }));
  });

const user = program.command('user').description('用户管理');
user
  .command('add')
  .description('新增用户')
  .requiredOption('--username <name>')
  .requiredOption('--name <displayName>')
  .requiredOption('--role <role>')
  .option('--unit <unitName>', '所属单位名称')
  .requiredOption('--password <password>')
  .addOption(dbOption())
  .action(async (o: { username: string; name: string; role: string; unit?: string; password: string; db?: string }) => {
    await withDeps(o.db, async (deps) => {
      const unit = o.unit
        ? await deps.db.selectFrom('units').select('id').where('name', '=', o.unit).executeTakeFirst()
        : null;
      if (o.unit && !unit) throw new AppError('UNKNOWN_UNIT', `单位 ${o.unit} 不存在`);
      const body = {
        username: o.username,
        displayName: o.name,
        role: o.role as never,
        unitId: unit?.id ?? null,
        password: o.password,
      };
      out(await createUser(deps, { actor: SYSTEM_ACTOR, requestId: null }, body));
    });
  });

const unit = program.command('unit').description('责任单位');
unit
  .command('add')
  .description('新增责任单位')
  .requiredOption('--name <name>')
  .option('--outside', '不属于本区', false)
  .option('--parent <parentName>', '上级单位名称')
  .addOption(dbOption())
  .action(async (o: { name: string; outside: boolean; parent?: string; db?: string }) => {
    await withDeps(o.db, async (deps) => {
      const parent = o.parent
        ? await deps.db.selectFrom('units').select('id').where('name', '=', o.parent).executeTakeFirst()
        : null;
      if (o.parent && !parent) throw new AppError('UNKNOWN_UNIT', `上级单位 ${o.parent} 不存在`);
      out(
        await createUnit(
          deps,
          { actor: SYSTEM_ACTOR, requestId: null },
          { name: o.name, parentId: parent?.id ?? null, insideDistrict: !o.outside, kind: '部门', sort: 0 },
        ),
      );
    });
  });
unit
  .command('list')
  .description('列出责任单位')
  .addOption(dbOption())
  .action(async (o: { db?: string }) => {
    await withDeps(o.db, async (deps) => out(await listUnits(deps.db)));
  });

const cal = program.command('calendar').description('工作日历与期限计算');
cal
  .command('is-workday <date>')
  .description('某日是否工作日')
  .addOption(dbOption())
  .action(async (date: string, o: { db?: string }) => {
    await withDeps(o.db, async (deps) => {
      const cw = await loadClockwork(deps.db, deps.clock());
      out(cw.calendar.dayInfo(date));
    });
  });
cal
  .command('due')
  .description('计算期限截止日')
  .requiredOption('--from <date>', '起算日（不计入）')
  .requiredOption('--days <n>', '期限长度', (v) => Number(v))
  .addOption(new Option('--unit <unit>', '日历日或工作日').choices(['calendar', 'working']).default('calendar'))
  .option('--roll-forward', '末日为休息日时顺延至下一工作日', false)
  .addOption(dbOption())
  .action(
    async (o: { from: string; days: number; unit: 'calendar' | 'working'; rollForward: boolean; db?: string }) => {
      await withDeps(o.db, async (deps) => {
        const cw = await loadClockwork(deps.db, deps.clock());
        const rule = {
          ...DEFAULT_RULES.handle,
          name: '期限',
          startEvent: '起算',
          length: o.days,
          unit: o.unit,
          rollForward: o.rollForward,
          maxExtensionDays: 0,
        };
        const d = computeDeadline(rule, o.from, cw.calendar);
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
  .addOption(new Option('--kind <kind>').choices(['holiday', 'makeup', 'normal']).makeOptionMandatory())
  .option('--name <name>', '名称', '')
  .option('--reason <reason>', '调整原因', '')
  .addOption(dbOption())
  .action(
    async (date: string, o: { kind: 'holiday' | 'makeup' | 'normal'; name: string; reason: string; db?: string }) => {
      await withDeps(o.db, async (deps) =>
        out(
          await editCalendarDay(
            deps,
            { actor: SYSTEM_ACTOR, requestId: null },
            { date, kind: o.kind, name: o.name, reason: o.reason },
          ),
        ),
      );
    },
  );
cal
  .command('list')
  .description('列出某年的节假日与调休上班日')
  .option('--year <y>', '年份', (v) => Number(v))
  .addOption(dbOption())
  .action(async (o: { year?: number; db?: string }) => {
    await withDeps(o.db, async (deps) => {
      const { calendarEntries } = await import('./store/calendar.store.ts');
      out(await calendarEntries(deps.db, o.year));
    });
  });

const item = program.command('item').description('信访事项');
item
  .command('register')
  .description('登记事项（JSON 文件或 - 读标准输入）')
  .requiredOption('--file <file>')
  .requiredOption('--as <username>', '以哪个用户的身份')
  .option('--idempotency-key <key>')
  .addOption(dbOption())
  .action(async (o: { file: string; as: string; idempotencyKey?: string; db?: string }) => {
    await withDeps(o.db, async (deps) => {
      const ctx = await actorOf(deps, o.as);
      const input = RegisterItemInput.parse(readJson(o.file));
      const res = await registerItem(deps, ctx, input, o.idempotencyKey);
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
  .requiredOption('--as <username>')
  .requiredOption('--json <json>')
  .option('--version <n>', '事项版本号（不填则取当前版本）', (v) => Number(v))
  .addOption(dbOption())
  .action(async (id: string, o: { as: string; json: string; version?: number; db?: string }) => {
    await withDeps(o.db, async (deps) => {
      const ctx = await actorOf(deps, o.as);
      let raw: unknown;
      try {
        raw = JSON.parse(o.json);
      } catch (e) {
        throw new AppError('BAD_JSON', `--json 不是有效的 JSON：${(e as Error).message}`);
      }
      const input = StepInputSchema.parse(raw);
      const version = o.version ?? (await getItemView(deps, ctx, id)).version;
      ApplyStepBody.parse({ version, input });
      const res = await applyStep(deps, ctx, id, version, input);
      out({ id, status: res.item.status, version: res.item.version, summary: res.summary, refused: res.refused });
    });
  });
item
  .command('show <id>')
  .description('事项详情（含期限）')
  .option('--as <username>')
  .addOption(dbOption())
  .action(async (id: string, o: { as?: string; db?: string }) => {
    await withDeps(o.db, async (deps) => {
      const ctx = o.as
        ? await actorOf(deps, o.as)
        : { actor: { ...SYSTEM_ACTOR, role: 'reviewer' as const }, requestId: null };
      out(await getItemView(deps, ctx, id));
    });
  });
item
  .command('timeline <id>')
  .description('事项时间线')
  .addOption(dbOption())
  .action(async (id: string, o: { db?: string }) => {
    await withDeps(o.db, async (deps) =>
      out(await getTimeline(deps, { actor: { ...SYSTEM_ACTOR, role: 'reviewer' }, requestId: null }, id)),
    );
  });

program
  .command('backup')
  .description('在线备份数据库（服务运行中亦可）')
  .requiredOption('--out <file>')
  .addOption(dbOption())
  .action(async (o: { out: string; db?: string }) => {
    await withDeps(o.db, async (deps) =>
      out(
        await backupDatabase(
          deps.db,
          deps.dialect,
          resolve(o.out),
          loadConfig(process.env, o.db ? { db: o.db } : {}).db,
        ),
      ),
    );
  });
program
  .command('restore')
  .description('从备份恢复数据库（SQLite 请先停止服务）')
  .requiredOption('--from <file>')
  .option('--force', '覆盖已有数据库', false)
  .addOption(dbOption())
  .action(async (o: { from: string; force: boolean; db?: string }) => {
    const cfg = loadConfig(process.env, o.db ? { db: o.db } : {});
    out(restoreDatabase(resolve(o.from), isPostgresUrl(cfg.db) ? 'postgres' : 'sqlite', cfg.db, o.force));
  });
const keys = program.command('keys').description('字段加密密钥');
keys
  .command('rotate')
  .description('轮换 SM4 字段加密密钥并重新加密全部个人信息（旧密钥保留用于读取）')
  .addOption(dbOption())
  .action(async (o: { db?: string }) => {
    const cfg = loadConfig(process.env, o.db ? { db: o.db } : {});
    await withDeps(o.db, async (deps) => {
      const bar = progressBar('重新加密');
      const res = await rotateKeys(deps, { actor: SYSTEM_ACTOR, requestId: null }, cfg.keyFile, {
        onProgress: (d, t) => bar.update(d, t),
        files: { dir: cfg.filesDir },
      });
      bar.stop();
      out(res);
    });
  });

registerTextCommands(program, undefined, (db) => withDeps(db, (deps) => confirmedSamples(deps)));
program.commands
  .find((c) => c.name() === 'text')!
  .command('reindex')
  .description('补建相似度索引（导入后；服务运行时亦会在后台自动补建）')
  .addOption(dbOption())
  .action(async (o: { db?: string }) => {
    await withDeps(o.db, async (deps) => {
      const bar = progressBar('相似度索引');
      const total = Number(
        (
          await deps.db
            .selectFrom('items')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirst()
        )?.n ?? 0,
      );
      const n = await reindexText(deps, (d) => bar.update(d, total));
      bar.stop();
      out({ indexed: n });
    });
  });
for (const register of extraCliModules) register(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof AppError) {
    process.stderr.write(`错误 [${err.code}]：${err.message}\n`);
    process.exitCode = 2;
  } else if (err && typeof err === 'object' && 'issues' in err) {
    process.stderr.write(`错误 [VALIDATION]：${zodMessage(err as never)}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`错误：${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
});
