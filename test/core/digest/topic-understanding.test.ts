// A saved topic understands what a search does: "model compression" catches new quantization and pruning papers
// (the field vocabulary's kinds of it), says so on the item, and keeps out a paper that only mentions a kind of
// it in passing (its score is under TOPIC_MIN_SCORE).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestCollector } from '../../../src/app/digest/digest-collector.js';
import { digestWindow } from '../../../src/core/digest/digest-window.js';
import type { PaperInput } from '../../../src/core/paper.js';
import { topicExpression } from '../../../src/app/search/topic-expression.js';
import { ABSTRACT_ONLY, scoreTopicMatches, TOPIC_MIN_SCORE } from '../../../src/app/search/topic-match.js';
import { NARROWER_WEIGHT } from '../../../src/app/search/query-concepts.js';
import { subscribe } from '../../../src/app/subscriptions.js';
import type { TargetAddress } from '../../../src/core/targets/target.js';
import { upsertPapers } from '../../../src/store/papers-repository.js';
import { refreshSearchVocabulary } from '../../../src/store/search-index.js';
import { listSubscriptions } from '../../../src/store/subscriptions-repository.js';
import { ensureTarget } from '../../../src/store/targets-repository.js';
import { buildTopicIndex } from '../../../src/store/topic-index.js';
import { findPapersByDocIds } from '../../../src/store/papers-repository.js';
import type { Store } from '../../../src/store/database.js';
import { createStoreOf, DIALECTS, type Dialect } from '../../helpers/temp-store.js';

// A Wednesday 09:00 UTC digest; the papers were published the day before, inside its window.
const SCHEDULED = new Date('2026-12-02T09:00:00Z');

const PAPERS: { id: string; title: string; abstract: string }[] = [
  { id: '2612.00001', title: 'Model Compression for Edge Devices', abstract: 'We make networks smaller for phones.' },
  { id: '2612.00002', title: 'Quantized Transformers at Four Bits', abstract: 'Weights and activations in few bits.' },
  { id: '2612.00003', title: 'Pruning Attention Heads Safely', abstract: 'Removing heads without losing accuracy.' },
  { id: '2612.00004', title: 'Speech Recognition in Noisy Rooms', abstract: 'We study model compression of speech recognizers.' },
  { id: '2612.00005', title: 'A Benchmark for Video Question Answering', abstract: 'Unlike quantization studies, we measure answers.' },
  { id: '2612.00006', title: 'Protein Folding with Diffusion', abstract: 'We fold proteins.' },
];

function inputs(): PaperInput[] {
  return PAPERS.map((p) => ({
    source: 'arxiv',
    id: p.id,
    title: p.title,
    abstract: p.abstract,
    authors: ['Ada Lovelace'],
    publishedAt: '2026-12-01T08:00:00.000Z',
    categories: ['cs.LG'],
  }));
}

const address: TargetAddress = { platform: 'console', workspace: 'local', kind: 'channel', address: 'compression' };

describe.each(DIALECTS)('on %s', (dialect: Dialect) => {
  let temp: { store: Store; cleanup(): Promise<void> };
  beforeEach(async () => {
    temp = await createStoreOf(dialect);
    await upsertPapers(temp.store, inputs(), '2026-12-01T12:00:00.000Z');
    await refreshSearchVocabulary(temp.store);
  });
  afterEach(async () => temp.cleanup());

  describe('a topic that understands', () => {
    it('scores the words as typed fully, a kind of them less, and a kind only in the abstract under the threshold', async () => {
      const { store } = temp;
      const docIds = (await store.db.selectFrom('papers').select('doc_id').execute()).map((r) => r.doc_id);
      const papers = await findPapersByDocIds(store, docIds);
      const index = await buildTopicIndex(store, papers);
      try {
        const scores = Object.fromEntries(
          (await scoreTopicMatches(await topicExpression(store, 'model compression'), (e) => index.matching(e), 0)).map(
            (m): [string, { score: number; via: string[] }] => [
              papers.get(m.docId)?.id ?? '',
              { score: Number(m.score.toFixed(3)), via: m.via },
            ],
          ),
        );
        expect(scores).toEqual({
          '2612.00001': { score: 1, via: [] },
          '2612.00002': { score: NARROWER_WEIGHT, via: ['quantization'] },
          '2612.00003': { score: NARROWER_WEIGHT, via: ['pruning'] },
          '2612.00004': { score: ABSTRACT_ONLY, via: [] },
          '2612.00005': { score: Number((NARROWER_WEIGHT * ABSTRACT_ONLY).toFixed(3)), via: ['quantization'] },
        });
        expect(NARROWER_WEIGHT * ABSTRACT_ONLY).toBeLessThan(TOPIC_MIN_SCORE);
      } finally {
        index.close();
      }
    });

    it('puts the new quantization and pruning papers in the digest, each saying what it matched through', async () => {
      const { store } = temp;
      const target = await ensureTarget(store, address, new Date('2026-11-25T00:00:00Z'), null);
      const added = await subscribe(store, { address, topic: 'model compression', by: null, now: new Date('2026-11-25T00:00:00Z') });
      expect(added.outcome).toBe('added');
      const collector = digestCollector(store);
      try {
        const built = await collector.collect({
          target: { ...target, settings: { ...target.settings, size: 0 } },
          date: '2026-12-02',
          window: digestWindow(target.settings, SCHEDULED, null),
          subscriptions: await listSubscriptions(store, target.id),
        });
        const [section] = built.digest.topics;
        expect(section?.topic).toBe('model compression');
        const labels = Object.fromEntries((section?.items ?? []).map((item) => [item.id, item.topics]));
        expect(labels).toEqual({
          '2612.00001': ['model compression'],
          '2612.00002': ['model compression (via quantization)'],
          '2612.00003': ['model compression (via pruning)'],
          '2612.00004': ['model compression'],
        });
      } finally {
        collector.close();
      }
    });
  });
});
