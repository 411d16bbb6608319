// Import-direction check over the TypeScript import graph: `http → app → domain`, `app → store`, `app → text`,
// the store may call the domain's pure rules (never the reverse), the web and the domain see nothing but `contract/`,
// and no circles.
// Kysely and raw query-builder calls stay in server/store/. Run by `npm test`; exits 1 listing every broken rule.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** One import found in a source file. `typeOnly` is true when nothing but types is taken from the target. */
export type ImportEdge = { from: string; to: string; typeOnly: boolean };

export type Violation = { rule: string; file: string; detail: string };

/** The module a file belongs to, or undefined for files outside the layered tree (tests, benches, scripts). */
export function moduleOf(file: string): string | undefined {
  const p = file.split(sep).join('/');
  if (/\.test\.tsx?$/.test(p)) return undefined;
  if (p.startsWith('contract/')) return 'contract';
  if (p.startsWith('web/src/')) return 'web';
  const m = /^server\/([^/]+)\//.exec(p);
  if (m) return m[1] === 'cli' ? 'cli' : m[1];
  if (p === 'server/cli.ts' || p === 'server/cli-progress.ts') return 'cli';
  if (p === 'server/demo-password.ts') return 'demo';
  // The request id carried through async calls: a leaf every server layer may read.
  if (p === 'server/request-scope.ts') return 'scope';
  if (/^server\/[^/]+\.ts$/.test(p)) return 'root';
  return undefined;
}

/**
 * Which modules each module may import (itself always).
 * The composition root (server/*.ts) wires everything and is left free.
 */
export const allowed: Record<string, string[]> = {
  contract: [],
  scope: [],
  domain: ['contract'],
  files: ['contract'],
  crypto: ['contract', 'domain', 'files'],
  // The domain is pure (no I/O, contract only): the store may map what it reads through its rules.
  store: ['contract', 'domain', 'crypto', 'files', 'scope'],
  text: ['contract', 'domain'],
  report: ['contract', 'domain', 'store', 'text'],
  exports: ['contract', 'domain', 'report', 'files'],
  documents: ['contract', 'domain', 'exports', 'crypto', 'files'],
  notify: ['contract', 'domain', 'store', 'scope'],
  app: ['contract', 'domain', 'store', 'text', 'crypto', 'report', 'exports', 'documents', 'notify', 'files', 'scope'],
  jobs: ['contract', 'domain', 'app', 'store', 'text', 'report', 'notify', 'scope'],
  http: ['contract', 'domain', 'app', 'scope'],
  cli: [
    'contract',
    'domain',
    'app',
    'store',
    'text',
    'report',
    'exports',
    'documents',
    'jobs',
    'notify',
    'crypto',
    'files',
    'scope',
    'root',
  ],
  demo: ['contract', 'domain', 'app', 'store', 'text', 'crypto', 'files'],
  web: ['contract'],
};

/** Modules that may import Kysely and run query-builder calls. */
export const databaseModules = new Set(['store']);

