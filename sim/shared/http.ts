import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

/** The HTTP plumbing every front end shares: listening, closing, JSON answers, refused upgrades, headers. */

/** Resolves with the bound port once the server listens (the port may be 0). */
export function listenHttp(http: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      http.off('error', reject);
      resolve((http.address() as AddressInfo).port);
    });
  });
}

/**
 * Stop listening and cut every HTTP connection. With `terminate`, it is called when sockets are still
 * open after `graceMs` (WebSockets whose closing handshake did not finish).
 */
export async function closeHttp(http: Server, terminate?: () => void, graceMs = 500): Promise<void> {
  const timer = terminate === undefined ? undefined : setTimeout(terminate, graceMs);
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
  clearTimeout(timer);
}

/** A JSON answer whose body is already text (e.g. bigints written as bare integers). */
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

/** A JSON answer. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/**
 * Refuses a WebSocket upgrade with a plain HTTP status (what a venue rejecting at the handshake does;
 * the client sees an unexpected response). `headers` are added to the answer.
 */
export function rejectUpgrade(
  socket: Duplex,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('') +
      '\r\n' +
      body,
  );
}

/** A request header's (first) value. */
export function requestHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
