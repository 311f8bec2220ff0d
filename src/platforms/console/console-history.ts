// The console's command history, kept in a file beside the database so Up recalls yesterday's commands too.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** As many lines as a shell keeps by default. */
export const HISTORY_SIZE = 500;

/** The saved history, newest first (readline's order); none when the file is missing or unreadable. */
export function loadHistory(file: string): string[] {
  try {
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
    return lines.slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

/**
 * Writes the history (newest first, as readline holds it) oldest first, one command per line, readable only by
 * its owner. A history that cannot be written is not worth interrupting anyone for: the caller is told.
 */
export function saveHistory(file: string, history: readonly string[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const lines = history.slice(0, HISTORY_SIZE).reverse();
  writeFileSync(file, lines.length === 0 ? '' : `${lines.join('\n')}\n`, { mode: 0o600 });
}
