// pino logger. Logs go to stderr so that command output on stdout (such as `papers search --json`) stays clean.
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';

/** `file`: a path (its folder is created), or undefined / "-" for stderr. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, file?: string): Logger {
  const destination =
    file === undefined || file === '-'
      ? pino.destination({ fd: 2, sync: true })
      : pino.destination({ dest: file, mkdir: true, sync: true });
  return pino({ level: config.LOG_LEVEL, base: { app: 'papers-bot' } }, destination);
}
