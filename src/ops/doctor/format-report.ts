// The doctor's report as text: one line per check, grouped by area, a fix under each problem, and a summary.
import type { CheckResult } from './check.js';

const LABELS = { ok: 'ok', warn: 'warn', fail: 'FAIL' } as const;
const AREA_WIDTH = 'database'.length + 1;

export function formatReport(results: readonly CheckResult[]): string[] {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(`  ${LABELS[result.status].padEnd(6)}${result.area.padEnd(AREA_WIDTH)}${result.name}: ${result.detail}`);
    if (result.fix !== undefined && result.status !== 'ok') lines.push(`${' '.repeat(8 + AREA_WIDTH)}fix: ${result.fix}`);
  }
  lines.push('', summaryLine(results));
  return lines;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryLine(results: readonly CheckResult[]): string {
  const failed = results.filter((r) => r.status === 'fail').length;
  const warned = results.filter((r) => r.status === 'warn').length;
  if (failed === 0 && warned === 0) return `All ${results.length} checks passed.`;
  if (failed === 0) return `No problems, ${plural(warned, 'warning')} (${plural(results.length, 'check')}).`;
  return `${plural(failed, 'problem')}${warned === 0 ? '' : `, ${plural(warned, 'warning')}`} (${plural(results.length, 'check')}).`;
}
