import type { FrontEndDefinition } from './shared/front-end';
import { coinswitchFrontEnd } from './coinswitch/server';
import { railsFrontEnd } from './rails/server';
import { roxomFrontEnd } from './roxom/server';
import { scaletradeFrontEnd } from './scaletrade/server';
import { zdexFrontEnd } from './zdex/server';

/**
 * Every protocol front end on the shared core. Adding a venue: a folder sim/<venue>/ with the same
 * skeleton as sim/zdex/ (server.ts exporting a FrontEndDefinition, frames.ts, README.md) and one
 * entry here. Suggested default ports: rails 7101, scaletrade 7102, coinswitch 7103, roxom 7105.
 */
export const FRONT_ENDS = {
  coinswitch: coinswitchFrontEnd,
  rails: railsFrontEnd,
  roxom: roxomFrontEnd,
  scaletrade: scaletradeFrontEnd,
  zdex: zdexFrontEnd,
} as const;

export type SimVenue = keyof typeof FRONT_ENDS;
export const SIM_VENUES = Object.keys(FRONT_ENDS) as SimVenue[];

export type CredentialOf<V extends SimVenue> =
  (typeof FRONT_ENDS)[V] extends FrontEndDefinition<infer C, infer _T> ? C : never;
export type TuningOf<V extends SimVenue> =
  (typeof FRONT_ENDS)[V] extends FrontEndDefinition<infer _C, infer T> ? T : never;

export function isSimVenue(value: unknown): value is SimVenue {
  return typeof value === 'string' && Object.hasOwn(FRONT_ENDS, value);
}
