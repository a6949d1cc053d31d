import type { ExchangeCore } from '../core/exchange';
import type { Ledger } from '../core/ledger';
import type { FaultOutcome, FaultRequest } from './faults';

/** Which credential the token endpoint hands out: a valid one, an expired one, a badly signed one. */
export type TokenVariant = 'valid' | 'expired' | 'invalid';

/** The ground truth of a venue's account, in the shape GET /control/ledger returns. */
export interface VenueLedger extends Ledger {
  venue: string;
}

/** What a running protocol front end offers the simulator and its control API. */
export interface VenueFrontEnd<Credential> {
  readonly venue: string;
  /** The core account behind this front end (also what its credentials name). */
  readonly accountId: string;
  /** The URL a client connects to, e.g. ws://127.0.0.1:7104/ws. */
  readonly url: string;
  /** Base URL of the venue's REST, when the front end serves one (sim.urls.<venue>Rest). */
  readonly restUrl?: string;
  /** Ids in the venue's own format (orders, fills), everything else as the core keeps it. */
  ledger(): VenueLedger;
  fault(request: FaultRequest): FaultOutcome;
  credential(variant: TokenVariant): Credential;
  /** Restart the venue's server (CoinSwitch: the nats-server; the others: shared/restart.ts). */
  restart?(): Promise<void>;
  stop(): Promise<void>;
}

export interface FrontEndContext<Tuning> {
  core: ExchangeCore;
  seed: number;
  host: string;
  /** 0 picks a free port. */
  port: number;
  tuning: Partial<Tuning>;
}

/**
 * One venue's protocol front end on the shared core. A new venue adds a folder sim/<venue>/
 * (server.ts, frames.ts, README.md) with one of these, and one line in sim/venues.ts.
 */
export interface FrontEndDefinition<Credential, Tuning> {
  venue: string;
  defaultPort: number;
  start(context: FrontEndContext<Tuning>): Promise<VenueFrontEnd<Credential>>;
}

/** The tuning a caller gave, to spread over a front end's defaults: an explicit `undefined` must not erase a default. */
export function givenTuning<T extends object>(values: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
