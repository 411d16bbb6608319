/**
 * Percentages with one decimal that add up to exactly 100.0 (largest-remainder / Hamilton method on
 * tenths of a percent). An all-zero split gives all 0.0. Ties of remainders go to the earlier key, so the
 * result is deterministic.
 */
export function sharesOf(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= 0) return counts.map(() => 0);
  const UNITS = 1000; // tenths of a percent
  const exact = counts.map((c) => (c * UNITS) / total);
  const floors = exact.map((x) => Math.floor(x));
  let left = UNITS - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, rem: x - Math.floor(x) })).sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = floors[i]! + 1;
    left--;
  }
  return floors.map((t) => t / 10);
}

/** One decimal as text ("12.5", "0.0"). */
export function pct(x: number): string {
  return x.toFixed(1);
}

/** A rate in percent with one decimal, or null when the denominator is zero. */
export function rateOf(numerator: number, denominator: number): number | null {
  return denominator > 0 ? Math.round((numerator * 1000) / denominator) / 10 : null;
}
