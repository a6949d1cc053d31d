import type { ConnectionConfig } from '../../domain/connection-config';
import { expectSecretsKept, fixtureReader, makeJwt, SessionHarness } from '../shared/testing/session-harness';
import type { GapWindow, SessionOutput } from '../types';
import { HOLD_MS } from './account';
import { zdexAdapter } from './adapter';

/** Test helpers for the ZDEX folder (imported by *.test.ts only). */

export { expectConformant, makeJwt } from '../shared/testing/session-harness';

export const T0 = 1711756800000;
/** exp 2030-07-31T..., a structurally valid JWT (the signature is never checked by the adapter). */
export const TOKEN_EXP_MS = 1911756800000;
export const TOKEN = makeJwt({ sub: 'clx-user', exp: TOKEN_EXP_MS / 1000 });

export const { fixtureText, fixture } = fixtureReader(new URL('.', import.meta.url));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function sequence(name: string): any[] {
  return fixture(name) as unknown[];
}

export function config(overrides: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    id: 'zdex-main',
    label: 'ZDEX main',
    venue: 'zdex',
    url: 'wss://api.zdex.world/ws',
    auth: { token: TOKEN },
    options: { symbols: ['BTCUSDT', 'ETHUSDT'] },
    ...overrides,
  };
}

/**
 * Drives a session like the shared lifecycle would (../shared/testing/session-harness.ts), checking
 * every output on the way: events conform, and no token appears anywhere but in the auth frame sent.
 */
export class Harness extends SessionHarness {
  constructor(cfg: ConnectionConfig = config()) {
    const parsed = zdexAdapter.parseOptions(cfg);
    if (!parsed.ok) throw new Error(`bad test config: ${parsed.problems.join('; ')}`);
    super(zdexAdapter.createSession(cfg, parsed.options), T0, (out) =>
      expectSecretsKept(out, [cfg.auth.token], (frame) =>
        typeof frame === 'string' && frame.includes('"action":"auth"') ? '' : String(frame),
      ),
    );
  }

  open(): SessionOutput {
    return this.record(this.session.open(this.now));
  }

  /** The lifecycle: live again after `gap` (the session must implement `recover`). */
  recover(gap: GapWindow): SessionOutput {
    if (!this.session.recover) throw new Error('the session has no recover()');
    return this.record(this.session.recover(gap, this.now));
  }

  /** Time passes with no full state: what was held for one is released with its guess. */
  release(): SessionOutput {
    return this.heartbeat(this.now + HOLD_MS);
  }

  closed(code: number, reason = ''): SessionOutput {
    return this.record(this.session.closed(code, reason, this.now));
  }

  /** open -> connected -> authenticated (no full state yet). */
  authenticate(): SessionOutput[] {
    return [this.open(), this.feed(fixtureText('connected')), this.feed(fixtureText('authenticated'))];
  }
}
