// Every migration, by name. Names sort in the order they apply; a landed migration is never edited.
import type { Migration } from 'kysely';
import * as papers from './2026_11_29_0100_papers.js';
import * as papersSearchIndex from './2026_11_29_0110_papers_search_index.js';
import * as digestTargets from './2026_11_29_0200_digest_targets.js';
import * as digestLayout from './2026_11_29_0300_digest_layout.js';
import * as deliveryCalls from './2026_12_01_0100_delivery_calls.js';
import * as searchAliases from './2026_12_02_0100_search_aliases.js';
import * as searchSummary from './2026_12_02_0200_search_summary.js';
import * as semanticVectors from './2026_12_02_0300_semantic_vectors.js';
import * as papersRankingIndex from './2026_12_02_0400_papers_ranking_index.js';
import * as instances from './2026_12_03_0200_instances.js';
import * as targetClaims from './2026_12_03_0400_target_claims.js';

export const migrations: Record<string, Migration> = {
  '2026_11_29_0100_papers': papers,
  '2026_11_29_0110_papers_search_index': papersSearchIndex,
  '2026_11_29_0200_digest_targets': digestTargets,
  '2026_11_29_0300_digest_layout': digestLayout,
  '2026_12_01_0100_delivery_calls': deliveryCalls,
  '2026_12_02_0100_search_aliases': searchAliases,
  '2026_12_02_0200_search_summary': searchSummary,
  '2026_12_02_0300_semantic_vectors': semanticVectors,
  '2026_12_02_0400_papers_ranking_index': papersRankingIndex,
  '2026_12_03_0200_instances': instances,
  '2026_12_03_0400_target_claims': targetClaims,
};
