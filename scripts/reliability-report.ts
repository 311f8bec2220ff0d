// Writes docs/RELIABILITY.md from the rows the fault suite recorded in test-results/reliability/ (one per
// scenario). Run by .ci/run after the tests, so the report always shows what the last run measured.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RELIABILITY_RESULTS, type ScenarioRow } from '../test/helpers/reliability-record.js';

const REPORT = fileURLToPath(new URL('../docs/RELIABILITY.md', import.meta.url));

const cell = (value: number | string | undefined) => (value === undefined ? '—' : String(value).replace(/\|/g, '\\|'));

const rows: ScenarioRow[] = existsSync(RELIABILITY_RESULTS)
  ? readdirSync(RELIABILITY_RESULTS)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => JSON.parse(readFileSync(`${RELIABILITY_RESULTS}${f}`, 'utf8')) as ScenarioRow)
  : [];
if (rows.length === 0) {
  console.error('no reliability results in test-results/reliability/: run the tests first');
  process.exit(1);
}
const lines = [
  '# Reliability',
  '',
  'Written by `scripts/reliability-report.ts` from the fault suite (`test/reliability/` and the scenarios it names),',
  'which runs in `.ci/run`. One row per scenario: how many times the bot ran, the digests that should have arrived,',
  'those delivered exactly once, duplicated and lost; for input scenarios, the inputs tried and the crashes.',
  '',
  '| scenario | runs | digests expected | delivered | duplicated | lost | inputs tried | crashes | notes |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows
    .map((r) =>
      [r.scenario, r.runs, r.digestsExpected, r.delivered, r.duplicated, r.lost, r.inputsTried, r.crashes, r.notes].map(cell).join(' | '),
    )
    .map((row) => `| ${row} |`),
  '',
];
mkdirSync(fileURLToPath(new URL('../docs/', import.meta.url)), { recursive: true });
writeFileSync(REPORT, lines.join('\n'));
console.log(`wrote ${REPORT} (${rows.length} scenarios)`);
