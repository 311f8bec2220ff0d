// What `papers migrate-data` prints: progress per table while it copies, the counts of both databases side by
// side, and what to do next.
import type { CopyProgress, CopyReport } from '../store/sqlite-to-postgres.js';
import type { TableCheck } from '../store/copy-verification.js';
import type { CliIo } from './cli-command.js';

const n = (value: number): string => value.toLocaleString('en-US');
const rows = (count: number): string => `${n(count)} row${count === 1 ? '' : 's'}`;

/** Tables this large also get a line at every tenth of the way, so a long copy visibly moves. */
const LARGE_TABLE_ROWS = 20_000;

/** One line per table when it is done, and for large tables at every tenth. */
export function progressPrinter(io: CliIo, now: () => number = () => performance.now()): (p: CopyProgress) => void {
  let startedAt = now();
  let nextTenth = 1;
  return (p) => {
    if (p.done) {
      const what =
        p.table === 'search_vocab'
          ? `${n(p.copied)} terms, rebuilt from the copied papers`
          : p.table === 'papers'
            ? `${rows(p.copied)}, each with its search vectors`
            : rows(p.copied);
      io.out(`  ${p.table}: ${what} (${((now() - startedAt) / 1000).toFixed(1)} s)`);
      startedAt = now();
      nextTenth = 1;
      return;
    }
    if (p.total < LARGE_TABLE_ROWS || p.copied >= p.total) return;
    if (p.copied >= (p.total * nextTenth) / 10) {
      io.out(`  ${p.table}: ${n(p.copied)} of ${n(p.total)} rows…`);
      nextTenth = Math.floor((p.copied * 10) / p.total) + 1;
    }
  };
}

export function countsTable(checks: readonly TableCheck[]): string[] {
  const width = Math.max(...checks.map((c) => c.table.length), 'table'.length);
  const cells = checks.map((c) => [c.sqlite === null ? '-' : n(c.sqlite), n(c.postgres)] as const);
  const sqliteWidth = Math.max('SQLite'.length, ...cells.map(([s]) => s.length));
  const postgresWidth = Math.max('PostgreSQL'.length, ...cells.map(([, p]) => p.length));
  return [
    `  ${'table'.padEnd(width)}  ${'SQLite'.padStart(sqliteWidth)}  ${'PostgreSQL'.padStart(postgresWidth)}`,
    ...checks.map((c, i) => {
      const [sqlite, postgres] = cells[i] ?? ['', ''];
      const verdict = c.sqlite === null ? '' : c.matches ? 'ok' : 'DIFFERENT';
      const note = c.note === null ? '' : `(${c.note})`;
      const end = [verdict, note].filter((part) => part !== '').join(' ');
      return `  ${c.table.padEnd(width)}  ${sqlite.padStart(sqliteWidth)}  ${postgres.padStart(postgresWidth)}  ${end}`.trimEnd();
    }),
  ];
}

export function nextSteps(report: CopyReport): string[] {
  const running = report.liveInstances.map((i) => `${i.name}, pid ${i.pid} on ${i.host}`).join('; ');
  const stop =
    report.liveInstances.length === 0
      ? `  1. Keep the bots on ${report.source} stopped (none was registered as running while it was read).`
      : `  1. Stop the bots still running on ${report.source} (${running}). What they wrote after ${report.snapshotAt.toISOString()} ` +
        'is not in PostgreSQL; to bring that over too, re-create the PostgreSQL database once they have stopped and run migrate-data again.';
  return [
    'Next steps:',
    stop,
    `  2. Set DATABASE_URL=${report.target} for every bot process${report.target.includes(':***@') ? ' (the real password in place of ***)' : ''},`,
    '     a different INSTANCE_NAME for each process, and start them: they use PostgreSQL from then on.',
    `  3. Keep ${report.source} as it is: it is the way back (set DATABASE_URL to it again). What is written to`,
    '     PostgreSQL from now on will not be in it.',
    '  4. Back up PostgreSQL with its own tool, while the bots run:',
    '       pg_dump --format=custom --file=papers.dump "$DATABASE_URL"',
    '     and restore into an empty database with:',
    '       pg_restore --dbname="$DATABASE_URL" --no-owner papers.dump',
    'More in docs/postgresql.md ("Moving from SQLite").',
  ];
}
