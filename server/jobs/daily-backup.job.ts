import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { backupDatabase, pruneBackups } from '../app/backup.ts';
import { todayOf, type AppDeps } from '../app/context.ts';

/**
 * Once a day (checked hourly), writes `xinfang-YYYY-MM-DD.db|dump` into the backup folder and keeps the newest
 * `keep` copies. Several instances may race: the backup is renamed into place atomically and identical.
 */
export function scheduleDailyBackup(
  deps: AppDeps,
  opts: { dir: string; keep: number; pgUrl?: string; log: Logger | null; firstDelayMs?: number },
): () => void {
  const run = async () => {
    const name = `xinfang-${todayOf(deps.clock())}.${deps.dialect === 'sqlite' ? 'db' : 'dump'}`;
    const file = join(opts.dir, name);
    if (existsSync(file)) return;
    try {
      const res = await backupDatabase(deps.db, deps.dialect, file, opts.pgUrl);
      const dropped = pruneBackups(opts.dir, opts.keep);
      opts.log?.info({ backup: res.file, bytes: res.bytes, dropped }, 'daily backup written');
    } catch (err) {
      opts.log?.error({ err }, 'daily backup failed');
    }
  };
  const first = setTimeout(run, opts.firstDelayMs ?? 60_000);
  const timer = setInterval(run, 3_600_000);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
