// The `papers` command line: the same core as the bot, without any chat platform.
import { ConfigError, loadConfig } from './config.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliIo } from './cli/cli-command.js';
import { backupCommand } from './cli/backup-command.js';
import { digestCommand } from './cli/digest-command.js';
import { doctorCommand } from './cli/doctor-command.js';
import { importCommand } from './cli/import-command.js';
import { ingestCommand } from './cli/ingest-command.js';
import { migrateCommand } from './cli/migrate-command.js';
import { registerCommandsCommand } from './cli/register-commands-command.js';
import { runCommand } from './cli/run-command.js';
import { searchCommand } from './cli/search-command.js';
import { similarCommand } from './cli/similar-command.js';
import { statsCommand } from './cli/stats-command.js';
import { subscribeCliCommand, topicsCliCommand, unsubscribeCliCommand } from './cli/subscription-commands.js';
import { UnsupportedDatabaseUrlError } from './store/database.js';
import { MigrationError } from './store/migrate.js';

export const cliCommands: readonly CliCommand[] = [
  runCommand,
  migrateCommand,
  ingestCommand,
  importCommand,
  searchCommand,
  similarCommand,
  digestCommand,
  subscribeCliCommand,
  topicsCliCommand,
  unsubscribeCliCommand,
  statsCommand,
  backupCommand,
  registerCommandsCommand,
  doctorCommand,
];

const stdio: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

function usage(): string {
  const width = Math.max(...cliCommands.map((c) => c.name.length));
  return [
    'Usage: papers COMMAND [options]     (papers COMMAND --help for details)',
    '',
    ...cliCommands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Configuration comes from environment variables; see the README. Exit codes: 0 done, 1 failed, 2 bad usage.',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo = stdio): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = cliCommands.find((c) => c.name === name);
  if (command === undefined) {
    io.err(`papers: unknown command "${name}". Run papers --help for the list.`);
    return EXIT_USAGE;
  }
  try {
    if (command.runWithoutConfig !== undefined) return await command.runWithoutConfig(args, io);
    return await command.run(args, loadConfig(), io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`papers ${name}: ${error.message}`);
      return EXIT_USAGE;
    }
    if (error instanceof ConfigError || error instanceof UnsupportedDatabaseUrlError) {
      io.err(`papers: ${error.message}`);
      return EXIT_USAGE;
    }
    if (error instanceof MigrationError) {
      io.err(`papers: ${error.message}`);
      return EXIT_FAILED;
    }
    io.err(`papers ${name}: failed: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_FAILED;
  }
}
