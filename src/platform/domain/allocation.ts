/**
 * Splitting an amount of minor units across parts without losing or inventing a cent: each part
 * gets its proportional share rounded down, and the cents left over go one by one to the parts
 * whose shares were cut the most (largest remainder; ties go to the earlier part).
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (weights.length === 0) return [];
  if (total === 0) return weights.map((_, i) => (i === 0 ? amount : 0));
  // BigInt keeps amount × weight exact beyond 2^53.
  const big = BigInt(total);
  const shares = weights.map((w) => (BigInt(amount) * BigInt(w)) / big);
  const remainders = weights.map((w, i) => ({ i, rest: (BigInt(amount) * BigInt(w)) % big }));
  let left = amount - shares.reduce((sum, s) => sum + Number(s), 0);
  remainders.sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
  const result = shares.map(Number);
  for (const { i } of remainders) {
    if (left <= 0) break;
    result[i]! += 1;
    left--;
  }
  return result;
}

/** amount × basisPoints / 10 000, rounded half up: how a percentage of money becomes whole minor units. */
export function percentOf(amount: number, basisPoints: number): number {
  const scaled = BigInt(amount) * BigInt(basisPoints);
  return Number((scaled + 5_000n) / 10_000n);
}

/**
 * The part of a line's net amount that `units` of its `quantity` units carry: the first units round
 * down and the last one takes what is left, so returning a line bit by bit refunds exactly its net.
 */
export function unitsShare(net: number, quantity: number, units: number): number {
  if (units >= quantity) return net;
  return Number((BigInt(net) * BigInt(units)) / BigInt(quantity));
}
