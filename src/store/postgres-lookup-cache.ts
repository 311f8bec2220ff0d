// Answers of search's small lookups on PostgreSQL, kept for a minute: how many papers match a word or phrase (up
// to a cap), the vocabulary's terms and the abbreviations' forms. Compiling a topic or a query asks dozens of
// them, one round trip each, and the same words come back across the topics of a digest tick (1,747 topics asked
// 3,547 counts of 700 expressions at 100k papers, some of them phrases costing up to 0.8 s each).
//
// What this process writes (papers, the vocabulary, abbreviations) forgets every answer at once; what other
// processes write is seen within LOOKUP_TTL_MS. The answers only weigh and spell (a rare word counts more, a
// typo is corrected towards known words), so a minute-old count changes no result that matters; the papers
// themselves are always read afresh.

/** How long an answer is kept when nothing this process writes has changed it. */
export const LOOKUP_TTL_MS = 60_000;
/** Answers kept per store; past it, the oldest half is let go. */
const LOOKUP_LIMIT = 50_000;

interface Kept {
  at: number;
  generation: number;
  value: Promise<unknown>;
}

let generation = 0;
const caches = new WeakMap<object, Map<string, Kept>>();

/** Called after this process writes what the lookups read: every kept answer is out of date. */
export function forgetLookups(): void {
  generation += 1;
}

/** The kept answer for `key` on this store, or `load`'s (kept from its start, so a write meanwhile outdates it). */
export function cachedLookup<T>(store: object, key: string, load: () => Promise<T>): Promise<T> {
  let cache = caches.get(store);
  if (cache === undefined) {
    cache = new Map<string, Kept>();
    caches.set(store, cache);
  }
  const now = performance.now();
  const kept = cache.get(key);
  if (kept !== undefined && kept.generation === generation && now - kept.at < LOOKUP_TTL_MS) return kept.value as Promise<T>;
  if (cache.size >= LOOKUP_LIMIT) for (const old of [...cache.keys()].slice(0, LOOKUP_LIMIT / 2)) cache.delete(old);
  const value = load();
  const entry: Kept = { at: now, generation, value };
  cache.set(key, entry);
  // A failed lookup is not kept: the next caller asks again.
  value.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return value;
}
