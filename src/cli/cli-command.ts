// The shape of one `papers` subcommand, and the errors that map to exit codes.
import type { Config } from '../config.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface CliCommand {
  name: string;
  usage: string;
  run(args: string[], config: Config, io: CliIo): Promise<number>;
  /**
   * When present, runCli calls this instead of `run`, without loading the configuration first: for a command that
   * reports an invalid configuration itself (`papers doctor`) rather than exiting before it starts.
   */
  runWithoutConfig?(args: string[], io: CliIo, loadConfig: () => Config): Promise<number>;
}

/** Exit codes: 0 done; 1 the work failed (an upstream, a file); 2 the command line or input was wrong. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A problem with what the user typed; printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
