// Runs the benchmarks named on the command line (file stems without `.bench.ts`), or all.
//   npm run bench                      all
//   npm run bench -- engine-scheduler  one
// Results print as a Markdown table for docs/benchmarks.md. Medians of repeated runs,
// side by side in one process: the machines are shared and noisy.
import { readdirSync } from 'node:fs';
import { printTable, type ResultRow } from './lib/measure.js';

const available = readdirSync(import.meta.dirname).filter((file) => file.endsWith('.bench.ts')).map((file) => file.replace('.bench.ts', ''));
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(64);
}
const rows: ResultRow[] = [];
for (const name of wanted.length > 0 ? wanted : available) {
  const module = (await import(`./${name}.bench.ts`)) as { run(): Promise<ResultRow[]> };
  rows.push(...(await module.run()));
}
// A benchmark with its own table (peers) prints it and returns no rows.
if (rows.length > 0) printTable(rows);
