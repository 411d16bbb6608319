// No line of code over 120 characters (Biome wraps code to 120 columns but cannot break a long string, comment or
// template). Data is exempt: the files listed below hold fixtures, vectors or frozen migrations, not code to read.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const LIMIT = 120;
/** Exempt paths (prefix match), each with why. */
const DATA = [
  ['server/demo/data/', 'demo petition texts'],
  ['server/text/testdata.ts', 'labelled sample messages'],
  ['server/store/migrations/', 'frozen once released'],
  ['server/crypto/sm.test.ts', 'published SM3/SM4 test vectors'],
  ['server/crypto/audit-chain.test.ts', 'the canonical form of an audit row, byte for byte'],
  ['test/zip-build.ts', 'Office Open XML parts of test files'],
  ['test/office-files.test.ts', 'Office Open XML parts of test files'],
  ['web/src/api/schema.gen.ts', 'generated from /api/openapi.json'],
];
const files = execFileSync('git', ['ls-files', '*.ts', '*.tsx', '*.mjs', '*.js', '*.cjs'], { encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && !DATA.some(([p]) => f.startsWith(p)));
const over = [];
for (const f of files) {
  let text;
  try {
    text = readFileSync(f, 'utf8');
  } catch {
    continue; // deleted in the work tree, not yet in the index
  }
  text.split('\n').forEach((line, i) => {
    // Characters, not bytes or display columns: 120 Chinese characters are 120.
    const n = [...line].length;
    if (n > LIMIT) over.push(`${f}:${i + 1}: ${n} characters`);
  });
}
if (over.length) {
  console.error(`${over.length} line(s) over ${LIMIT} characters (break the string or comment by hand):`);
  for (const o of over) console.error(`  ${o}`);
  process.exit(1);
}
console.log(`line length: ${files.length} files, no line over ${LIMIT} characters`);
