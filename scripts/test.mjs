#!/usr/bin/env node
// Runs every *.test.ts under the source folders with Node's own test runner (through tsx).
// Node 20's --test does not expand globs, so the files are collected here.
// Once per run, before any test file: the checks (types, format, import directions), the web build, and the
// database templates every test environment copies (test/run-templates.ts). Then the files without a browser,
// two at a time (each uses its own temp folder, random PostgreSQL schema and port 0), then the browser walks
// one at a time against one shared Chromium.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
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
const tsxNode = (args) => [process.execPath, ['--import', 'tsx', ...args]];
/** Runs a command to its end with inherited output; resolves to its exit status. */
function run([cmd, args], extra = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', ...extra });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(1));
  });
}
/** Runs the jobs two at a time (the machine this runs on has two cores); resolves to the failed jobs' names. */
async function pool(jobs, width = 2) {
  const failed = [];
  const queue = [...jobs];
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) if ((await job.run()) !== 0) failed.push(job.name);
  };
  await Promise.all(Array.from({ length: width }, worker));
  return failed;
}

const prepare = join(root, 'test', 'e2e', 'prepare.ts');
/** Starts the shared Chromium (test/e2e/prepare.ts browser); resolves to its endpoint, or null if it fails. */
function sharedBrowser() {
  const [cmd, args] = tsxNode([prepare, 'browser']);
  const child = spawn(cmd, args, { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n') && line.startsWith('ws'))
        resolve({ endpoint: line.trim(), stop: () => child.stdin.end() });
    });
    child.on('exit', () => resolve(null));
  });
}
const isBrowser = (f) => /^test\/e2e\/.*\.e2e\.test\.tsx?$/.test(f.split('\\').join('/'));
const browserFiles = selected.filter(isBrowser);
const otherFiles = selected.filter((f) => !isBrowser(f));
const needsWeb = browserFiles.length > 0 || selected.some((f) => f.includes('web-bundle'));
const templates = mkdtempSync(join(tmpdir(), 'xinfang-templates-'));
env.XINFANG_TEST_TEMPLATE_DIR = templates;

const jobs = [];
// Type-check server, CLI, tests and web before running anything (a type error is a failed test run).
if (!only.length && process.env.XINFANG_TYPECHECK !== '0') {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const project of ['tsconfig.json', 'web/tsconfig.json'])
    jobs.push({
      name: `type check failed: ${project}`,
      run: () => run([process.execPath, [tsc, '-p', project, '--noEmit']]),
    });
  // Formatting and lint (Biome, 120 columns): a finding is a failed test run too.
  const biome = join(root, 'node_modules', '@biomejs', 'biome', 'bin', 'biome');
  jobs.push({
    name: 'format/lint check failed: run `npm run format`, then fix what `npm run lint` reports',
    run: () => run([process.execPath, [biome, 'ci', '--colors=off', '.']]),
  });
  // Import directions (http → app → domain, Kysely only in server/store/, no circles): a broken arrow fails the run.
  jobs.push({
    name: 'import-direction check failed: see scripts/import-rules.ts for the rules',
    run: () => run(tsxNode([join(root, 'scripts', 'import-rules.ts')])),
  });
  // No line of code over 120 characters (data files exempt, listed in the script with why).
  jobs.push({
    name: 'line-length check failed: see the lines it lists',
    run: () => run([process.execPath, [join(root, 'scripts', 'line-length.mjs')]]),
  });
}
jobs.push({
  name: 'could not build the test database templates',
  run: () => run(tsxNode([join(root, 'test', 'run-templates.ts'), templates]), { env }),
});
// The compiled server and CLI (bin/xinfang runs it): built here, not by the first CLI test of the run.
jobs.push({
  name: 'server build failed',
  run: () =>
    run([
      process.execPath,
      ['--input-type=module', '-e', "await (await import('./scripts/build-server.mjs')).ensureServerBuild()"],
    ]),
});
// The web workbench, built once for every browser walk (the harness rebuilds only when sources are newer).
if (needsWeb) jobs.push({ name: 'web build failed', run: () => run(tsxNode([prepare, 'build'])) });
const failedJobs = await pool(jobs);
let status = 0;
if (failedJobs.length) {
  for (const f of failedJobs) console.error(f);
  status = 1;
} else {
  const concurrency = Number(process.env.XINFANG_TEST_CONCURRENCY ?? 2);
  const nodeTest = (files, n) => tsxNode(['--test', `--test-concurrency=${n}`, ...files]);
  if (otherFiles.length) status = await run(nodeTest(otherFiles, concurrency), { env });
  if (browserFiles.length) {
    // One Chromium for every browser file: each file connects, opens its own contexts and closes them.
    const server = existsSync('/usr/bin/chromium') ? await sharedBrowser() : null;
    const browserEnv = server ? { ...env, XINFANG_TEST_BROWSER_WS: server.endpoint } : env;
    const s = await run(nodeTest(browserFiles, 1), { env: browserEnv });
    server?.stop();
    status = status || s;
  }
}
rmSync(templates, { recursive: true, force: true });
process.exit(status);
