import { readFileSync } from 'node:fs';
/** One benchmark figure: `{name, value, unit, baseline, ratio, ...extra}` as a JSON line on stdout. */
export function emit(
  name: string,
  value: number | null,
  unit: string,
  baseline: number | null,
  extra: Record<string, unknown> = {},
): void {
  const r = (x: number | null) => (x == null || !Number.isFinite(x) ? null : Math.round(x * 1000) / 1000);
  const ratio = value != null && baseline ? r(value / baseline) : null;
  process.stdout.write(`${JSON.stringify({ name, value: r(value), unit, baseline: r(baseline), ratio, ...extra })}\n`);
}

/** Progress and notes go to stderr, so that stdout holds only the figures. */
export function note(s: string): void {
  process.stderr.write(`${s}\n`);
}

/** The p-th percentile (0..100) of a sample, nearest rank. */
export function pct(xs: readonly number[], p: number): number {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Wall and CPU milliseconds of one call. */
export async function timed<T>(f: () => Promise<T> | T): Promise<{ value: T; ms: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await f();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, ms, cpuMs: (c.user + c.system) / 1000 };
}

/**
 * Repeats `f` until `count` runs or `budgetMs` have passed (at least `min` runs); returns the wall times.
 * Every figure is bounded in count and time on the shared machine.
 */
export async function sample(
  f: (i: number) => Promise<unknown> | unknown,
  opts: { count: number; budgetMs: number; min?: number },
): Promise<{ ms: number[]; cpuMs: number }> {
  const out: number[] = [];
  const c0 = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < opts.count; i++) {
    if (i >= (opts.min ?? 1) && performance.now() - start > opts.budgetMs) break;
    const t0 = performance.now();
    await f(i);
    out.push(performance.now() - t0);
  }
  const c = process.cpuUsage(c0);
  return { ms: out, cpuMs: (c.user + c.system) / 1000 };
}

/** The machine's load averages (1, 5, 15 min) from /proc/loadavg. */
export function loadAvg(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return '';
  }
}
