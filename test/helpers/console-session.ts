// Drives `npm start` (the console bot) as a person or a script would: lines piped to stdin, and waits for what
// it prints. Waiting is on the output itself, never on a timer.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { childEnv } from './child-env.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ConsoleSession {
  /** Everything printed to stdout so far. */
  readonly output: string;
  readonly stderr: string;
  send(line: string): void;
  /** Resolves with the output once it matches (searching after `from`); rejects if the bot exits first. */
  waitFor(pattern: RegExp, from?: number): Promise<string>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Kills npm and the bot it started, if still running. */
  kill(): void;
  child: ChildProcessWithoutNullStreams;
}

export function startConsole(env: Record<string, string>): ConsoleSession {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: REPO_ROOT,
    env: childEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group, so kill() reaches the bot behind npm too.
    detached: true,
  });
  let output = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    for (const check of waiters) check();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    get output() {
      return output;
    },
    get stderr() {
      return stderr;
    },
    child,
    exited,
    kill() {
      if (child.exitCode !== null || child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    },
    send(line) {
      child.stdin.write(`${line}\n`);
    },
    waitFor(pattern, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(output.slice(from))) {
            waiters.delete(check);
            resolve(output);
          }
        };
        waiters.add(check);
        check();
        void exited.then((code) => {
          if (!waiters.has(check)) return;
          waiters.delete(check);
          reject(new Error(`the bot exited (code ${code}) before printing ${pattern}.\nstdout:\n${output}\nstderr:\n${stderr}`));
        });
      });
    },
  };
}
