import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isAddressOrRange } from './http/client-address.ts';
import { isPostgresUrl } from './store/db.ts';

/** The folder that holds package.json: `npm start` and `bin/xinfang` share its data folder by default. */
const INSTALL_ROOT = fileURLToPath(new URL('..', import.meta.url));

const EnvSchema = z.object({
  XINFANG_DB: z.string().min(1).optional(),
  XINFANG_KEY_FILE: z.string().min(1).optional(),
  XINFANG_FILES: z.string().min(1).optional(),
  XINFANG_BACKUP_DIR: z.string().min(1).optional(),
  XINFANG_BACKUP_KEEP: z.coerce.number().int().min(0).max(3650).default(7),
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  XINFANG_SECURE_COOKIES: z.enum(['0', '1']).default('0'),
  XINFANG_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  XINFANG_RATE_LIMIT: z.coerce.number().int().min(1).max(100000).default(60),
  XINFANG_SENSITIVE_RATE_LIMIT: z.coerce.number().int().min(1).max(100000).default(120),
  XINFANG_LOGIN_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(10),
  XINFANG_TRUSTED_PROXIES: z
    .string()
    .default('')
    .refine((s) => s.split(',').every((p) => !p.trim() || isAddressOrRange(p.trim())), {
      message: '应为逗号分隔的 IP 地址或 CIDR 网段，如 127.0.0.1,10.0.0.0/8',
    }),
  XINFANG_DEMO: z.enum(['0', '1']).default('1'),
  XINFANG_JOBS: z.enum(['0', '1']).default('1'),
  XINFANG_DIGEST_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '应为北京时间 HH:MM，如 08:00')
    .default('08:00'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  db: string;
  keyFile: string;
  /** Attachment contents (content-addressed files). Shared storage when several instances run. */
  filesDir: string;
  /** Daily backups go here; `backupKeep` copies are kept (0 turns the daily backup off). */
  backupDir: string;
  backupKeep: number;
  port: number;
  host: string;
  secureCookies: boolean;
  idleMinutes: number;
  rateLimitPerMinute: number;
  sensitivePerMinute: number;
  loginFailuresPerMinute: number;
  /** Reverse proxies whose X-Forwarded-For is believed. */
  trustedProxies: string[];
  seedDemo: boolean;
  /** Scheduled jobs (warnings, outbox, 督办 escalation, daily reports, retraining) run in this process. */
  jobs: boolean;
  /** When the daily digest (每日待办摘要) goes out, HH:MM Beijing time. */
  digestAt: string;
  logLevel: string;
}

/** Parses the environment once; fails listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: { db?: string } = {}): Readonly<Config> {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`配置有误（环境变量）：\n${lines}`);
  }
  const e = parsed.data;
  // The default lives in the installation's own data folder, wherever the CLI is run from.
  const db = overrides.db ?? e.XINFANG_DB ?? join(INSTALL_ROOT, 'data', 'xinfang.db');
  const local = isPostgresUrl(db) ? resolve('./data') : dirname(resolve(db));
  return Object.freeze({
    db: isPostgresUrl(db) || db === ':memory:' ? db : resolve(db),
    keyFile: resolve(e.XINFANG_KEY_FILE ?? join(local, 'keys.json')),
    filesDir: resolve(e.XINFANG_FILES ?? join(local, 'files')),
    backupDir: resolve(e.XINFANG_BACKUP_DIR ?? join(local, 'backups')),
    backupKeep: e.XINFANG_BACKUP_KEEP,
    port: e.PORT,
    host: e.HOST,
    secureCookies: e.XINFANG_SECURE_COOKIES === '1',
    idleMinutes: e.XINFANG_IDLE_MINUTES,
    rateLimitPerMinute: e.XINFANG_RATE_LIMIT,
    sensitivePerMinute: e.XINFANG_SENSITIVE_RATE_LIMIT,
    loginFailuresPerMinute: e.XINFANG_LOGIN_FAILURES_PER_MINUTE,
    trustedProxies: e.XINFANG_TRUSTED_PROXIES.split(',')
      .map((p) => p.trim())
      .filter(Boolean),
    seedDemo: e.XINFANG_DEMO === '1',
    jobs: e.XINFANG_JOBS === '1',
    digestAt: e.XINFANG_DIGEST_AT,
    logLevel: e.LOG_LEVEL,
  });
}
