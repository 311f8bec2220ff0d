// Drives the real `papers run` through a pseudo-terminal, as a person at a keyboard: util-linux `script` gives
// the bot a terminal and passes our keystrokes to it. Waiting is on what the terminal shows, never on a timer.
import { spawn } from 'node:child_process';
import { START_NODE_FLAGS } from '../../bench/bot-process.js';
import { childEnv } from './child-env.js';
import { PAPERS_BIN } from './run-cli.js';

export const KEYS = { tab: '\t', enter: '\r', up: '\u001b[A', ctrlC: '\u0003', ctrlD: '\u0004' } as const;

export interface TerminalSession {
  /** Everything the terminal showed so far, escape sequences included. */
  readonly screen: string;
  type(keys: string): void;
  /** Resolves once what the terminal shows after `from` matches; rejects if the session ends first. */
  waitFor(pattern: RegExp, from?: number): Promise<void>;
  exited: Promise<number | null>;
  kill(): void;
}

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/** What a terminal shows, without colours and cursor movements: for matching text. */
export function plainText(screen: string): string {
  // eslint-disable-next-line no-control-regex
  return screen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}

export function startTerminalSession(env: Record<string, string>): TerminalSession {
  const command = [process.execPath, ...START_NODE_FLAGS, PAPERS_BIN, 'run'].map(quote).join(' ');
  // -e: script exits with the bot's exit code; -f: flush at once; the log of the session goes nowhere.
  const child = spawn('script', ['-qefc', command, '/dev/null'], { env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
    for (const check of waiters) check();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    get screen() {
      return screen;
    },
    type(keys) {
      child.stdin.write(keys);
    },
    waitFor(pattern, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(plainText(screen.slice(from)))) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
        void exited.then((code) => {
          if (!waiters.has(check)) return;
          waiters.delete(check);
          reject(new Error(`the session ended (code ${code}) before showing ${pattern}:\n${plainText(screen)}`));
        });
      });
    },
    exited,
    kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
