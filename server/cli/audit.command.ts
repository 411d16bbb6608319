/**
 * `xinfang audit …`: verify the keyed chain (optionally against an anchor kept outside the system), export a
 * checkpoint (anchor) for safekeeping, and seal an old plain-SM3 chain after an upgrade.
 * stdout carries the JSON result; a broken chain exits with 3.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../domain/errors.ts';
import { dbOption, EXIT, out, SYSTEM_CTX, withDeps } from './cli-context.ts';

async function readAnchor(file: string) {
  let text: string;
  try {
    text = readFileSync(resolve(file), 'utf8');
  } catch {
    throw new AppError('NOT_FOUND', `锚点文件 ${file} 不存在或无法读取`);
  }
  const { parseAnchor } = await import('../app/audit-queries.ts');
  try {
    return parseAnchor(JSON.parse(text));
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('BAD_JSON', `锚点文件 ${file} 不是有效的 JSON`);
  }
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('审计日志');
  audit
    .command('verify')
    .description(
      '校验审计日志（密钥签名的哈希链与链头封存），报告第一处断裂（断裂时退出码为 3）；--anchor 另行核对留存的锚点',
    )
    .option('--anchor <file>', '此前用 audit checkpoint 导出并另行保管的锚点文件')
    .addOption(dbOption())
    .action(async (o: { anchor?: string; db?: string }) => {
      const anchor = o.anchor ? await readAnchor(o.anchor) : undefined;
      await withDeps(o.db, async (deps) => {
        const { verifyAudit } = await import('../app/audit-queries.ts');
        const res = await verifyAudit(deps, anchor ? { anchor } : {});
        out(res);
        if (!res.ok) process.exitCode = EXIT.auditBroken;
      });
    });
  audit
    .command('checkpoint')
    .description('导出链头（序号、哈希、时间与密钥签名）作为锚点，请保存到系统之外（打印、另一台机器、存档介质）')
    .option('--out <file>', '写入文件（权限 0600）；不填则只输出到标准输出')
    .addOption(dbOption())
    .action(async (o: { out?: string; db?: string }) => {
      await withDeps(o.db, async (deps) => {
        const [{ exportAuditCheckpoint }, { writePrivateFile }] = await Promise.all([
          import('../app/audit-queries.ts'),
          import('../files/private-files.ts'),
        ]);
        const anchor = await exportAuditCheckpoint(deps, SYSTEM_CTX);
        if (o.out) writePrivateFile(resolve(o.out), `${JSON.stringify(anchor, null, 2)}\n`);
        out(anchor);
      });
    });
  audit
    .command('rekey')
    .description('升级后封存未加密钥的旧审计链：追加一条以密钥签名、记明旧链末条的记录（可重复执行）')
    .addOption(dbOption())
    .action(async (o: { db?: string }) => {
      await withDeps(o.db, async (deps) => {
        const { sealLegacyAuditChain } = await import('../app/audit-queries.ts');
        const r = await sealLegacyAuditChain(deps);
        out({
          ...r,
          message: r.sealed
            ? `已封存旧链 ${r.legacyRows} 条：此后对它们的任何改动都会被发现；封存之前发生的改动无法证明`
            : '最新记录已有密钥签名，无需封存',
        });
      });
    });
}
