// The fault suite's findings, one row per scenario, written where the report script reads them
// (test-results/reliability/), so docs/RELIABILITY.md always shows what the last run measured.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ScenarioRow {
  /** Short name, unique in the suite; also the file name. */
  id: string;
  scenario: string;
  runs: number;
  digestsExpected?: number;
  delivered?: number;
  duplicated?: number;
  lost?: number;
  inputsTried?: number;
  crashes?: number;
  notes?: string;
}

export const RELIABILITY_RESULTS = fileURLToPath(new URL('../../test-results/reliability/', import.meta.url));

export function recordScenario(row: ScenarioRow): void {
  mkdirSync(RELIABILITY_RESULTS, { recursive: true });
  writeFileSync(`${RELIABILITY_RESULTS}${row.id}.json`, `${JSON.stringify(row, null, 2)}\n`);
}
