import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';

/** The HTTP plumbing of the Roxom front end: listening, closing, JSON answers, refused upgrades. */

export function listenHttp(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stop listening; sockets still open after `graceMs` (closing handshakes not finished) are terminated. */
export async function closeHttp(server: Server, terminate: () => void, graceMs = 500): Promise<void> {
  const timer = setTimeout(terminate, graceMs);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  clearTimeout(timer);
}

/** A JSON text answer (the body already written: bigints as bare integers). */
export function sendJsonText(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/** Refuses a WebSocket upgrade with a plain HTTP status (what a venue rejecting at the handshake does). */
export function rejectUpgrade(socket: Duplex, status: number, body: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      '\r\n' +
      body,
  );
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
