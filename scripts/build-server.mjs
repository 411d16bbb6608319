// Compiles the server and the CLI (server/main.ts, server/cli.ts) once into dist/server/ with esbuild, so that
// `npm start` and `bin/xinfang` run plain JavaScript instead of compiling TypeScript on every start. The build is
// redone only when a source under server/ or contract/ (or this script) is newer than the last build.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where the compiled server lives (git-ignored). */
export const SERVER_DIST = join(ROOT, 'dist', 'server');
const STAMP = join(SERVER_DIST, 'build-stamp.json');
const SOURCES = [join(ROOT, 'server'), join(ROOT, 'contract')];
const BUILD_SCRIPT = fileURLToPath(import.meta.url);

/** Newest modification time and number of the TypeScript sources (tests excluded: they never ship). */
function sourceState() {
  let newest = statSync(BUILD_SCRIPT).mtimeMs;
  let files = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        files++;
        newest = Math.max(newest, statSync(p).mtimeMs);
      }
    }
  };
  for (const dir of SOURCES) walk(dir);
  return { newest, files, node: process.versions.node };
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return null;
  }
}

/** True when dist/server/ holds a build of the current sources. */
export function serverBuildIsFresh(state = sourceState()) {
  const stamp = readStamp();
  return (
    !!stamp &&
    stamp.newest >= state.newest &&
    stamp.files === state.files &&
    stamp.node === state.node &&
    existsSync(join(SERVER_DIST, 'main.js')) &&
    existsSync(join(SERVER_DIST, 'cli.js'))
  );
}

/**
 * esbuild moves every module into dist/server/; `import.meta.url` in a source file must still point at that
 * source's own place, so that paths next to it (models/, web/dist, the data folder) resolve as under tsx.
 * Every output file sits directly in the output folder, so the way back to the source is the same for all.
 */
function sourceUrlPlugin(outdir) {
  return {
    name: 'source-import-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes(`${join('node_modules', '')}`)) return undefined;
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const back = relative(outdir, args.path).split('\\').join('/');
        return {
          contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(back)}, import.meta.url).href`),
          loader: 'ts',
        };
      });
    },
  };
}

/**
 * Pure-JavaScript ES-module packages are bundled: Node then parses one file instead of resolving hundreds (kysely
 * alone loads in a tenth of the time). Native modules (better-sqlite3, @node-rs/*), packages that find files or
 * worker scripts next to themselves (pino, exceljs), and the rest stay external and load from node_modules.
 */
const BUNDLED = new Set([
  'kysely',
  'zod',
  'hono',
  '@hono/zod-openapi',
  '@hono/zod-validator',
  '@hono/node-server',
  '@hono/swagger-ui',
  '@asteasolutions/zod-to-openapi',
  'openapi3-ts',
  'yaml',
]);

function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const externalPackagesPlugin = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || BUNDLED.has(packageOf(args.path))) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/** Writes a file so that a reader sees either the old or the new content, never half of it. */
function writeAtomic(path, contents) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}

/**
 * Builds into `outdir` (default dist/server/). The model file and the web build are found at run time as
 * before; code is split at dynamic imports, so a CLI command or the demo seed
 * loads only what it needs. Returns esbuild's metafile.
 */
export async function buildServer({ outdir = SERVER_DIST, quiet = false } = {}) {
  const state = sourceState();
  const esbuild = await import('esbuild');
  if (!quiet) process.stderr.write('正在编译服务端（首次运行或源码有更新，只需一次）…\n');
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { main: 'server/main.ts', cli: 'server/cli.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Bundled CommonJS code (yaml) may require Node's own modules: give the ES-module chunks a `require`.
    banner: {
      js: "import { createRequire as __xfRequire } from 'node:module'; const require = __xfRequire(import.meta.url);",
    },
    chunkNames: '[name]-[hash]',
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: 'warning',
    plugins: [externalPackagesPlugin, sourceUrlPlugin(outdir)],
  });
  mkdirSync(outdir, { recursive: true });
  // Chunks first, entries last: a process starting meanwhile loads the old entry with old chunks, or the new with
  // new ones. Old chunks stay for a day so that a running server can still load its lazy parts.
  const entries = new Set(['main.js', 'cli.js', 'main.js.map', 'cli.js.map'].map((f) => join(outdir, f)));
  const files = [...result.outputFiles].sort((a, b) => Number(entries.has(a.path)) - Number(entries.has(b.path)));
  for (const f of files) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeAtomic(f.path, f.contents);
  }
  const produced = new Set(files.map((f) => f.path));
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const name of readdirSync(outdir)) {
    const p = join(outdir, name);
    if (/\.js(\.map)?$/.test(name) && !produced.has(p) && statSync(p).mtimeMs < dayAgo) rmSync(p, { force: true });
  }
  if (outdir === SERVER_DIST) writeAtomic(STAMP, JSON.stringify(state));
  return result.metafile;
}

/** Builds dist/server/ when it is missing or older than the sources; returns its folder. */
export async function ensureServerBuild() {
  if (!serverBuildIsFresh()) await buildServer();
  return SERVER_DIST;
}
