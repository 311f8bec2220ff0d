import { describe, expect, it } from 'vitest';
import { parseQuery, wordPieces } from '../../../src/core/search/query-parser.js';
import { spellingVariants } from '../../../src/core/search/spelling-variants.js';
import { editDistance, typoBudget } from '../../../src/core/search/edit-distance.js';

describe('parseQuery', () => {
  it('reads words, phrases, exclusions, prefixes and filters', () => {
    const q = parseQuery('diffusion "video generation" -gan transform* author:"Yann LeCun" org:deepmind cat:cs.CV since:2026-01-31');
    expect(q.terms).toEqual([
      { kind: 'word', word: 'diffusion', prefix: false },
      { kind: 'phrase', words: ['video', 'generation'], quoted: true },
      { kind: 'word', word: 'transform', prefix: true },
    ]);
    expect(q.excluded).toEqual([{ kind: 'word', word: 'gan', prefix: false }]);
    expect(q.authors).toEqual([['yann', 'lecun']]);
    expect(q.organizations).toEqual([['deepmind']]);
    expect(q.categories).toEqual(['cs.CV']);
    expect(q.since).toBe('2026-01-31');
  });

  it('turns hyphenated and punctuated words into phrases of their parts', () => {
    expect(parseQuery('zeroth-order').terms).toEqual([{ kind: 'phrase', words: ['zeroth', 'order'] }]);
    expect(parseQuery('C++').terms).toEqual([{ kind: 'word', word: 'c', prefix: false }]);
    expect(parseQuery('GPT-4o').terms).toEqual([{ kind: 'phrase', words: ['gpt', '4o'] }]);
  });

  it('treats FTS5 syntax and unknown fields as plain words', () => {
    expect(parseQuery('AND OR NOT').terms.map((t) => (t.kind === 'word' ? t.word : ''))).toEqual(['and', 'or', 'not']);
    expect(parseQuery('NEAR(').terms).toEqual([{ kind: 'word', word: 'near', prefix: false }]);
    expect(parseQuery('title:transformer').terms).toEqual([{ kind: 'phrase', words: ['title', 'transformer'] }]);
    expect(parseQuery('title:').terms).toEqual([{ kind: 'word', word: 'title', prefix: false }]);
  });

  it('an unbalanced quote runs to the end; a one-letter prefix is a plain word', () => {
    expect(parseQuery('"sparse attention').terms).toEqual([{ kind: 'phrase', words: ['sparse', 'attention'], quoted: true }]);
    expect(parseQuery('a*').terms).toEqual([{ kind: 'word', word: 'a', prefix: false }]);
  });

  it('drops what has no letters or digits', () => {
    expect(parseQuery('🤖 -- ^ *').terms).toEqual([]);
    expect(wordPieces('Ünïcödé ﬁne')).toEqual(['ünïcödé', 'fine']);
  });
});

describe('spellingVariants', () => {
  it.each([
    ['optimiser', 'optimizer'],
    ['optimizer', 'optimiser'],
    ['quantisation', 'quantization'],
    ['normalised', 'normalized'],
    ['modelling', 'modeling'],
    ['modeling', 'modelling'],
    ['labelled', 'labeled'],
    ['behaviour', 'behavior'],
    ['behavior', 'behaviour'],
    ['analyse', 'analyze'],
    ['centre', 'center'],
    ['catalogue', 'catalog'],
    ['defence', 'defense'],
  ])('%s -> %s', (word, variant) => {
    expect(spellingVariants(word)).toContain(variant);
  });

  it('leaves short and unrelated words alone', () => {
    expect(spellingVariants('our')).toEqual([]);
    expect(spellingVariants('model')).toEqual([]);
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swaps', () => {
    expect(editDistance('transform', 'transfrom', 2)).toBe(1);
    expect(editDistance('memory', 'memroy', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('same', 'same', 1)).toBe(0);
  });
  it('stops early past the budget', () => {
    expect(editDistance('abcdefgh', 'zzzzzzzz', 2)).toBe(3);
    expect(typoBudget(4)).toBe(0);
    expect(typoBudget(6)).toBe(1);
    expect(typoBudget(10)).toBe(2);
  });
});
