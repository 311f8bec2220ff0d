// PostgreSQL's migrations, by name: a baseline equal to the SQLite schema of its day, then one migration for
// each later SQLite one, under the same name. A landed migration is never edited.
import type { Migration } from 'kysely';
import * as baseline from './2026_12_03_0100_baseline.js';
import * as instances from './2026_12_03_0200_instances.js';
import * as searchDocuments from './2026_12_03_0300_search_documents.js';
import * as targetClaims from './2026_12_03_0400_target_claims.js';
import * as conceptCounts from './2026_12_03_0500_concept_counts.js';

export const postgresMigrations: Record<string, Migration> = {
  '2026_12_03_0100_baseline': baseline,
  '2026_12_03_0200_instances': instances,
  '2026_12_03_0300_search_documents': searchDocuments,
  '2026_12_03_0400_target_claims': targetClaims,
  '2026_12_03_0500_concept_counts': conceptCounts,
};
