/**
 * `npm run bench`: the performance suite (docs/performance.md). Every figure is a ratio or a count
 * from this one run, so it means the same on a fast or a slow machine. Prints a table, writes
 * bench/results.json, exits non-zero when a figure misses its target.
 *
 *   --quick         fewer rounds and rates: for developing the bench, not for the record
 *   --only=a,b      run only the groups named (peer, node, desk, replay, browser, scale)
 *   --reuse-build   the browser bench uses dist-bench as it is (no vite build)
 *   --soak[=MIN]    only the soak: the demo stack for MIN minutes (default 30), heap every minute
 *   --soak-snapshots  with --soak: heap snapshots at the baseline and the end, compared by constructor
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { benchAtScale } from './browser/at-scale.bench';
import { benchBrowser, type BrowserBenchOutput } from './browser/browser.bench';
import { benchDesk } from './desk.bench';
import { benchChartDownsampling } from './history.bench';
import { benchIngestFilter } from './ingest-filter.bench';
import { meetsTarget, targetText, type BenchResult } from './measure';
import { benchNormalizeVsCcxt } from './normalize-vs-ccxt.bench';
import { benchReplay } from './replay.bench';
import { soakMinutes } from './soak/growth';
import { benchSoak, type SoakOutput } from './soak/soak.bench';
import { benchBoundedMemory, benchCoalescing, benchFrameCostScaling } from './store.bench';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const reuseBuild = args.includes('--reuse-build');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const soak = soakMinutes(args);
// The soak runs alone: 30 minutes of other groups' load would blur its heap and theirs.
const wanted = (group: string) => soak === undefined && (only === undefined || only.includes(group));

const load = { before: loadavg()[0]!, after: Number.NaN };
const results: BenchResult[] = [];
if (wanted('peer')) results.push(benchNormalizeVsCcxt(quick ? 3 : 9));
if (wanted('node'))
  results.push(
    benchIngestFilter(),
    benchCoalescing(),
    benchFrameCostScaling(),
    benchBoundedMemory(),
    benchChartDownsampling(),
  );
// Desk mode: real nats-server -js, 100 headless desk pages (docs/desk.md).
if (wanted('desk')) results.push(...(await benchDesk()));
// Record and replay: a recorded simulator session at max speed (docs/record-replay.md).
if (wanted('replay')) results.push(await benchReplay());
let browser: BrowserBenchOutput | undefined;
if (wanted('browser')) {
  console.log('browser bench: the bare page, then the app, at rising rates');
  browser = await benchBrowser({ quick, reuseBuild });
  results.push(...browser.results);
  console.log("the app's main thread at the bare page's ceiling, self time by module and by function:");
  console.table(browser.profileByModule);
  console.table(browser.profile);
  console.log("the app's main thread at 80 % of the ceiling, self time by trace event:");
  console.table(browser.trace);
}
// At scale: 100,000 journaled fills, cold start, sort, filter, scroll (a browser group of its own).
if (wanted('scale')) {
  console.log('at scale: 100,000 journaled fills in the browser');
  results.push(...(await benchAtScale({ quick, reuseBuild: args.includes('--reuse-build') || wanted('browser') })));
}
let soakOutput: SoakOutput | undefined;
if (soak !== undefined) {
  console.log(`soak: the demo stack and the app on the demo profile for ${soak} minutes`);
  soakOutput = await benchSoak({ minutes: soak, reuseBuild, snapshots: args.includes('--soak-snapshots') });
  results.push(...soakOutput.results);
  if (soakOutput.growthByConstructor) {
    console.log('what grew from the baseline to the end, by constructor (self size): the page, then the worker');
    console.table(soakOutput.growthByConstructor.page);
    console.table(soakOutput.growthByConstructor.worker);
  }
}
load.after = loadavg()[0]!;

console.table(
  results.map((r) => ({
    figure: r.name,
    value: Number(r.figure.toFixed(3)),
    unit: r.unit,
    target: targetText(r),
    ok: meetsTarget(r) ? 'yes' : 'NO',
    what: r.what,
  })),
);
for (const r of results) console.log(`${r.name}: ${JSON.stringify(r.details)}`);
console.log(`load average (1 min) ${load.before.toFixed(2)} before, ${load.after.toFixed(2)} after`);
writeFileSync(
  new URL('./results.json', import.meta.url),
  JSON.stringify(
    {
      takenAt: new Date().toISOString(),
      node: process.version,
      quick,
      loadAverage: load,
      results,
      browser: browser && {
        bare: browser.bare,
        app: browser.app,
        appProfileAtCeiling: { byModule: browser.profileByModule, byFunction: browser.profile },
        appTraceAt80pct: browser.trace,
      },
      soak: soakOutput && {
        samples: soakOutput.samples,
        connections: soakOutput.connections,
        growthByConstructor: soakOutput.growthByConstructor,
      },
    },
    null,
    2,
  ) + '\n',
);
const failed = results.filter((r) => !meetsTarget(r));
if (failed.length > 0) {
  console.error(`missed targets: ${failed.map((r) => r.name).join(', ')}`);
  process.exit(1);
}
