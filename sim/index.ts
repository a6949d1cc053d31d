import type { AccountAction } from './core/activity';
import type { Scheduler } from './core/clock';
import type { AccountView } from './core/records';
import type { FaultOutcome, FaultRequest } from './shared/faults';
import type { TokenVariant, VenueFrontEnd, VenueLedger } from './shared/front-end';
import type { ControlServer, ControlTarget } from './control/server';
import { ExchangeCore } from './core/exchange';
import { startControlServer } from './control/server';
import { FRONT_ENDS, SIM_VENUES, isSimVenue, type CredentialOf, type SimVenue, type TuningOf } from './venues';

export type { SimVenue } from './venues';
export type { FaultKind, FaultOutcome, FaultRequest } from './shared/faults';
export type { TokenVariant, VenueLedger } from './shared/front-end';

export interface SimulatorOptions {
  /** PRNG seed: same seed, same prices and account activity (given the same timing). Default 1. */
  seed?: number;
  /** Interface every server binds to. Default 127.0.0.1. */
  host?: string;
  /** Control API port. Default 7100; 0 picks a free port. */
  controlPort?: number;
  /** WebSocket port per venue. Default: each front end's own (zdex 7104); 0 picks a free port. */
  ports?: Partial<Record<SimVenue, number>>;
  /** Every port not given in `ports` or `controlPort` is picked free (tests running side by side). */
  freePorts?: boolean;
  /** Multiplies the public auto-push rate (1: about 330 messages a second). Default 1. */
  rateScale?: number;
  /** Mean delay between two account actions, ms. Default 1500. */
  activityMs?: number;
  /** Price random-walk step, ms. Default 250. */
  priceTickMs?: number;
  /** Funding period, ms. Default 60000. */
  fundingIntervalMs?: number;
  /** Per-venue protocol tuning (e.g. zdex: { fullStateIntervalMs, notificationIntervalMs, idleTimeoutMs }). */
  tuning?: { [V in SimVenue]?: Partial<TuningOf<V>> };
  /** Time source; real timers by default. */
  scheduler?: Scheduler;
}

/**
 * The control API's base URL (control: http://127.0.0.1:7100), each venue's WebSocket URL (zdex:
 * ws://127.0.0.1:7104/ws) and, as `<venue>Rest`, the REST base URL of each front end that serves REST
 * (all but ZDEX, whose account REST needs the HMAC key the dashboard never holds).
 */
export type SimulatorUrls = { control: string } & Record<SimVenue, string> &
  Record<`${Exclude<SimVenue, 'zdex'>}Rest`, string>;

export interface Simulator {
  urls: SimulatorUrls;
  /** Same as urls.control. */
  control: string;
  ledger(venue: SimVenue): VenueLedger;
  fault(request: FaultRequest & { venue: SimVenue }): FaultOutcome;
  pause(): void;
  resume(): void;
  /**
   * Run one action on a venue's account now, beside the simulated trader (tests force an event: rest
   * an order, cancel it while the client is away). Core ids and symbols (`BTCUSDT`), as in `account`.
   */
  act(venue: SimVenue, action: AccountAction): void;
  /** A venue's account as the core holds it (core ids and symbols; the ledger has the venue's). */
  account(venue: SimVenue): AccountView;
  /** Restart a venue's server (CoinSwitch: the real nats-server; others: down 1 s, same port); clients see a close. */
  restart(venue: SimVenue): Promise<void>;
  tokens<V extends SimVenue>(venue: V, variant?: TokenVariant): CredentialOf<V>;
  stop(): Promise<void>;
}

type AnyFrontEnd = VenueFrontEnd<CredentialOf<SimVenue>>;

/** undefined: unknown venue; false: the venue has nothing to restart. */
async function restartOf(frontEnd: AnyFrontEnd | undefined): Promise<boolean | undefined> {
  if (!frontEnd) return undefined;
  if (!frontEnd.restart) return false;
  await frontEnd.restart();
  return true;
}

/** Start the exchange core, every venue front end and the control API. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = options.seed ?? 1;
  const host = options.host ?? '127.0.0.1';
  const core = new ExchangeCore({
    seed,
    scheduler: options.scheduler,
    activityMs: options.activityMs,
    priceTickMs: options.priceTickMs,
    fundingIntervalMs: options.fundingIntervalMs,
    publicRateScale: options.rateScale,
  });

  const frontEnds = new Map<SimVenue, AnyFrontEnd>();
  let control: ControlServer | undefined;
  const stopAll = async () => {
    core.stop();
    await Promise.all([...frontEnds.values()].map((f) => f.stop()));
    await control?.close();
  };

  try {
    for (const venue of SIM_VENUES) {
      const definition = FRONT_ENDS[venue];
      const port = options.ports?.[venue] ?? (options.freePorts ? 0 : definition.defaultPort);
      frontEnds.set(venue, await definition.start({ core, seed, host, port, tuning: options.tuning?.[venue] ?? {} }));
    }
    const frontEnd = (venue: string): AnyFrontEnd | undefined => (isSimVenue(venue) ? frontEnds.get(venue) : undefined);
    const target: ControlTarget = {
      venues: SIM_VENUES,
      isPaused: () => core.isPaused,
      pause: () => core.pause(),
      resume: () => core.resume(),
      ledger: (venue) => frontEnd(venue)?.ledger(),
      fault: (request) => frontEnd(request.venue)?.fault(request),
      credential: (venue, variant) => frontEnd(venue)?.credential(variant),
      restart: (venue) => restartOf(frontEnd(venue)),
    };
    control = await startControlServer(target, host, options.controlPort ?? (options.freePorts ? 0 : 7100));
    core.start();

    const required = (venue: SimVenue): AnyFrontEnd => {
      const f = frontEnds.get(venue);
      if (!f) throw new Error(`venue ${venue} is not running`);
      return f;
    };
    const urls = {
      control: control.url,
      ...Object.fromEntries([...frontEnds].map(([venue, f]) => [venue, f.url])),
      ...Object.fromEntries([...frontEnds].flatMap(([venue, f]) => (f.restUrl ? [[`${venue}Rest`, f.restUrl]] : []))),
    } as SimulatorUrls;
    return {
      urls,
      control: control.url,
      ledger: (venue) => required(venue).ledger(),
      fault: (request) => required(request.venue).fault(request),
      pause: () => core.pause(),
      resume: () => core.resume(),
      act: (venue, action) => core.act(required(venue).accountId, action),
      account: (venue) => core.accountView(required(venue).accountId),
      restart: async (venue) => {
        const restarted = await restartOf(required(venue));
        if (!restarted) throw new Error(`venue ${venue} has no server process to restart`);
      },
      tokens: <V extends SimVenue>(venue: V, variant: TokenVariant = 'valid') =>
        required(venue).credential(variant) as CredentialOf<V>,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
