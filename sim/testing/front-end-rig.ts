import type { Scheduler } from '../core/clock';
import { ExchangeCore, type ExchangeOptions } from '../core/exchange';

/**
 * What every simulator test starts with: one venue front end on its own exchange core (sim/venues.ts
 * stays untouched), on a free loopback port, with fast account activity, a light public feed and no
 * funding unless a test asks otherwise. A venue's test-support.ts wraps it with its front end.
 */

export interface RigOptions<Tuning> {
  /** A ManualScheduler for virtual time; real timers otherwise. */
  scheduler?: Scheduler;
  /** Start the core's timers (prices, activity, public feed). Default true. */
  run?: boolean;
  core?: Partial<ExchangeOptions>;
  tuning?: Partial<Tuning>;
}

/** The core defaults every venue's tests share; a venue passes its own on top (e.g. `publicRateScale`). */
export const TEST_CORE_DEFAULTS: ExchangeOptions = {
  seed: 7,
  activityMs: 30,
  priceTickMs: 20,
  fundingIntervalMs: 1_000_000_000,
  publicRateScale: 0.2,
};

export interface FrontEndRig<F> {
  core: ExchangeCore;
  frontEnd: F;
  stop(): Promise<void>;
}

/**
 * Builds the core (`defaults`, then `options.core`), starts the front end on it with `start`, starts
 * the core's timers unless `options.run` is false. `stop` stops the core, then the front end.
 */
export async function startFrontEndRig<F extends { stop(): Promise<void> }>(
  options: RigOptions<unknown>,
  defaults: Partial<ExchangeOptions>,
  start: (core: ExchangeCore) => Promise<F>,
): Promise<FrontEndRig<F>> {
  const core = new ExchangeCore({
    ...TEST_CORE_DEFAULTS,
    ...defaults,
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    ...options.core,
  });
  const frontEnd = await start(core);
  if (options.run ?? true) core.start();
  return {
    core,
    frontEnd,
    stop: async () => {
      core.stop();
      await frontEnd.stop();
    },
  };
}
