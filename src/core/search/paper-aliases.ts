// The abbreviations one paper defines, keyed for lookup. Written with the paper's search entry, so the alias
// table grows with the store; ALIAS_MINER_VERSION changes when the miner does, and the store is read again.
import { phraseKey, shortKey } from './alias-key.js';
import { mineAliases } from './alias-miner.js';

export const ALIAS_MINER_VERSION = 1;

/** An abbreviation a paper defines, with the keys it is looked up by. */
export interface KeyedAlias {
  shortKey: string;
  longKey: string;
  shortForm: string;
  longForm: string;
}

export function paperAliases(title: string, abstract: string, aiSummary: string | null): KeyedAlias[] {
  const text = [title, abstract, aiSummary ?? ''].join('. ');
  return mineAliases(text).flatMap((alias) => {
    const short = shortKey(alias.shortForm);
    const long = phraseKey(alias.longForm);
    // A short form that is just the first letters of one word ("Adam (A)") teaches nothing.
    return short.length < 2 || long.split(' ').length < 2
      ? []
      : [{ shortKey: short, longKey: long, shortForm: alias.shortForm, longForm: alias.longForm }];
  });
}
