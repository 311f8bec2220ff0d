// Tests that start the real `papers` executable run the compiled code in dist/bundle/, as users do. `npm ci` builds
// it (npm's `prepare`); after an edit it would be stale, so the suite rebuilds it first when any source is newer.
// Then the PostgreSQL template database the store tests copy (test/helpers/postgres-databases.ts) is migrated.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { openStore } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import {
  createEmptyDatabase,
  dropDatabase,
  dropStaleTestDatabases,
  postgresUrlOf,
  templateName,
  withAdmin,
} from './helpers/postgres-databases.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE_FOLDERS = ['src', 'commands', 'migrations'];
const BUILD_INFO = join(ROOT, 'dist', '.tsbuildinfo');

function newestSourceMs(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMs(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function builtMs(): number {
  try {
    return statSync(BUILD_INFO).mtimeMs;
  } catch {
    return 0;
  }
}

function buildIfStale(): void {
  const newest = Math.max(
    ...SOURCE_FOLDERS.map((folder) => newestSourceMs(join(ROOT, folder))),
    statSync(join(ROOT, 'tsconfig.json')).mtimeMs,
    statSync(join(ROOT, 'scripts', 'bundle.mjs')).mtimeMs,
  );
  if (newest <= builtMs()) return;
  const started = new Date();
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  } catch {
    // tsc still wrote the JavaScript; the type errors it printed fail `npm run typecheck`, not these tests.
    process.stderr.write('dist/ was rebuilt with type errors (npm run typecheck lists them)\n');
  }
  // tsc's JavaScript linked into the few files the executable loads (scripts/bundle.mjs).
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT, stdio: 'inherit' });
  // An unchanged build leaves the build info's date alone; without this every run would rebuild.
  utimesSync(BUILD_INFO, started, started);
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresTemplate: string;
  }
}

export async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  buildIfStale();
  const now = Date.now();
  await dropStaleTestDatabases();
  const template = templateName(now, process.pid);
  await withAdmin((admin) => createEmptyDatabase(admin, template));
  const store = openStore(postgresUrlOf(template), { poolSize: 1 });
  try {
    await migrateToLatest(store);
  } finally {
    await store.close();
  }
  await withAdmin((admin) => admin.query(`ALTER DATABASE "${template}" WITH IS_TEMPLATE true`));
  provide('postgresTemplate', template);
  return async () => {
    // Copies a test left (it failed before its cleanup) go with the template.
    await withAdmin(async (admin) => {
      const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
        `${template.replace(/_template$/, '')}%`,
      ]);
      for (const { datname } of rows) await dropDatabase(admin, datname);
    });
  };
}