const rawQuery = /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql`/;

function listSources(root: string, dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(relative(root, p).split(sep).join('/'));
    }
  };
  for (const d of dirs) walk(join(root, d));
  return out.sort();
}

function resolveLocal(root: string, fromFile: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(root, dirname(fromFile), spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), `${base}.ts`, `${base}.tsx`];
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return relative(root, c).split(sep).join('/');
  return undefined;
}

/** Every import, re-export and dynamic import of local files, plus the bare package names each file uses. */
export function readImports(root: string, file: string): { edges: ImportEdge[]; packages: string[] } {
  const text = readFileSync(join(root, file), 'utf8');
  const src = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);
  const edges: ImportEdge[] = [];
  const packages: string[] = [];
  const add = (spec: string, typeOnly: boolean) => {
    const to = resolveLocal(root, file, spec);
    if (to) edges.push({ from: file, to, typeOnly });
    else if (!spec.startsWith('.')) packages.push(spec);
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const c = node.importClause;
      let typeOnly = !!c?.isTypeOnly;
      if (c && !typeOnly && !c.name && c.namedBindings && ts.isNamedImports(c.namedBindings)) {
        const els = c.namedBindings.elements;
        typeOnly = els.length > 0 && els.every((e) => e.isTypeOnly);
      }
      add(node.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node.arguments[0].text, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const lit = node.argument.literal;
      if (ts.isStringLiteral(lit)) add(lit.text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  return { edges, packages };
}

/** Cycles among value imports (type-only imports vanish at run time and cannot form a load-order circle). */
function findCycles(files: string[], edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) if (!e.typeOnly) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const strong = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (next.get(v) ?? []).includes(v)) cycles.push(comp.sort());
    }
  };
  for (const f of files) if (!index.has(f)) strong(f);
  return cycles;
}

export type CheckOptions = { root: string; dirs?: string[]; exceptions?: Record<string, string[]> };

/** Checks the tree under `root`; known exceptions (rule → files) are reported apart and do not fail the check. */
export function checkImports(opts: CheckOptions): { violations: Violation[]; excused: Violation[]; files: number } {
  const root = opts.root;
  const files = listSources(root, opts.dirs ?? ['contract', 'server', 'web/src']);
  const all: Violation[] = [];
  const edges: ImportEdge[] = [];
  for (const file of files) {
    const mod = moduleOf(file);
    if (mod === undefined) continue;
    const { edges: fileEdges, packages } = readImports(root, file);
    edges.push(...fileEdges);
    for (const e of fileEdges) {
      const target = moduleOf(e.to);
      if (target === undefined || target === mod || mod === 'root') continue;
      if (!(allowed[mod] ?? []).includes(target))
        all.push({ rule: `${mod}-not-${target}`, file, detail: `imports ${e.to}` });
    }
    if (!databaseModules.has(mod)) {
      if (packages.some((p) => p === 'kysely' || p.startsWith('kysely/')))
        all.push({ rule: 'kysely-only-in-store', file, detail: 'imports kysely' });
      const text = readFileSync(join(root, file), 'utf8');
      const lines = text.split('\n');
      lines.forEach((line, i) => {
        if (rawQuery.test(line))
          all.push({ rule: 'queries-only-in-store', file, detail: `line ${i + 1}: ${line.trim().slice(0, 80)}` });
      });
    }
  }
  for (const cycle of findCycles(files, edges))
    all.push({ rule: 'no-circles', file: cycle[0]!, detail: `circle: ${cycle.join(' → ')}` });
  const ex = opts.exceptions ?? {};
  const excused = all.filter((v) => ex[v.rule]?.includes(v.file));
  const violations = all.filter((v) => !ex[v.rule]?.includes(v.file));
  return { violations, excused, files: files.filter((f) => moduleOf(f) !== undefined).length };
}

/**
 * Files that broke a rule when the check was introduced and are still being moved; the lists may only shrink.
 * A file listed here that no longer breaks its rule fails the check too, so the list cannot go stale.
 */
export const knownExceptions: Record<string, string[]> = {};

/** The whole check as `npm test` runs it: problems to print (empty when the tree keeps every rule). */
export function runImportCheck(root: string, exceptions = knownExceptions): { problems: string[]; summary: string } {
  const { violations, excused, files } = checkImports({ root, exceptions });
  const problems = violations.map((v) => `import rule ${v.rule}: ${v.file} — ${v.detail}`);
  for (const [rule, list] of Object.entries(exceptions))
    for (const file of list)
      if (!excused.some((v) => v.rule === rule && v.file === file))
        problems.push(`known exception no longer needed (remove it from scripts/import-rules.ts): ${rule}: ${file}`);
  const listed = Object.values(exceptions).reduce((n, l) => n + l.length, 0);
  return { problems, summary: `import rules: ${files} files checked, ${listed} known exceptions left` };
}

function main() {
  const { problems, summary } = runImportCheck(resolve(dirname(new URL(import.meta.url).pathname), '..'));
  for (const p of problems) console.error(p);
  if (problems.length) process.exit(1);
  console.log(summary);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) main();
