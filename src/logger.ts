// pino logger. Logs go to stderr so that command output on stdout (such as `papers search --json`) stays clean.
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { prettyStream } from './log-pretty.js';

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

/** Text for a person when asked, or by default when the logs go to a terminal; JSON for everything else. */
export function logFormatFor(format: Config['LOG_FORMAT'], toStderr: boolean, terminal: boolean): 'json' | 'pretty' {
  if (format !== 'auto') return format;
  return toStderr && terminal ? 'pretty' : 'json';
}

/**
 * `file`: a path (its folder is created), or undefined / "-" for stderr. JSON lines, except text for a person:
 * LOG_FORMAT=pretty, or auto (the default) when the logs go to a terminal. `terminal`: whether stderr is one.
 */
export function createLogger(
  config: Pick<Config, 'LOG_LEVEL'> & Partial<Pick<Config, 'LOG_FORMAT'>>,
  file?: string,
  terminal: boolean = process.stderr.isTTY,
): Logger {
  const toStderr = file === undefined || file === '-';
  const sink = toStderr ? pino.destination({ fd: 2, sync: true }) : pino.destination({ dest: file, mkdir: true, sync: true });
  const pretty = logFormatFor(config.LOG_FORMAT ?? 'auto', toStderr, terminal) === 'pretty';
  const options = { level: config.LOG_LEVEL ?? 'info', base: { app: 'papers-bot' }, redact: { paths: SECRET_PATHS, censor: '[secret]' } };
  return pino(options, pretty ? prettyStream(sink, toStderr && terminal) : sink);
}
