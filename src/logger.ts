// pino logger. Logs go to stderr so that command output on stdout (such as `papers search --json`) stays clean.
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';

/**
 * Fields that may carry a token or secret if an object from a client library is ever logged whole: censored
 * wherever they appear (a test runs the bot at trace level with known secrets and searches what it printed).
 */
const SECRET_PATHS = [
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.config.headers.Authorization',
];

/** `file`: a path (its folder is created), or undefined / "-" for stderr. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, file?: string): Logger {
  const destination =
    file === undefined || file === '-'
      ? pino.destination({ fd: 2, sync: true })
      : pino.destination({ dest: file, mkdir: true, sync: true });
  return pino({ level: config.LOG_LEVEL, base: { app: 'papers-bot' }, redact: { paths: SECRET_PATHS, censor: '[secret]' } }, destination);
}
