#!/usr/bin/env node
// The `papers` command: runs the JavaScript compiled into dist/ and linked into dist/bundle/ (npm's `prepare`
// script builds it during `npm ci`; `npm run build` builds it again). Source maps point stack traces at the
// TypeScript lines.
process.setSourceMapsEnabled(true);

/** @returns {Promise<{ runCli(argv: string[]): Promise<number> }>} */
async function loadCli() {
  try {
    return await import('../dist/bundle/cli.js');
  } catch (error) {
    const missing = error instanceof Error && 'code' in error && error.code === 'ERR_MODULE_NOT_FOUND' && error.message.includes('dist');
    if (!missing) throw error;
    process.stderr.write('papers: the compiled code (dist/) is missing. Run `npm run build` (or `npm ci`) in the project folder.\n');
    process.exit(1);
  }
}

const cli = await loadCli();
process.exitCode = await cli.runCli(process.argv.slice(2));
