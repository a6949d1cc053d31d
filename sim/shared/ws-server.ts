import type { AddressInfo } from 'node:net';
import type { WebSocketServer } from 'ws';

/** Resolves with the bound port once the server listens (the port option may be 0). */
export function listen(wss: WebSocketServer): Promise<number> {
  return new Promise((resolve, reject) => {
    wss.once('error', reject);
    wss.once('listening', () => {
      wss.off('error', reject);
      resolve((wss.address() as AddressInfo).port);
    });
  });
}

/** Close the server; sockets that do not finish their closing handshake in time are terminated. */
export async function closeServer(wss: WebSocketServer, graceMs = 500): Promise<void> {
  const timer = setTimeout(() => {
    for (const socket of wss.clients) socket.terminate();
  }, graceMs);
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  clearTimeout(timer);
}
