// Runs `papers` as a user would: `runPapers` calls the command line's entry point in this process, with its own
// environment and captured output (most tests are about what a command does, not about Node starting);
// `runPapersProcess` and `startPapers` start the real executable (bin/papers.js, running the compiled dist/) in a
// child process, for what only a process shows: exit codes, logs on stderr, signals, the bot's lifetime.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli.js';
import { childEnv } from './child-env.js';

export const PAPERS_BIN = fileURLToPath(new URL('../../bin/papers.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One command line, in process: the exit code it would exit with and the lines it would print. */
export async function runPapers(args: string[], env: Record<string, string>): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io = { out: (line: string) => (stdout += `${line}\n`), err: (line: string) => (stderr += `${line}\n`) };
  const code = await runCli(args, io, { LOG_LEVEL: 'warn', ...env });
  return { code, stdout, stderr };
}

/** The real executable, in a child process, until it exits. */
export function runPapersProcess(args: string[], env: Record<string, string | undefined>, input?: string): Promise<CliResult> {
  return startPapers(args, env, input).result;
}

/** Starts `papers` and hands back the child process too (to signal it), with its eventual result. */
export function startPapers(
  args: string[],
  env: Record<string, string | undefined>,
  input?: string,
): { child: ChildProcess; result: Promise<CliResult> } {
  const child = spawn(process.execPath, [PAPERS_BIN, ...args], {
    env: childEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const result = new Promise<CliResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
  return { child, result };
}
