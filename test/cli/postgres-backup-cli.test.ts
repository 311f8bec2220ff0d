// `papers backup` on a PostgreSQL store says how to back it up with pg_dump, without pretending to, and without
// showing the password.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runPapers } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-store.js';

it('explains pg_dump and pg_restore, writes nothing, exits 2', async () => {
  const file = join(tempDir(), 'papers.dump');
  const result = await runPapers(['backup', file], { DATABASE_URL: 'postgres://bot:s3cret@db.example:5432/papers' });
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toContain('DATABASE_URL is a PostgreSQL database (postgres://bot:***@db.example:5432/papers)');
  expect(result.stderr).toContain(`pg_dump --format=custom --file=${file} "$DATABASE_URL"`);
  expect(result.stderr).toContain('pg_restore');
  expect(result.stderr).not.toContain('s3cret');
  expect(existsSync(file)).toBe(false);
});
