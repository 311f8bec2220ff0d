// The `papers` command line: the same core as the bot, without any chat platform.
import { ConfigError } from './config-error.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from './cli/cli-command.js';
import { cliCommands } from './cli/command-list.js';
import { MigrationError, UnsupportedDatabaseUrlError } from './store/store-errors.js';

export { cliCommands };

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

/**
 * Runs one `papers` command line. `env` stands in for the process's environment (tests run commands in process
 * with their own configuration); by default the configuration comes from the environment.
 */
export async function runCli(argv: string[], io: CliIo = stdio, env?: Record<string, string | undefined>): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const entry = cliCommands.find((c) => c.name === name);
  if (entry === undefined) {
    io.err(`papers: unknown command "${name}". Run papers --help for the list.`);
    return EXIT_USAGE;
  }
  try {
    const command = await entry.load();
    // Loaded only now: `papers --help` has no use for the schema (and zod).
    const { loadConfig } = await import('./config.js');
    const load = () => (env === undefined ? loadConfig() : loadConfig(env));
    if (command.runWithoutConfig !== undefined) return await command.runWithoutConfig(args, io, load);
    return await command.run(args, load(), io);
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
