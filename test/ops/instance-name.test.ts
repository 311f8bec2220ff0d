// Two bot processes with one INSTANCE_NAME on one store: the second is refused at start with one line, and the
// name is free again after a clean stop, or at once after the holder was killed (a restart on the same host). On
// a SQLite file and on PostgreSQL.
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startPapers, type CliResult } from '../helpers/run-cli.js';
import { createStoreOf, DIALECTS } from '../helpers/temp-store.js';

const started: { child: ChildProcess; result: Promise<CliResult> }[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const { child } of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(started.splice(0).map((run) => run.result));
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function startBot(database: string, instance: string) {
  const run = startPapers(['run'], {
    INGEST_INTERVAL_MINUTES: '0',
    LOG_LEVEL: 'info',
    LOG_FILE: '-',
    DATABASE_URL: database,
    INSTANCE_NAME: instance,
    // The system picks a free port (a port chosen beforehand could be taken by another test's process meanwhile).
    PORT: '0',
  });
  started.push(run);
  let printed = '';
  const ready = new Promise<boolean>((resolve) => {
    run.child.stderr?.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      if (printed.includes('health and metrics listening')) resolve(true);
    });
    run.child.once('exit', () => resolve(false));
  });
  return { ...run, ready };
}

describe.each(DIALECTS)('on %s', (dialect) => {
  it('refuses a second live process with the same INSTANCE_NAME, and frees the name on stop or death', { timeout: 90_000 }, async () => {
    const created = await createStoreOf(dialect);
    cleanups.push(() => created.cleanup());
    const database = created.url;
    const first = startBot(database, 'alpha');
    expect(await first.ready).toBe(true);

    const duplicate = startBot(database, 'alpha');
    const refused = await duplicate.result;
    expect(refused.code).toBe(1);
    const lines = refused.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^papers run: failed: INSTANCE_NAME "alpha" is in use by a running process \(pid \d+ on .+, last heartbeat \d+ s ago\)/,
    );

    const other = startBot(database, 'beta');
    expect(await other.ready).toBe(true);

    // A clean stop gives the name up.
    first.child.kill('SIGTERM');
    expect((await first.result).code).toBe(0);
    const second = startBot(database, 'alpha');
    expect(await second.ready).toBe(true);

    // A killed holder on this host: its restart takes the name at once, without waiting out the lease.
    second.child.kill('SIGKILL');
    await second.result;
    const restarted = startBot(database, 'alpha');
    expect(await restarted.ready).toBe(true);

    for (const bot of [other, restarted]) bot.child.kill('SIGTERM');
    expect((await other.result).code).toBe(0);
    expect((await restarted.result).code).toBe(0);
  });
});
