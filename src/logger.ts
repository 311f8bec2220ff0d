// pino logger. Logs go to stderr so that command output on stdout (such as `papers search --json`) stays clean.
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';

export function createLogger(config: Pick<Config, 'LOG_LEVEL'>): Logger {
  return pino({ level: config.LOG_LEVEL, base: { app: 'papers-bot' } }, pino.destination({ fd: 2, sync: true }));
}
