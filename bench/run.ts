/**
 * `npm run bench`: the performance suite. Every figure is a ratio of two measurements from this one
 * run, so it means the same on a fast or a slow machine. Prints a table, writes bench/results.json,
 * exits non-zero when a figure misses its target.
 */
import { writeFileSync } from 'node:fs';
import { benchDesk } from './desk.bench';
import { benchChartDownsampling } from './history.bench';
import { benchIngestFilter } from './ingest-filter.bench';
import { benchReplay } from './replay.bench';
import type { BenchResult } from './measure';
import { benchBoundedMemory, benchCoalescing, benchFrameCostScaling } from './store.bench';

const results: BenchResult[] = [
  benchIngestFilter(),
  benchCoalescing(),
  benchFrameCostScaling(),
  benchBoundedMemory(),
  benchChartDownsampling(),
  // Desk mode: real nats-server -js, 100 headless desk pages (docs/desk.md).
  ...(await benchDesk()),
  // Record and replay: a recorded simulator session at max speed (docs/record-replay.md).
  await benchReplay(),
];

console.table(
  results.map((r) => ({
    bench: r.name,
    figure: Number(r.figure.toFixed(3)),
    target: `<= ${r.max}`,
    ok: r.figure <= r.max ? 'yes' : 'NO',
    what: r.what,
    ...r.details,
  })),
);
writeFileSync(
  new URL('./results.json', import.meta.url),
  JSON.stringify({ takenAt: new Date().toISOString(), node: process.version, results }, null, 2) + '\n',
);
const failed = results.filter((r) => r.figure > r.max);
if (failed.length > 0) {
  console.error(`missed targets: ${failed.map((r) => r.name).join(', ')}`);
  process.exit(1);
}
