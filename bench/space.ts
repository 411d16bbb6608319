/**
 * Where a district's bytes go: pages per table and index (SQLite's dbstat), per item and per row, largest first.
 *   node --import tsx bench/space.ts bench/.cache/district-n100000-s1-t2026-12-01-g1.db [--json]
 * Opens the file read-only; an index is listed under its table.
 */
import Database from 'better-sqlite3';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: bench/space.ts <district.db> [--json]\n');
  process.exit(2);
}
const db = new Database(file, { readonly: true, fileMustExist: true });
const items = (db.prepare('select count(*) as n from items').get() as { n: number }).n;
const objects = db
  .prepare("select name, tbl_name as tbl, type from sqlite_master where type in ('table','index')")
  .all() as {
  name: string;
  tbl: string;
  type: string;
}[];
const sizes = new Map(
  (
    db.prepare('select name, sum(pgsize) as bytes from dbstat group by name').all() as { name: string; bytes: number }[]
  ).map((r) => [r.name, r.bytes]),
);
const byTable = new Map<string, { rows: number; table: number; indexes: number; names: string[] }>();
for (const o of objects) {
  const t = byTable.get(o.tbl) ?? { rows: 0, table: 0, indexes: 0, names: [] };
  const bytes = sizes.get(o.name) ?? 0;
  if (o.type === 'table') t.table += bytes;
  else {
    t.indexes += bytes;
    t.names.push(o.name);
  }
  byTable.set(o.tbl, t);
}
for (const [name, t] of byTable)
  t.rows = (db.prepare(`select count(*) as n from "${name.replaceAll('"', '""')}"`).get() as { n: number }).n;
const total = [...sizes.values()].reduce((a, b) => a + b, 0);
const rows = [...byTable]
  .map(([name, t]) => ({
    table: name,
    rows: t.rows,
    tableMb: t.table / 1e6,
    indexMb: t.indexes / 1e6,
    bytesPerItem: (t.table + t.indexes) / Math.max(1, items),
    bytesPerRow: t.rows ? (t.table + t.indexes) / t.rows : 0,
    share: (t.table + t.indexes) / total,
  }))
  .filter((r) => r.rows > 0)
  .sort((a, b) => b.tableMb + b.indexMb - (a.tableMb + a.indexMb));
if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify({ file, items, totalMb: total / 1e6, tables: rows })}\n`);
} else {
  const f = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  process.stdout.write(`${f(items)} items, ${f(total / 1e6)} MB, ${f(total / Math.max(1, items))} bytes per item\n\n`);
  process.stdout.write('| table | rows | table MB | indexes MB | bytes per item | bytes per row | share |\n');
  process.stdout.write('|---|---|---|---|---|---|---|\n');
  for (const r of rows)
    process.stdout.write(
      `| ${[r.table, f(r.rows), f(r.tableMb, 1), f(r.indexMb, 1), f(r.bytesPerItem), f(r.bytesPerRow)].join(' | ')} ` +
        `| ${f(r.share * 100, 1)} % |\n`,
    );
}
db.close();
