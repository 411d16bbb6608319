#!/usr/bin/env node
// Runs every *.test.ts under the source folders with Node's own test runner (through tsx).
// Node 20's --test does not expand globs, so the files are collected here.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const roots = ['contract', 'server', 'test', 'web/src', 'bench', 'models'];
const only = process.argv.slice(2);
const files = [];
function walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.test\.tsx?$/.test(name)) files.push(relative(root, p));
  }
}
for (const r of roots) walk(join(root, r));
files.sort();
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
if (selected.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const env = { ...process.env, NODE_ENV: 'test' };
// A fresh machine: install/start what the tests need (Chromium, a CJK font, PostgreSQL) unless told not to.
if (!only.length && process.env.XINFANG_SYSTEM_DEPS !== '0' && process.platform === 'linux') {
  const deps = spawnSync('bash', [join(root, 'scripts', 'system-deps.sh')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  const url = (deps.stdout ?? '').trim().split('\n').pop();
  if (!env.XINFANG_TEST_PG_URL && url?.startsWith('postgres://')) env.XINFANG_TEST_PG_URL = url;
}
console.log(
  env.XINFANG_TEST_PG_URL
    ? 'store and API suites run on SQLite and PostgreSQL'
    : 'XINFANG_TEST_PG_URL is not set: store and API suites run on SQLite only',
);
// Type-check server, CLI, tests and web before running anything (a type error is a failed test run).
if (!only.length && process.env.XINFANG_TYPECHECK !== '0') {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const project of ['tsconfig.json', 'web/tsconfig.json']) {
    const r = spawnSync(process.execPath, [tsc, '-p', project, '--noEmit'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`type check failed: ${project}`);
      process.exit(r.status ?? 1);
    }
  }
  // Formatting and lint (Biome, 120 columns): a finding is a failed test run too.
  const biome = join(root, 'node_modules', '@biomejs', 'biome', 'bin', 'biome');
  const lint = spawnSync(process.execPath, [biome, 'ci', '--colors=off', '.'], { cwd: root, stdio: 'inherit' });
  if (lint.status !== 0) {
    console.error('format/lint check failed: run `npm run format`, then fix what `npm run lint` reports');
    process.exit(lint.status ?? 1);
  }
  // Import directions (http → app → domain, Kysely only in server/store/, no circles): a broken arrow fails the run.
  const imports = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'import-rules.ts')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (imports.status !== 0) {
    console.error('import-direction check failed: see scripts/import-rules.ts for the rules');
    process.exit(imports.status ?? 1);
  }
}
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...selected], {
  cwd: root,
  stdio: 'inherit',
  env,
});
process.exit(res.status ?? 1);
