// `papers backup FILE`: a consistent online copy of the database, taken while the bot runs.
import { resolve } from 'node:path';
import { isPostgresUrl, openStore } from '../store/database.js';
import { redactedUrl } from '../store/postgres-store.js';
import { BackupExistsError, backupStore } from '../store/online-backup.js';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliCommand } from './cli-command.js';
import { parseOptions } from './parse-options.js';

export const backupCommand: CliCommand = {
  name: 'backup',
  usage: 'papers backup FILE [--force]',
  async run(args, config, io) {
    const { values, positionals } = parseOptions(args, { force: { type: 'boolean' } }, true);
    if (values.help) {
      io.out(
        `Usage: ${this.usage}\n\nCopies DATABASE_URL (${config.DATABASE_URL}) to FILE with SQLite's online backup, while the bot keeps ` +
          'running and writing: the copy is one consistent state, in one file. It is checked with integrity_check before it gets its name. ' +
          'An existing FILE is replaced only with --force.',
      );
      return EXIT_OK;
    }
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw new UsageError('name one file to write the backup to: papers backup FILE');
    // PostgreSQL has its own tools for this, which know its replication, its roles and its versions: say which.
    if (isPostgresUrl(config.DATABASE_URL)) {
      io.err(postgresBackupAdvice(redactedUrl(config.DATABASE_URL.trim()), file));
      return EXIT_USAGE;
    }
    const store = openStore(config.DATABASE_URL, { poolSize: config.DATABASE_POOL_SIZE });
    try {
      if (resolve(file) === store.path) throw new UsageError('the backup cannot overwrite the database itself; name another file');
      const report = await backupStore(store, resolve(file), { replace: values.force === true }).catch((error: unknown) => {
        if (error instanceof BackupExistsError) throw new UsageError(`${file} already exists; add --force to replace it`);
        throw error;
      });
      io.out(
        `${report.file}: ${report.pages.toLocaleString('en-US')} pages (${(report.bytes / 2 ** 20).toFixed(1)} MiB), integrity ${report.integrity}.`,
      );
      return EXIT_OK;
    } finally {
      await store.close();
    }
  },
};

function postgresBackupAdvice(url: string, file: string): string {
  return [
    `papers backup: DATABASE_URL is a PostgreSQL database (${url}); papers backup copies SQLite files only.`,
    "Back it up with PostgreSQL's own tool, while the bots run (it reads one consistent snapshot):",
    `  pg_dump --format=custom --file=${file} "$DATABASE_URL"`,
    'and restore into an empty database with:',
    `  pg_restore --dbname="$DATABASE_URL" --no-owner ${file}`,
    "Continuous archiving (WAL) or your provider's snapshots give point-in-time recovery; see docs/postgresql.md.",
  ].join('\n');
}
