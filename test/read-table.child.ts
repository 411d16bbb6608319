/** Child process for tests: reads one table file with readTable and prints the outcome as one JSON line. */
import { readTable } from '../server/app/import-table.ts';

try {
  const t = await readTable(process.argv[2]!);
  process.stdout.write(`${JSON.stringify({ ok: true, rows: t.rows.length })}\n`);
} catch (e) {
  process.stdout.write(
    `${JSON.stringify({ ok: false, code: (e as { code?: string }).code ?? null, message: (e as Error).message })}\n`,
  );
}
