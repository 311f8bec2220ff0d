// The second half of `npm run build`: tsc has compiled the TypeScript into dist/ (one .js file per module, with
// source maps); this links the command line's modules and its pure-JavaScript dependencies into a few files in
// dist/bundle/, which bin/papers.js runs. Why: a cold `papers search` loaded ~480 ES modules (kysely alone is 263
// files, zod 95) and Node 20 spent most of its start resolving, reading and linking them; linked, the same start
// reads a handful of files (see `npm run bench -- --only startup`).
//
// Only the packages named in LINKED are copied in; every other package stays a plain import from node_modules:
// native add-ons (better-sqlite3), packages that find files or workers at run time (pino, pg), and the large
// platform clients that only `papers run` loads, lazily (discord.js, @slack/bolt). Dynamic imports stay separate
// chunks, so `papers --help` still loads almost nothing. Source maps go through to the .ts lines: esbuild reads
// tsc's maps of its input files.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NODE_MODULES = join(ROOT, 'node_modules');

/** Pure ES-module packages, linked into the bundle with whatever they import themselves. */
const LINKED = new Set(['kysely', 'zod', 'fast-xml-parser']);

/** @param {string} specifier */
const packageName = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
/** @param {string} specifier */
const isBare = (specifier) => !specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.startsWith('node:');

/**
 * Bare imports stay external unless the package is linked or the import comes from inside a linked package.
 * @type {import('esbuild').Plugin}
 */
const linkOnlyListedPackages = {
  name: 'link-only-listed-packages',
  setup(builder) {
    builder.onResolve({ filter: /.*/ }, (args) => {
      if (!isBare(args.path) || args.kind === 'entry-point') return undefined;
      if (LINKED.has(packageName(args.path)) || args.importer.startsWith(NODE_MODULES)) return undefined;
      return { path: args.path, external: true };
    });
  },
};

rmSync(join(ROOT, 'dist', 'bundle'), { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  // The refit worker is started by file name beside the code that starts it (new URL('./refit-worker.js')).
  entryPoints: { cli: 'dist/src/cli.js', 'refit-worker': 'dist/src/app/semantic/refit-worker.js' },
  outdir: 'dist/bundle',
  // Chunks beside the entries, so a module's import.meta.url still names dist/bundle/.
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // Names stay as written: log lines and errors name classes and functions.
  keepNames: true,
  plugins: [linkOnlyListedPackages],
  logLevel: 'warning',
});
