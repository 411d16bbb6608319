#!/usr/bin/env node
// `npm start`: build the web workbench and the server when their sources are newer than the builds, then run
// the compiled server with plain node (no TypeScript compilation at start).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureServerBuild } from './build-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'web', 'dist', 'index.html');

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

if (existsSync(join(root, 'web', 'index.html'))) {
  const srcTime = Math.max(
    newest(join(root, 'web', 'src')),
    newest(join(root, 'contract')),
    statSync(join(root, 'web', 'index.html')).mtimeMs,
  );
  if (!existsSync(dist) || statSync(dist).mtimeMs < srcTime) {
    process.stderr.write('正在构建网页前端（首次启动或源码有更新）…\n');
    const r = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        '--config',
        'web/vite.config.ts',
        '--logLevel',
        'warn',
      ],
      { cwd: root, stdio: 'inherit' },
    );
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

const serverDist = await ensureServerBuild();
// Source maps sit beside the build; NODE_OPTIONS=--enable-source-maps maps stack traces to the sources.
const child = spawn(process.execPath, [join(serverDist, 'main.js')], {
  cwd: root,
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
