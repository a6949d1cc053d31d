import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtherOrigin {
  /** e.g. http://127.0.0.1:40123 */
  origin: string;
  port: number;
  /** Every request it received: method and path. */
  requests: string[];
  stop(): Promise<void>;
}

/**
 * A second web server on another port of 127.0.0.1 (or another loopback address): another origin, as
 * an attacker's page or profile host would be. It answers CORS for everyone, so only the dashboard's
 * own rules can keep it out.
 */
export async function startOtherOrigin(
  routes: Record<string, { type: string; body: string }>,
  host = '127.0.0.1',
): Promise<OtherOrigin> {
  const requests: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push(`${req.method} ${req.url}`);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', '*');
    const route = routes[(req.url ?? '/').split('?')[0] ?? '/'];
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (!route) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': route.type }).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    port,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
