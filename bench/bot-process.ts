// The bot process as the benches start it: `papers run` with the node flags `npm start` uses (a smaller young
// generation), so they measure that process; and its memory as the kernel reports it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PAPERS_BIN = fileURLToPath(new URL('../bin/papers.js', import.meta.url));

export const START_NODE_FLAGS = (
  JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as { scripts: { start: string } }
).scripts.start
  .split(' ')
  .filter((word) => word.startsWith('--'));

/** A process's resident memory now (VmRSS) or at its highest (VmHWM), in bytes; 0 once it has exited. */
export function processMemory(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  try {
    const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? 0 : Number(kb) * 1024;
  } catch {
    return 0;
  }
}
