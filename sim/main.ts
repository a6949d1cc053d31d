import { parseArgs } from 'node:util';
import { SIM_VENUES } from './venues';
import { startSimulator, type SimulatorOptions } from './index';

/** `npm run sim -- --seed 7 --control-port 7100 --zdex-port 7104 --rate-scale 1 --activity-ms 1500` */
const HELP = `Venueboard venue simulator
  --seed N              PRNG seed (default 1)
  --control-port N      control API port (default 7100)
  --<venue>-port N      a venue's port, for each simulated venue (${SIM_VENUES.join(', ')})
  --rate-scale X        multiplies the public auto-push rate (default 1, about 330 msg/s)
  --activity-ms N       mean delay between account actions (default 1500)
  --funding-ms N        funding period (default 60000)
  --help`;

function numberOption(values: Record<string, string | boolean | undefined>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined || typeof raw === 'boolean') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number, got "${raw}"`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      'control-port': { type: 'string' },
      ...Object.fromEntries(SIM_VENUES.map((venue) => [`${venue}-port`, { type: 'string' as const }])),
      'rate-scale': { type: 'string' },
      'activity-ms': { type: 'string' },
      'funding-ms': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const options: SimulatorOptions = {
    seed: numberOption(values, 'seed'),
    controlPort: numberOption(values, 'control-port'),
    ports: Object.fromEntries(SIM_VENUES.map((venue) => [venue, numberOption(values, `${venue}-port`)])),
    rateScale: numberOption(values, 'rate-scale'),
    activityMs: numberOption(values, 'activity-ms'),
    fundingIntervalMs: numberOption(values, 'funding-ms'),
  };
  const sim = await startSimulator(options);
  for (const venue of SIM_VENUES) console.log(`${venue} ${sim.urls[venue]}`);
  console.log(`control ${sim.urls.control}`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the simulator`);
    sim.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('shutdown failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
