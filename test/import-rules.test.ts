import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkImports, runImportCheck } from '../scripts/import-rules.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A small tree laid out like the repository, every arrow pointing the allowed way. */
const goodTree: Record<string, string> = {
  'contract/enums.ts': "export const STATUSES = ['registered'] as const;\n",
  'server/domain/item.ts': "import { STATUSES } from '../../contract/enums.ts';\nexport const first = STATUSES[0];\n",
  'server/domain/errors.ts': 'export class Conflict extends Error {}\n',
  'server/store/item.store.ts':
    "import type { Conflict } from '../domain/errors.ts';\nimport type { Kysely } from 'kysely';\n" +
    'export type E = Conflict;\nexport const findItemById = (db: Kysely<never>) => db.selectFrom("items" as never);\n',
  'server/app/route-item.ts':
    "import { first } from '../domain/item.ts';\nimport { findItemById } from '../store/item.store.ts';\n" +
    'export const routeItem = () => [first, findItemById];\n',
  'server/http/routes/items.routes.ts':
    "import { routeItem } from '../../app/route-item.ts';\nexport const r = routeItem;\n",
  'web/src/main.tsx': "import { STATUSES } from '../../contract/enums.ts';\nexport const s = STATUSES;\n",
};

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'xinfang-imports-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const rulesBroken = (files: Record<string, string>) =>
  checkImports({ root: tree(files) }).violations.map((v) => `${v.rule} ${v.file}`);

describe('import-direction check', () => {
  it('passes a tree whose arrows all point the allowed way', () => {
    assert.deepEqual(rulesBroken(goodTree), []);
  });

  it('fails on a planted upward import from the domain into app/', () => {
    const planted = { ...goodTree, 'server/domain/bad.ts': "import { routeItem } from '../app/route-item.ts';\n" };
    assert.deepEqual(rulesBroken(planted), ['domain-not-app server/domain/bad.ts']);
  });

  it('fails when http/ skips the use case and reads the store', () => {
    const planted = {
      ...goodTree,
      'server/http/routes/items.routes.ts': "import { findItemById } from '../../store/item.store.ts';\n",
    };
    assert.deepEqual(rulesBroken(planted), ['http-not-store server/http/routes/items.routes.ts']);
  });

  it('fails on Kysely or a raw query outside server/store/', () => {
    const planted = {
      ...goodTree,
      'server/app/route-item.ts':
        "import { sql } from 'kysely';\nexport const q = (db: any) => db.selectFrom('items').execute();\n" +
        'export const n = sql`select 1`;\n',
    };
    assert.deepEqual(rulesBroken(planted), [
      'kysely-only-in-store server/app/route-item.ts',
      'queries-only-in-store server/app/route-item.ts',
      'queries-only-in-store server/app/route-item.ts',
    ]);
  });

  it("lets the store use the domain's pure rules but never the app or the text module", () => {
    const pure = {
      ...goodTree,
      'server/store/item.store.ts': "import { first } from '../domain/item.ts';\nexport const c = first;\n",
    };
    assert.deepEqual(rulesBroken(pure), []);
    const upward = {
      ...goodTree,
      'server/app/count-items.ts': 'export const count = 1;\n',
      'server/text/segment.ts': 'export const words = (s: string) => [s];\n',
      'server/store/item.store.ts':
        "import { count } from '../app/count-items.ts';\nimport { words } from '../text/segment.ts';\n" +
        'export const c = [count, words];\n',
    };
    assert.deepEqual(rulesBroken(upward), [
      'store-not-app server/store/item.store.ts',
      'store-not-text server/store/item.store.ts',
    ]);
  });

  it('fails on the web importing server code, and on cli → http', () => {
    const planted = {
      ...goodTree,
      'web/src/main.tsx': "import { first } from '../../server/domain/item.ts';\nexport const s = first;\n",
      'server/cli/item.command.ts': "import { r } from '../http/routes/items.routes.ts';\nexport const x = r;\n",
    };
    assert.deepEqual(rulesBroken(planted), [
      'cli-not-http server/cli/item.command.ts',
      'web-not-domain web/src/main.tsx',
    ]);
  });

  it('fails on a circle of value imports and ignores one closed only by types', () => {
    const circle = {
      ...goodTree,
      'server/domain/a.ts': "import { b } from './b.ts';\nexport const a = () => b;\n",
      'server/domain/b.ts': "import { a } from './a.ts';\nexport const b = () => a;\n",
    };
    const found = checkImports({ root: tree(circle) }).violations;
    assert.equal(found.length, 1);
    assert.equal(found[0]?.rule, 'no-circles');
    assert.match(found[0]?.detail ?? '', /server\/domain\/a\.ts → server\/domain\/b\.ts/);
    const typeCircle = {
      ...circle,
      'server/domain/b.ts': "import type { a } from './a.ts';\nexport const b = (x: typeof a) => x;\n",
    };
    assert.deepEqual(rulesBroken(typeCircle), []);
  });

  it('reports a known exception that is no longer needed', () => {
    const { problems } = runImportCheck(tree(goodTree), { 'http-not-store': ['server/http/routes/items.routes.ts'] });
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /no longer needed.*items\.routes\.ts/);
  });

  it('holds on this repository, apart from the listed known exceptions', () => {
    const { problems } = runImportCheck(repoRoot);
    assert.deepEqual(problems, []);
  });
});
