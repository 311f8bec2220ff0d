// `papers migrate-data --from FILE --to postgres://…`: copies a SQLite store into an empty PostgreSQL database
// (src/store/sqlite-to-postgres.ts does the work), shows the counts of both side by side and what to do next.
import { isPostgresUrl } from '../store/database.js';
import { CopyRefusedError } from '../store/copy-refused.js';
import { copySqliteToPostgres } from '../store/sqlite-to-postgres.js';
import { EXIT_FAILED, EXIT_OK, UsageError, type CliCommand } from './cli-command.js';
import { countsTable, nextSteps, progressPrinter } from './migrate-data-report.js';
import { parseOptions } from './parse-options.js';

const HELP = `Copies the SQLite store FILE (papers, search data, channels and their topics, the delivery ledger, ingest
runs, semantic vectors) into an empty PostgreSQL database, then counts every table on both sides.

FILE may be in use by a running bot: it is opened read-only and read as one consistent snapshot (what the bot
writes after that stays in FILE: stop the bots first for a copy with nothing missing). It must be at this
version's schema (run papers migrate on it first otherwise). The PostgreSQL database gets its schema first
(as papers migrate does), and must hold no data: a second run into it is refused, so nothing is ever doubled.
Every row goes in one transaction (a failed copy leaves the database empty), ids as they are, sequences set past
them; PostgreSQL's search index and typo vocabulary are built from the copied papers. Not copied: the running
bots' registrations (instances) and digest-building claims, which belong to the processes on the SQLite file,
and SQLite's own FTS5 tables. Exit 0 when every count matches, 1 when the copy was refused or failed, 2 for a
wrong command line.`;

export const migrateDataCommand: CliCommand = {
  name: 'migrate-data',
  usage: 'papers migrate-data --from FILE --to postgres://USER:PASSWORD@HOST:5432/DATABASE',
  async run(args, _config, io) {
    const { values } = parseOptions(args, { from: { type: 'string' }, to: { type: 'string' } }, false);
    if (values.help) {
      io.out(`Usage: ${this.usage}\n\n${HELP}`);
      return EXIT_OK;
    }
    const { from, to } = values;
    if (from === undefined || to === undefined) {
      throw new UsageError('give both --from FILE (the SQLite store) and --to postgres://… (an empty PostgreSQL database)');
    }
    if (!isPostgresUrl(to)) {
      throw new UsageError(
        '--to must be a PostgreSQL URL (postgres://user:password@host:5432/database); migrate-data copies SQLite into PostgreSQL',
      );
    }
    if (isPostgresUrl(from)) throw new UsageError('--from must be the SQLite file to copy, not a PostgreSQL URL');
    try {
      io.out(`Copying ${from} into PostgreSQL…`);
      const report = await copySqliteToPostgres(from, to, progressPrinter(io));
      io.out('');
      io.out(`Rows in ${report.source} (as of ${report.snapshotAt.toISOString()}) and in ${report.target}:`);
      for (const line of countsTable(report.tables)) io.out(line);
      io.out('');
      if (!report.ok) {
        const different = report.tables.filter((t) => !t.matches).map((t) => t.table);
        io.err(`papers migrate-data: the counts differ for ${different.join(', ')}; do not switch the bots over to this copy`);
        return EXIT_FAILED;
      }
      io.out(`Every count matches: copied in ${report.seconds.toFixed(1)} s.`);
      io.out('');
      for (const line of nextSteps(report)) io.out(line);
      return EXIT_OK;
    } catch (error) {
      if (!(error instanceof CopyRefusedError)) throw error;
      io.err(`papers migrate-data: ${error.message}`);
      return EXIT_FAILED;
    }
  },
};
