import { startSimulator, type Simulator, type SimulatorOptions } from '../index';

/**
 * A simulator on free ports with fast account activity and a light public feed. Funding,
 * notifications and the periodic full state are off unless a test turns them on, so the frames a
 * test sees come only from the activity it waits for.
 */
export function startTestSimulator(overrides: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({
    seed: 7,
    freePorts: true,
    rateScale: 0.05,
    activityMs: 30,
    priceTickMs: 20,
    fundingIntervalMs: 1_000_000_000,
    ...overrides,
    tuning: {
      ...overrides.tuning,
      zdex: { fullStateIntervalMs: 1_000_000_000, notificationIntervalMs: 0, ...overrides.tuning?.zdex },
      scaletrade: { alertIntervalMs: 0, notificationIntervalMs: 0, ...overrides.tuning?.scaletrade },
      roxom: { noticeIntervalMs: 0, ...overrides.tuning?.roxom },
    },
  });
}
