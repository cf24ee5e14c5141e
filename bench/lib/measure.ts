/** Samples of one benchmark case, in milliseconds. */
export interface Measurement {
  name: string;
  samples: number[];
  median: number;
  p99: number;
  min: number;
}

/** Options of {@link measure}. */
export interface MeasureOptions {
  /** Measured runs. Default 15. */
  iterations?: number;
  /** Unmeasured runs first, so the JIT has warmed up. Default 3. */
  warmup?: number;
  /** Untimed preparation before every run, warm-up included (e.g. truncating a table). */
  before?: () => unknown | Promise<unknown>;
}

/** The value at `fraction` (0–1) of ascending `sorted` samples (nearest rank). */
export function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/** Runs `run` repeatedly and reports the median (the machines are shared: medians, not means). */
export async function measure(name: string, run: () => unknown | Promise<unknown>, options: MeasureOptions = {}): Promise<Measurement> {
  for (let i = 0; i < (options.warmup ?? 3); i++) {
    await options.before?.();
    await run();
  }
  const samples: number[] = [];
  for (let i = 0; i < (options.iterations ?? 15); i++) {
    await options.before?.();
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { name, samples, median: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), min: sorted[0]! };
}

/** One printed result row: a case, its figure, the goal, and whether it is met. */
export interface ResultRow {
  benchmark: string;
  figure: string;
  goal: string;
  /** Null for a reference figure without a goal (printed as —). */
  met: boolean | null;
}

/** Prints rows as a Markdown table (pasted into docs/benchmarks.md). */
export function printTable(rows: ResultRow[]): void {
  console.log('| benchmark | median | goal | met |');
  console.log('|---|---|---|---|');
  for (const row of rows) console.log(`| ${row.benchmark} | ${row.figure} | ${row.goal} | ${row.met === null ? '—' : row.met ? 'yes' : '**no**'} |`);
}

export const ms = (value: number) => `${value < 1 ? value.toFixed(3) : value.toFixed(1)} ms`;
