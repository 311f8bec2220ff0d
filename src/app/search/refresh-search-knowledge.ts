// What search learns from the store, brought up to date after papers' searchable text changed (an ingest, an
// import): the typo-correction vocabulary, the abbreviations mined from titles and abstracts (learned as papers
// are written; the whole store is read again only when the miner changed), and the semantic vectors of new
// papers. One call for every place that writes papers, so none of them forgets a part.
import type { Store } from '../../store/database.js';
import {
  knowledgeVersion,
  paperAliasWriter,
  paperTextsAfter,
  putPaperAliases,
  setKnowledgeVersion,
} from '../../store/aliases-repository.js';
import { hasSearchVocabulary, refreshSearchVocabulary } from '../../store/search-index.js';
import { inTransaction } from '../../store/sql-runner.js';
import { forgetLookups } from '../../store/postgres-lookup-cache.js';
import { ALIAS_MINER_VERSION, paperAliases } from '../../core/search/paper-aliases.js';
import { refreshSemantic, type RefreshOptions } from '../semantic/semantic-search.js';

const MINING_BATCH = 2000;

/** Reads every paper with the current miner; returns how many were read. Each batch is its own transaction. */
async function remineAliases(store: Store): Promise<number> {
  const writer = store.dialect === 'sqlite' ? paperAliasWriter(store.sqlite) : null;
  let after = 0;
  let read = 0;
  for (;;) {
    const batch = await paperTextsAfter(store, after, MINING_BATCH);
    const last = batch.at(-1);
    if (last === undefined) break;
    // The writer's statements run on the connection the transaction holds.
    await inTransaction(store, async (tx) => {
      for (const p of batch) {
        const aliases = paperAliases(p.title, p.abstract, p.aiSummary);
        if (writer !== null) writer.put(p.docId, aliases, true);
        else await putPaperAliases(tx, p.docId, aliases, true);
      }
    });
    read += batch.length;
    after = last.docId;
  }
  forgetLookups();
  return read;
}

export interface SearchKnowledgeReport {
  /** Papers read again by a newer abbreviation miner (0 when the store was up to date). */
  aliasesRemined: number;
  /** Papers given a semantic vector by the current model, and whether the model was fitted again. */
  semantic: { folded: number; refitted: boolean };
}

/**
 * The semantic model is refitted in a worker thread, so waiting for it (the default) keeps commands answered;
 * pass `waitForRefit: false` to return before a refit ends (it then reports its failure to `onRefitError`).
 */
export interface SearchKnowledgeOptions extends RefreshOptions {
  /**
   * 'if-missing': rebuild the vocabulary only when there is none, at start, where every earlier write of papers
   * already rebuilt it (a few seconds of reading the whole index at a million papers, and its pages in the cache).
   */
  vocabulary?: 'rebuild' | 'if-missing';
}

export async function refreshSearchKnowledge(store: Store, options: SearchKnowledgeOptions = {}): Promise<SearchKnowledgeReport> {
  const { vocabulary, ...semanticOptions } = options;
  if (vocabulary !== 'if-missing' || !(await hasSearchVocabulary(store))) await refreshSearchVocabulary(store);
  let aliasesRemined = 0;
  if ((await knowledgeVersion(store, 'aliases')) < ALIAS_MINER_VERSION) {
    aliasesRemined = await remineAliases(store);
    await setKnowledgeVersion(store, 'aliases', ALIAS_MINER_VERSION);
  }
  const semantic = await refreshSemantic(store, { waitForRefit: true, ...semanticOptions });
  return { aliasesRemined, semantic };
}
