// Seeded randomness for tests that try many cases (fuzzing, kill moments): the same seed, the same run.

/** A small seeded generator (LCG), so a failure can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
