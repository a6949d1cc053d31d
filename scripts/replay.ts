/**
 * `npm run replay -- FILE [--speed 1|10|max] [--json]`: plays a recording (docs/record-replay.md)
 * through the dashboard's pipeline and prints what the dashboard would show: a summary, or with
 * `--json` the whole snapshot (docs/contract.md). Exits 1 when the recording cannot be read.
 */
import { readFileSync } from 'node:fs';
import { parseReplaySpeed } from '../src/ingest/recording/player';
import { replayRecording } from './replay-recording';

const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--speed');
const speedArg = args.includes('--speed') ? args[args.indexOf('--speed') + 1] : undefined;
const speed = parseReplaySpeed(speedArg);
if (!file || !speed) {
  console.error('usage: npm run replay -- FILE [--speed 1|10|max] [--json]');
  process.exit(2);
}

const result = await replayRecording(readFileSync(file, 'utf8'), speed);
if (result.error) {
  console.error(`replay: ${result.error}`);
  process.exit(1);
}
const { snapshot } = result;
if (args.includes('--json')) {
  console.log(JSON.stringify(snapshot, null, 2));
} else {
  const connection = snapshot.connections[0];
  console.log(
    JSON.stringify(
      {
        venue: connection?.venue,
        frames: result.frames,
        malformedLinesSkipped: result.malformed,
        events: result.events,
        seconds: Number((result.elapsedMs / 1000).toFixed(3)),
        eventsPerSecond: Math.round(result.events / (result.elapsedMs / 1000)),
        fills: snapshot.fills.length,
        orders: snapshot.orders.length,
        positions: snapshot.positions.map((p) => ({ symbol: p.symbol, quantity: p.quantity })),
        balances: snapshot.balances.map((b) => ({ asset: b.asset, total: b.total })),
        gaps: connection?.gaps ?? [],
      },
      null,
      2,
    ),
  );
}
if (result.malformed > 0) console.error(`replay: ${result.malformed} malformed lines were counted and skipped`);
