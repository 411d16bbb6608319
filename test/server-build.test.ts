import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

import { buildServer, type BuildMetafile as Metafile } from '../scripts/build-server.mjs';

/** What loading `entry` loads before any dynamic import runs: output files, their inputs, external packages. */
function staticClosure(meta: Metafile, entry: string) {
  const outputs = new Set<string>();
  const externals = new Set<string>();
  const visit = (o: string) => {
    if (outputs.has(o)) return;
    outputs.add(o);
    for (const i of meta.outputs[o]!.imports) {
      if (i.kind !== 'import-statement') continue;
      if (i.external) externals.add(i.path);
      else visit(i.path);
    }
  };
  visit(entry);
  const inputs = [...outputs].flatMap((o) => Object.keys(meta.outputs[o]!.inputs));
  return { outputs, inputs, externals };
}

describe('the compiled server (scripts/build-server.mjs)', () => {
  // Inside the project, so that the external packages resolve from node_modules as they do for dist/server/.
  const outdir = join(ROOT, 'dist', `build-check-${process.pid}`);
  let meta: Metafile;
  const outKey = (name: string) =>
    Object.keys(meta.outputs).find((k) => k.endsWith(`/build-check-${process.pid}/${name}`))!;

  before(async () => {
    meta = await buildServer({ outdir, quiet: true });
  });
  after(() => rmSync(outdir, { recursive: true, force: true }));

  it('loads the demo district only through a dynamic import, never at start', () => {
    const main = staticClosure(meta, outKey('main.js'));
    assert.ok(main.inputs.includes('server/serve.ts'), 'the closure is the real start path');
    assert.deepEqual(
      main.inputs.filter((i) => i.startsWith('server/demo/')),
      [],
    );
    const all = Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs));
    assert.ok(all.includes('server/demo/seed-demo.ts'), 'the demo is still in the build, as a lazy chunk');
  });

  it('lets the CLI define its commands with commander alone; the rest loads per command', () => {
    const cli = staticClosure(meta, outKey('cli.js'));
    assert.deepEqual(
      [...cli.externals].filter((e) => !e.startsWith('node:')),
      ['commander'],
    );
    for (const heavy of ['server/store/', 'server/text/', 'server/exports/', 'server/http/', 'node_modules/'])
      assert.deepEqual(
        cli.inputs.filter((i) => i.startsWith(heavy) || i.includes(`/${heavy}`)),
        [],
        heavy,
      );
  });

  it('runs with plain node and finds the files next to the sources (package.json, the model)', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const v = spawnSync(process.execPath, [join(outdir, 'cli.js'), '--version'], { encoding: 'utf8', cwd: '/' });
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.stdout.trim(), version);
    const c = spawnSync(process.execPath, [join(outdir, 'cli.js'), 'text', 'classify'], {
      encoding: 'utf8',
      cwd: '/',
      input: `${JSON.stringify({ id: 'a', text: '公司拖欠农民工工资三个月，老板失联，工人讨薪无门' })}\n`,
      timeout: 120_000,
    });
    assert.equal(c.status, 0, c.stderr);
    assert.equal(JSON.parse(c.stdout).label, '劳动和社会保障');
  });
});
