import type { ConnectionConfig } from '../domain/connection-config';
import type { ConnectionDiagnostics } from '../domain/types';
import type { Clock, TimerHandle } from '../venues/shared/clock';
import { ManagedConnection, type ManagedConnectionDeps } from '../venues/shared/managed-connection';
import { authSecrets } from '../venues/shared/keyring';
import { redact } from '../venues/shared/redact';
import type { SocketFactory } from '../venues/shared/socket';
import type { VenueAdapter } from '../venues/types';
import { PROBE_TIMEOUT_MS, type ProbeResult } from './protocol';

/**
 * "Test connection": one throwaway ManagedConnection for a config the user has not saved. Its events
 * go nowhere (never buffered, so never in a batch, a table or the journal), it has no recording tap
 * and no row; it reports once, from the lifecycle's own status, then closes. Runs in the worker
 * (the venue's session code never leaves it).
 */
export class Probe {
  private connection: ManagedConnection | undefined;
  private timer: TimerHandle | undefined;
  private sawOpen = false;
  private done = false;

  constructor(
    private readonly config: ConnectionConfig,
    private readonly adapter: VenueAdapter,
    private readonly deps: Omit<ManagedConnectionDeps, 'socketFactory'> & {
      clock: Clock;
      /** The venue's transport for this config (NATS venues read their CONNECT token from the config in use). */
      sockets(config: () => ConnectionConfig, options: unknown): SocketFactory;
    },
    private readonly report: (result: ProbeResult) => void,
    private readonly timeoutMs = PROBE_TIMEOUT_MS,
  ) {}

  start(): void {
    const { adapter, config } = this;
    try {
      const parsed = adapter.parseOptions(config);
      if (!parsed.ok)
        return this.finish({
          outcome: 'invalid',
          message: `${adapter.displayName} cannot use these settings: ${this.safe(parsed.problems.join('; '))}.`,
        });
      // The first conclusive status ends the test, so the lifecycle's retries never come into play.
      const inUse = () => this.connection?.currentConfig() ?? config;
      const deps = { ...this.deps, socketFactory: this.deps.sockets(inUse, parsed.options) };
      this.connection = new ManagedConnection({ config, adapter, options: parsed.options }, deps, {
        events: () => {},
        changed: () => this.check(),
      });
    } catch (error) {
      const why = error instanceof Error ? error.message : 'unknown error';
      return this.finish({ outcome: 'invalid', message: `These settings cannot be tried: ${this.safe(why)}.` });
    }
    this.timer = this.deps.clock.setTimeout(
      () => this.finish(timeoutResult(adapter.displayName, this.sawOpen)),
      this.timeoutMs,
    );
    this.connection.connect();
  }

  /** Stops the test without an answer (the form closed). */
  stop(): void {
    this.done = true;
    this.close();
  }

  private check(): void {
    const connection = this.connection;
    if (this.done || !connection) return;
    const d = connection.diagnostics();
    if (d.connectedAt !== undefined || d.status === 'authenticating') this.sawOpen = true;
    const result = classifyProbe(d, {
      venue: this.adapter.displayName,
      host: hostOf(this.config.url),
      keyring: this.config.auth.keyring !== undefined,
      sawOpen: this.sawOpen,
    });
    // Closed on the next turn: this runs inside the lifecycle's own notification.
    if (result) this.deps.clock.setTimeout(() => this.finish(result), 0);
  }

  private finish(result: ProbeResult): void {
    if (this.done) return;
    this.done = true;
    this.close();
    this.report({ ...result, message: this.safe(result.message) });
  }

  private close(): void {
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.connection?.dispose();
  }

  /** Nothing the user pasted ever comes back in a message. */
  private safe(text: string): string {
    return redact(text, authSecrets(this.config.auth));
  }
}

export interface ProbeContext {
  venue: string;
  /** The address's host (never its path or query: an older Roxom URL carries a token there). */
  host: string;
  keyring: boolean;
  /** A socket opened (or the session began signing in) at some point. */
  sawOpen: boolean;
}

/** What the lifecycle's status says about a test, once it says something conclusive. */
export function classifyProbe(d: ConnectionDiagnostics, ctx: ProbeContext): ProbeResult | undefined {
  const reason = (d.reason ?? '').replace(/; retrying in [\d.]+ s$/, '');
  // Credentials come from the relay before any socket: a failure before one opened is the relay's.
  const relay = ctx.keyring && !ctx.sawOpen && /\brelay\b/i.test(reason);
  switch (d.status) {
    case 'live':
    case 'stale':
      return {
        outcome: 'ok',
        message: `${ctx.venue} answered and accepted the sign-in: connected and authenticated. Save to keep this connection.`,
      };
    case 'error':
      if (relay) return { outcome: 'relay', message: `The keyring relay refused: ${reason}.` };
      return {
        outcome: 'refused',
        message: `${ctx.venue} refused the connection: ${reason || 'no reason given'}. Check the credential, then test again.`,
      };
    case 'reconnecting':
      if (relay)
        return {
          outcome: 'relay',
          message: `The keyring relay could not give a credential: ${reason}. Check that the relay is running and the relay address and id.`,
        };
      if (!ctx.sawOpen)
        return {
          outcome: 'unreachable',
          message: `Nothing answered at ${ctx.host} (${reason || 'no reason given'}). Check the address, and that ${ctx.venue} (or the simulator) is running and reachable from this computer.`,
        };
      return {
        outcome: 'refused',
        message: `${ctx.venue} closed the connection before sign-in finished (${reason || 'no reason given'}). Check the credential and the options, then test again.`,
      };
    default:
      return undefined;
  }
}

function timeoutResult(venue: string, sawOpen: boolean): ProbeResult {
  return sawOpen
    ? {
        outcome: 'no-answer',
        message: `${venue} accepted the connection but did not confirm the sign-in within ${PROBE_TIMEOUT_MS / 1000} s. Check the credential, then test again.`,
      }
    : {
        outcome: 'no-answer',
        message: `Nothing answered within ${PROBE_TIMEOUT_MS / 1000} s. Check the address, and that ${venue} (or the simulator) is running.`,
      };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || 'this address';
  } catch {
    return 'this address';
  }
}
