/**
 * The real server (server/main.ts) as a child process on a free loopback port, with its resource use read
 * from /proc: peak resident memory (VmHWM) and CPU time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD } from '../../server/app/seed-demo.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  base: string;
  pid: number;
  /** Peak resident set size so far, MB. */
  peakRssMb(): number;
  /** User + system CPU time so far, ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

export async function startServer(db: string, keyFile: string, filesDir: string): Promise<RunningServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      XINFANG_DB: db,
      XINFANG_KEY_FILE: keyFile,
      XINFANG_FILES: filesDir,
      XINFANG_BACKUP_KEEP: '0',
      XINFANG_DEMO: '0',
      XINFANG_RATE_LIMIT: '100000',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - started > 180_000) throw new Error('server did not start within 180 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  const pid = child.pid!;
  const status = () => readFileSync(`/proc/${pid}/status`, 'utf8');
  return {
    base,
    pid,
    peakRssMb: () => Number(/VmHWM:\s+(\d+)/.exec(status())?.[1] ?? 0) / 1024,
    cpuMs: () => {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (100 Hz)
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface Session {
  cookie: string;
  csrf: string;
}

export async function login(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const body = (await res.json()) as { csrf?: string };
  if (res.status !== 200 || !body.csrf) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(body)}`);
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: body.csrf };
}
