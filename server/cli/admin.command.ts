import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ROLES, type Role } from '../../contract/enums.ts';
import { AppError } from '../domain/errors.ts';
import { dbOption, EXIT, out, resolveDb, SYSTEM_CTX, withDeps } from './cli-context.ts';
import { intOption, Option } from './zh-command.ts';

/** Commands that create a database (they accept a --db that does not exist yet). */
const CREATES = { create: true } as const;

/** Installation and administration: serve, migrate, seed, users, units, audit, backup, restore, keys. */
export function registerAdminCommands(program: Command): void {
  program
    .command('serve')
    .description('启动服务（首次启动自动建库、迁移并生成演示数据）')
    .addOption(dbOption())
    .action(async (o: { db?: string }) => {
      const [{ loadConfig }, { startServer }] = await Promise.all([import('../config.ts'), import('../serve.ts')]);
      await startServer(loadConfig(process.env, o.db ? { db: o.db } : {}));
    });

  program
    .command('migrate')
    .description('新建数据库或把数据库结构迁移到最新版本')
    .addOption(dbOption())
    .action(async (o: { db?: string }) => {
      await withDeps(o.db, async () => out({ ok: true }), CREATES);
    });

  program
    .command('seed')
    .description('生成演示数据（仅在尚无责任单位的数据库上）')
    .requiredOption('--demo', '演示区数据（责任单位、用户与两年的信访事项）')
    .option('--items <n>', '事项数量（默认 2000）', intOption(1, 1_000_000))
    .addOption(dbOption())
    .action(async (o: { db?: string; items?: number }) => {
      const target = await resolveDb(o.db, CREATES);
      await withDeps(
        o.db,
        async (deps) => {
          const { seedIfEmpty } = await import('../serve.ts');
          out({ logins: await seedIfEmpty(deps, o.items, { dir: target.filesDir }) });
        },
        CREATES,
      );
    });

  const user = program.command('user').description('用户管理');
  user
    .command('add')
    .description('新增用户')
    .requiredOption('--username <name>', '登录名')
    .requiredOption('--name <displayName>', '姓名')
    .addOption(new Option('--role <role>', '角色').choices(ROLES).makeOptionMandatory())
    .option('--unit <unitName>', '所属单位名称（责任单位人员必填）')
    .requiredOption('--password <password>', '初始密码（须符合密码策略）')
    .addOption(dbOption())
    .action(async (o: { username: string; name: string; role: Role; unit?: string; password: string; db?: string }) => {
      await withDeps(o.db, async (deps) => {
        const [{ createUser }, { unitByName }] = await Promise.all([
          import('../app/admin.ts'),
          import('../store/reference.store.ts'),
        ]);
        const unit = o.unit ? await unitByName(deps.db, o.unit) : null;
        if (o.unit && !unit) throw new AppError('UNKNOWN_UNIT', `单位 ${o.unit} 不存在`);
        const body = { username: o.username, displayName: o.name, role: o.role, unitId: unit?.id ?? null };
        out(await createUser(deps, SYSTEM_CTX, { ...body, password: o.password }));
      });
    });

  const unit = program.command('unit').description('责任单位');
  unit
    .command('add')
    .description('新增责任单位')
    .requiredOption('--name <name>', '单位名称')
    .option('--outside', '不属于本区（区外单位）', false)
    .option('--parent <parentName>', '上级单位名称')
    .addOption(dbOption())
    .action(async (o: { name: string; outside: boolean; parent?: string; db?: string }) => {
      await withDeps(o.db, async (deps) => {
        const [{ createUnit }, { unitByName }] = await Promise.all([
          import('../app/admin.ts'),
          import('../store/reference.store.ts'),
        ]);
        const parent = o.parent ? await unitByName(deps.db, o.parent) : null;
        if (o.parent && !parent) throw new AppError('UNKNOWN_UNIT', `上级单位 ${o.parent} 不存在`);
        const body = { name: o.name, parentId: parent?.id ?? null, insideDistrict: !o.outside, kind: '部门', sort: 0 };
        out(await createUnit(deps, SYSTEM_CTX, body));
      });
    });
  unit
    .command('list')
    .description('列出责任单位')
    .addOption(dbOption())
    .action(async (o: { db?: string }) => {
      await withDeps(o.db, async (deps) => {
        const { listUnits } = await import('../store/reference.store.ts');
        out(await listUnits(deps.db));
      });
    });

  program
    .command('backup')
    .description('在线备份数据库（服务运行中亦可）')
    .requiredOption('--out <file>', '备份文件')
    .addOption(dbOption())
    .action(async (o: { out: string; db?: string }) => {
      const target = await resolveDb(o.db);
      await withDeps(o.db, async (deps) => {
        const { backupDatabase } = await import('../app/backup.ts');
        out(await backupDatabase(deps.db, deps.dialect, resolve(o.out), target.db));
      });
    });
  program
    .command('restore')
    .description('从备份恢复数据库（SQLite 请先停止服务；目标数据库可以尚不存在）')
    .requiredOption('--from <file>', '备份文件')
    .option('--force', '覆盖已有数据库', false)
    .addOption(dbOption())
    .action(async (o: { from: string; force: boolean; db?: string }) => {
      const target = await resolveDb(o.db, CREATES);
      const [{ restoreDatabase }, { isPostgresUrl }] = await Promise.all([
        import('../app/backup.ts'),
        import('../store/db.ts'),
      ]);
      out(restoreDatabase(resolve(o.from), isPostgresUrl(target.db) ? 'postgres' : 'sqlite', target.db, o.force));
    });

  program
    .command('keys')
    .description('字段加密密钥')
    .command('rotate')
    .description('轮换 SM4 字段加密密钥并重新加密全部个人信息（旧密钥保留用于读取）')
    .addOption(dbOption())
    .action(async (o: { db?: string }) => {
      const target = await resolveDb(o.db);
      await withDeps(o.db, async (deps) => {
        const [{ rotateKeys }, { progressBar }] = await Promise.all([
          import('../app/rotate-keys.ts'),
          import('../cli-progress.ts'),
        ]);
        const bar = progressBar('重新加密');
        const res = await rotateKeys(deps, SYSTEM_CTX, target.keyFile, {
          onProgress: (d, t) => bar.update(d, t),
          files: { dir: target.filesDir },
        });
        bar.stop();
        out(res);
      });
    });
}
