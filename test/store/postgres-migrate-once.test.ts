// Processes started together on an empty PostgreSQL database: the migrations are applied once, by one of them,
// and every one of them goes on with an up-to-date schema (kysely's migrator holds an advisory lock while it
// migrates; the others wait for it, then find nothing left to do).
import pg from 'pg';
import { afterEach, expect, inject, it } from 'vitest';
import { postgresMigrations } from '../../migrations/postgres/index.js';
import { dropTestDatabase, emptyDatabase, postgresUrlOf } from '../helpers/postgres-databases.js';
import { runPapersProcess } from '../helpers/run-cli.js';

const PROCESSES = 8;
const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await dropTestDatabase(name);
});

it(`applies the migrations once when ${PROCESSES} processes start together on an empty database`, async () => {
  const name = await emptyDatabase(inject('postgresTemplate'));
  names.push(name);
  const url = postgresUrlOf(name);
  const results = await Promise.all(Array.from({ length: PROCESSES }, () => runPapersProcess(['migrate'], { DATABASE_URL: url })));

  expect(results.map((r) => [r.code, r.stderr])).toEqual(results.map(() => [0, '']));
  const migrationNames = Object.keys(postgresMigrations);
  const applied = results.filter((r) => r.stdout.includes('applied '));
  expect(applied).toHaveLength(1);
  expect(applied[0]?.stdout.trim().split('\n')).toEqual(migrationNames.map((m) => `${url}: applied ${m}`));
  expect(results.filter((r) => r.stdout.includes('schema is up to date'))).toHaveLength(PROCESSES - 1);

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(migrationNames);
    const tables = await client.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public' AND tablename = 'deliveries'",
    );
    expect(tables.rows[0]?.n).toBe('1');
  } finally {
    await client.end();
  }
}, 60_000);
