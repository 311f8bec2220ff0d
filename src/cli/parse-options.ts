// Command-line option parsing on node:util parseArgs, with errors phrased for people.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cli-command.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseOptions<T extends Options>(args: string[], options: T, allowPositionals: boolean) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new UsageError(message.replace(/^TypeError \[\w+\]: /, ''));
  }
}
