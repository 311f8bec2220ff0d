// Processes started together on an empty PostgreSQL database: the migrations are applied once, by one of them,
// and every one of them goes on with an up-to-date schema (kysely's migrator holds an advisory lock while it
// migrates; the others wait for it, then find nothing left to do). Shown with `papers migrate`, and with the bot
// itself: eight `papers run` processes, all of them ready.
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterEach, expect, inject, it } from 'vitest';
import { postgresMigrations } from '../../migrations/postgres/index.js';
import { dropTestDatabase, emptyDatabase, postgresUrlOf } from '../helpers/postgres-databases.js';
import { runPapersProcess, startPapers } from '../helpers/run-cli.js';

const PROCESSES = 8;
const names: string[] = [];
const started: ChildProcess[] = [];
afterEach(async () => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
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

it(`starts ${PROCESSES} bot processes together on an empty database: one migrates, all ${PROCESSES} become ready`, async () => {
  const name = await emptyDatabase(inject('postgresTemplate'));
  names.push(name);
  const url = postgresUrlOf(name);
  const bots = Array.from({ length: PROCESSES }, (_, i) => {
    const run = startPapers(['run'], {
      DATABASE_URL: url,
      INSTANCE_NAME: `together-${i + 1}`,
      INGEST_INTERVAL_MINUTES: '0',
      LOG_LEVEL: 'info',
      LOG_FILE: '-',
      // The system picks each health port (one chosen beforehand could be taken by another test's process).
      PORT: '0',
    });
    started.push(run.child);
    let printed = '';
    const port = new Promise<number>((resolve, reject) => {
      run.child.stderr?.on('data', (chunk: Buffer) => {
        printed += chunk.toString();
        const line = printed.split('\n').find((l) => l.includes('health and metrics listening'));
        if (line !== undefined) resolve((JSON.parse(line) as { port: number }).port);
      });
      void run.result.then((end) => reject(new Error(`together-${i + 1} ended (${String(end.code)}): ${end.stderr.slice(-1000)}`)));
    });
    return { ...run, port, printed: () => printed };
  });

  const ports = await Promise.all(bots.map((bot) => bot.port));
  for (const port of ports) {
    // Ready means the store answers and its clock agrees; the first answer may come before the process is done starting.
    for (let tries = 0; ; tries += 1) {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (response.status === 200) break;
      expect(tries, await response.text()).toBeLessThan(100);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const migrationNames = Object.keys(postgresMigrations);
  const migrators = bots.filter((bot) => bot.printed().includes('"applied migration"'));
  expect(migrators).toHaveLength(1);
  const applied = (migrators[0]?.printed() ?? '')
    .split('\n')
    .filter((l) => l.includes('"applied migration"'))
    .map((l) => (JSON.parse(l) as { migration: string }).migration);
  expect(applied).toEqual(migrationNames);

  for (const bot of bots) bot.child.kill('SIGTERM');
  const ends = await Promise.all(bots.map((bot) => bot.result));
  expect(ends.map((end) => end.code)).toEqual(bots.map(() => 0));
}, 120_000);
