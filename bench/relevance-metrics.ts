// Ranking-quality metrics for the relevance bench: pure functions over a ranked list of paper ids and graded
// judgments (2 = squarely relevant, 1 = related, missing = 0).

/** arXiv id -> grade (1 or 2). Papers not listed are grade 0. */
export type Grades = Readonly<Record<string, number>>;

const gain = (grade: number): number => 2 ** grade - 1;
const discount = (rank: number): number => Math.log2(rank + 2); // rank is 0-based: the first result divides by 1

function dcg(grades: readonly number[], k: number): number {
  let sum = 0;
  for (let i = 0; i < Math.min(k, grades.length); i++) sum += gain(grades[i] ?? 0) / discount(i);
  return sum;
}

/**
 * nDCG@k with gain 2^grade − 1 and a log2(rank + 1) discount. The ideal ranking is every judged paper sorted by
 * grade, so a query with more relevant papers than k can still reach 1 only by filling the top k with the best.
 * A ranked list that repeats an id counts it once. 0 when nothing is judged relevant.
 */
export function ndcgAt(ranked: readonly string[], grades: Grades, k = 10): number {
  const ideal = dcg(
    Object.values(grades)
      .filter((g) => g > 0)
      .sort((a, b) => b - a),
    k,
  );
  if (ideal === 0) return 0;
  const seen = new Set<string>();
  const got: number[] = [];
  for (const id of ranked) {
    if (seen.has(id)) continue;
    seen.add(id);
    got.push(grades[id] ?? 0);
  }
  return dcg(got, k) / ideal;
}

/** 1 when a paper of grade `grade` (default 2) is among the first k results, else 0. */
export function successAt(ranked: readonly string[], grades: Grades, k = 3, grade = 2): number {
  return ranked.slice(0, k).some((id) => (grades[id] ?? 0) >= grade) ? 1 : 0;
}

/** Arithmetic mean; 0 for no values. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
