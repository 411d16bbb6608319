/**
 * `npm run bench`: runs every benchmark in turn; each prints JSON lines {name, value, unit, baseline, ratio}
 * with a baseline measured in the same run. Progress goes to stderr, results to stdout.
 * Pass names to run a subset: `npm run bench -- core text`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHES: [string, string[]][] = [
  ['core', []],
  ['web', []],
  ['import', ['20000']],
  ['routing', []],
  ['text', []],
  ['sm', []],
  ['sign-in', []],
];
const want = process.argv.slice(2);
const root = fileURLToPath(new URL('..', import.meta.url));
let failed = 0;
for (const [name, args] of BENCHES) {
  if (want.length && !want.includes(name)) continue;
  process.stderr.write(`\n== bench ${name} ==\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.bench.ts`, ...args], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(
      `${JSON.stringify({ name: `${name}.failed`, value: r.status ?? -1, unit: 'exit', baseline: 0, ratio: null })}\n`,
    );
  }
}
process.exit(failed ? 1 : 0);
