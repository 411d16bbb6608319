/**
 * One import in its own process (so that its peak memory is its own): `import-run.ts <db> <keys> <file>`.
 * Prints one JSON object: rows, wall and CPU milliseconds of parsing and of the import, peak RSS in MB.
 */
import { importItems } from '../../server/app/import-items.ts';
import { readTable } from '../../server/app/import-table.ts';
import { openApp } from '../../server/compose.ts';
import { SYSTEM_ACTOR } from '../../server/domain/item.policy.ts';
import { timed } from './emit.ts';

const [db, keys, file] = process.argv.slice(2) as [string, string, string];
const app = await openApp(db, keys);
try {
  const parse = await timed(() => readTable(file));
  const run = await timed(() => importItems(app.deps, { actor: SYSTEM_ACTOR, requestId: null }, parse.value));
  if (!run.value.ok) throw new Error(`import refused: ${JSON.stringify(run.value.problems.slice(0, 3))}`);
  process.stdout.write(
    `${JSON.stringify({
      rows: parse.value.rows.length,
      created: run.value.created,
      parseMs: parse.ms,
      importMs: run.ms,
      importCpuMs: run.cpuMs,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
} finally {
  await app.close();
}
