import type { ConnectionConfig } from '../../domain/connection-config';
import type { VenueAdapter, WebSocketEndpoint } from '../types';
import { parseDeskConfig, type DeskOptions } from './options';
import { createDeskSession } from './session';
import { ENDPOINTS } from './endpoints';

/**
 * Desk mode (docs/contract.md section 5): the dashboard reads what headless collectors (collector/)
 * publish to a JetStream stream, over NATS-over-WebSocket (`transport: 'nats'`), history first, then
 * live. See README.md in this folder.
 */
export const deskAdapter: VenueAdapter<DeskOptions> = {
  venue: 'desk',
  displayName: 'Desk (JetStream)',
  capabilities: { fills: 'native', orders: true, positions: true, balances: true, marks: true, notifications: true },
  endpoints: ENDPOINTS,
  transport: 'nats',
  parseOptions: parseDeskConfig,
  endpoint: deskEndpoint,
  createSession: createDeskSession,
  // Instruments come from the collectors (`instrument` messages), described by each venue's own adapter there.
  describeSymbol: () => undefined,
  // A NATS PING each 5 s keeps a quiet desk visibly alive and retries a consumer that could not start.
  heartbeatIntervalMs: 5_000,
  silenceTimeoutMs: 15_000,
  // A replayed account snapshot of a busy account can be large.
  maxFrameLength: 8 * 1024 * 1024,
};

export function deskEndpoint(config: ConnectionConfig): WebSocketEndpoint {
  const token = config.auth.token;
  return typeof token === 'string' && token !== '' ? { url: config.url, natsToken: token } : { url: config.url };
}
