import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listenHttp } from './http';
import type { WebSocket } from 'ws';

/** How long a restarted front end refuses connections (its process "starting up"). */
export const RESTART_DOWN_MS = 1_000;

/**
 * A venue's server process restarting, as a client sees it: every WebSocket gets a close (1012, "service
 * restart"; terminated if its handshake does not finish), every HTTP connection is cut, new connections
 * are refused for `downMs`, then the same port listens again. The account behind it keeps trading (the
 * exchange core is not the front end), so whatever happens meanwhile is for the client to recover.
 */
export async function restartHttpServer(
  http: Server,
  sockets: () => Iterable<{ socket: WebSocket }>,
  downMs = RESTART_DOWN_MS,
): Promise<void> {
  const { address, port } = http.address() as AddressInfo;
  for (const client of sockets()) client.socket.close(1012, 'service restart');
  const terminate = setTimeout(() => {
    for (const client of sockets()) client.socket.terminate();
  }, 500);
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
  clearTimeout(terminate);
  for (const client of sockets()) client.socket.terminate();
  await new Promise((resolve) => setTimeout(resolve, downMs));
  await listenHttp(http, address, port);
}
