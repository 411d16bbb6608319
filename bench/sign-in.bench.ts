/**
 * Sign-in bench: the time a failed sign-in takes for a name that is no account, against the time for a real
 * account with a wrong password, through the same use case on the same database in the same run. The two must
 * not tell the names apart: the ratio should stay near 1 (argon2id runs against a dummy hash for unknown names,
 * and both failures are recorded alike). Each attempt comes from its own address and name, so no throttle.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { login } from '../server/app/auth.ts';
import { openApp } from '../server/compose.ts';
import { hashPassword } from '../server/crypto/password-hash.ts';
import { insertUser } from '../server/store/user.store.ts';
import { emit } from './scale/emit.ts';

const N = Number(process.argv[2] ?? 30);
const dir = mkdtempSync(join(tmpdir(), 'xinfang-bench-signin-'));
const app = await openApp(join(dir, 'bench.db'), join(dir, 'keys.json'));
try {
  const hash = await hashPassword('Bench@2025x');
  for (let i = 0; i < N; i++)
    await insertUser(
      app.deps.db,
      { id: `u${i}`, username: `real${i}`, displayName: 'b', role: 'registrar', unitId: null, passwordHash: hash },
      new Date().toISOString(),
    );
  const attempt = async (username: string, i: number, who: string) => {
    const t = performance.now();
    await login(app.deps, username, 'Wrong@2025x', undefined, { requestId: null, address: `${who}-${i}` }).catch(
      () => {},
    );
    return performance.now() - t;
  };
  // Interleaved, so machine load falls on both sides alike.
  const unknown: number[] = [];
  const wrong: number[] = [];
  for (let i = 0; i < N; i++) {
    unknown.push(await attempt(`ghost${i}`, i, 'u'));
    wrong.push(await attempt(`real${i}`, i, 'w'));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  emit('sign_in.failure_unknown_name_vs_wrong_password', median(unknown), 'ms', median(wrong));
} finally {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
