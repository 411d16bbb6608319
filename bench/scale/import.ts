/** Import throughput (rows/s) of CSV and xlsx files into the district, each in its own process, with peak RSS. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { csvOf, HEADER, importRows } from '../../test/import-fixture.ts';
import { emit, note } from './emit.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function xlsxOf(rows: Record<string, string>[], file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('信访事项');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(HEADER.map((h) => r[h] ?? ''));
  await wb.xlsx.writeFile(file);
}

export async function benchImport(db: string, keys: string, dir: string, prefix: string, rows: number): Promise<void> {
  for (const kind of ['csv', 'xlsx'] as const) {
    const file = join(dir, `import.${kind}`);
    const data = importRows(rows, kind === 'csv' ? '基准导入' : '基准表格');
    if (kind === 'csv') writeFileSync(file, csvOf(data));
    else await xlsxOf(data, file);
    note(`import: ${rows} ${kind} rows…`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/scale/import-run.ts', db, keys, file], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 20,
    });
    if (r.status !== 0) throw new Error(`import ${kind} failed (exit ${r.status})`);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
      rows: number;
      parseMs: number;
      importMs: number;
      importCpuMs: number;
      peakRssMb: number;
    };
    emit(`${prefix}import.${kind}`, (out.rows * 1000) / out.importMs, 'rows/s', (out.rows * 1000) / out.parseMs, {
      baselineOf: 'reading and parsing the same file',
      rows: out.rows,
      cpuMsPerRow: Math.round((out.importCpuMs / out.rows) * 10) / 10,
      peakRssMb: Math.round(out.peakRssMb),
    });
  }
}
