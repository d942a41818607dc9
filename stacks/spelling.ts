/**
 * Edit distance between two short strings (settings' names), for "did you mean" hints on typos. Swapping two
 * neighbouring letters counts as one edit (optimal string alignment), as it is the commonest typo.
 */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  // Row 0 holds j insertions, column 0 holds i deletions; each row grows as its cells are filled in below.
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => [i]);
  d[0] = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: at i or j of 1, x[i - 2] or y[j - 2] is undefined and equals no letter, so the guard only tells the reader
      const canSwap = i > 1 && j > 1;
      if (canSwap && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[x.length][y.length];
}

/** The candidate a typo most likely meant, if one is close enough (a third of the word's length). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
