// Runs the real `papers` executable in a child process, as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { childEnv } from './child-env.js';

export const PAPERS_BIN = fileURLToPath(new URL('../../bin/papers.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runPapers(args: string[], env: Record<string, string>, input?: string): Promise<CliResult> {
  return startPapers(args, env, input).result;
}

/** Starts `papers` and hands back the child process too (to signal it), with its eventual result. */
export function startPapers(
  args: string[],
  env: Record<string, string>,
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
