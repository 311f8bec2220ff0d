// FIELD_VOCABULARY by key: for each name, its equivalents and its narrower topics (see field-vocabulary.ts).
import { phraseKey } from './alias-key.js';
import { FIELD_VOCABULARY } from './field-vocabulary.js';

export interface VocabularyMeaning {
  equivalents: string[];
  narrower: string[];
}

let index: Map<string, VocabularyMeaning> | null = null;

function built(): Map<string, VocabularyMeaning> {
  const map = new Map<string, VocabularyMeaning>();
  for (const entry of FIELD_VOCABULARY) {
    for (const term of entry.terms) {
      const key = phraseKey(term);
      const meaning = map.get(key) ?? { equivalents: [], narrower: [] };
      for (const other of entry.terms) if (other !== term && !meaning.equivalents.includes(other)) meaning.equivalents.push(other);
      for (const kind of entry.narrower ?? []) if (!meaning.narrower.includes(kind)) meaning.narrower.push(kind);
      map.set(key, meaning);
    }
  }
  return map;
}

/** What the field vocabulary knows of a name, by its key (see alias-key.ts); undefined when nothing. */
export function vocabularyMeaning(key: string): VocabularyMeaning | undefined {
  index ??= built();
  return index.get(key);
}

/** The longest name, in words, the vocabulary holds: query spans longer than this cannot match. */
export const LONGEST_VOCABULARY_NAME = 6;
