/**
 * One import in its own process (so that its peak memory is its own): `import-run.ts <db> <keys> <file>`.
 * Prints one JSON object: rows, wall and CPU milliseconds of parsing and of the import, peak RSS in MB.
 */
import { importItems } from '../../server/app/import-items.ts';
import { tableFile } from '../../server/app/import-table.ts';
import { openApp } from '../../server/compose.ts';
import { SYSTEM_ACTOR } from '../../server/domain/item.policy.ts';
import { timed } from './emit.ts';

const [db, keys, file] = process.argv.slice(2) as [string, string, string];
const app = await openApp(db, keys);
try {
  // The baseline streams the file through the same reader without keeping the rows (the import reads it twice:
  // once to check every row, once to write).
  const parse = await timed(async () => {
    let n = 0;
    for await (const _ of tableFile(file).rows()) n++;
    return { rows: { length: n } };
  });
  const run = await timed(() =>
    importItems(app.deps, { actor: SYSTEM_ACTOR, requestId: null }, tableFile(file), { createUnits: true }),
  );
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
