import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { API_TYPES_FILE, apiTypesSource } from '../scripts/write-api-types.ts';

const web = (p: string) => fileURLToPath(new URL(`../web/${p}`, import.meta.url));

/** Type-checks one file with the web workbench's compiler options; returns its diagnostics as text. */
function diagnosticsOf(file: string): string[] {
  const configPath = web('tsconfig.json');
  const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, web(''));
  const program = ts.createProgram([file], { ...parsed.options, noEmit: true });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('web API types', () => {
  it('the committed web/src/api/schema.gen.ts is what the routes generate (run npm run api:types)', async () => {
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    const current = await apiTypesSource();
    assert.ok(current.includes('"/api/v1/items/{id}"'), 'the generated types describe the item detail');
    assert.equal(committed, current, 'web/src/api/schema.gen.ts is stale: run `npm run api:types` and commit it');
  });

  it('a web call reading declared fields compiles, one with a wrong field or parameter does not', () => {
    const ok = diagnosticsOf(web('type-fixtures/item-title.ok.ts'));
    assert.deepEqual(ok, [], 'the correct fixture compiles');
    const wrong = diagnosticsOf(web('type-fixtures/item-title.wrong.ts'));
    assert.ok(wrong.length >= 2, `two errors expected, got: ${wrong.join('\n')}`);
    assert.ok(
      wrong.some((d) => d.includes("'titel'")),
      `the wrong answer field is reported: ${wrong.join('\n')}`,
    );
    assert.ok(
      wrong.some((d) => d.includes('pageSise')),
      `the wrong query parameter is reported: ${wrong.join('\n')}`,
    );
    assert.ok(
      wrong.every((d) => d.includes('item-title.wrong.ts')),
      `only the fixture itself fails: ${wrong.join('\n')}`,
    );
  });
});
