import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultOutcome, FaultRequest } from '../shared/faults';
import type { TokenVariant, VenueLedger } from '../shared/front-end';
import { parseFaultRequest } from '../shared/faults';

/** What the control API drives. Venue names are checked by the target (undefined: unknown venue). */
export interface ControlTarget {
  readonly venues: readonly string[];
  isPaused(): boolean;
  pause(): void;
  resume(): void;
  ledger(venue: string): VenueLedger | undefined;
  fault(request: FaultRequest): FaultOutcome | undefined;
  credential(venue: string, variant: TokenVariant): object | undefined;
  /** undefined: unknown venue; false: nothing to restart. */
  restart(venue: string): Promise<boolean | undefined>;
}

export interface ControlServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    // Test and demo tool only, on loopback: any page may call it.
    'access-control-allow-origin': '*',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'body too large');
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
}

function tokenVariant(query: URLSearchParams): TokenVariant {
  if (query.get('expired') === '1') return 'expired';
  if (query.get('invalid') === '1') return 'invalid';
  return 'valid';
}

async function route(target: ControlTarget, req: IncomingMessage, url: URL): Promise<unknown> {
  const route = `${req.method ?? 'GET'} ${url.pathname}`;
  const venue = url.searchParams.get('venue') ?? '';
  const known = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new HttpError(404, `unknown venue "${name}" (known: ${target.venues.join(', ')})`);
    return value;
  };
  switch (route) {
    case 'GET /control/health':
      return { ok: true, venues: target.venues, paused: target.isPaused() };
    case 'GET /control/ledger':
      return known(target.ledger(venue), venue);
    case 'GET /control/tokens':
      return known(target.credential(venue, tokenVariant(url.searchParams)), venue);
    case 'POST /control/pause':
      target.pause();
      return { ok: true, paused: true };
    case 'POST /control/resume':
      target.resume();
      return { ok: true, paused: false };
    case 'POST /control/restart': {
      const restarted = known(await target.restart(venue), venue);
      if (!restarted) throw new HttpError(400, `venue ${venue} has no server process to restart`);
      return { ok: true, venue, restarted: true };
    }
    case 'POST /control/fault': {
      const parsed = parseFaultRequest(await readJson(req));
      if (!parsed.ok) throw new HttpError(400, parsed.error);
      return { ok: true, ...known(target.fault(parsed.request), parsed.request.venue) };
    }
    default:
      throw new HttpError(404, `no route ${route}`);
  }
}

/** The simulator's HTTP control API (JSON, CORS open). See sim/README.md for the endpoints. */
export function startControlServer(target: ControlTarget, host: string, port: number): Promise<ControlServer> {
  const server = createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', `http://${host}`);
    route(target, req, url).then(
      (body) => reply(res, 200, body),
      (error: unknown) => {
        if (error instanceof HttpError) return reply(res, error.status, { ok: false, error: error.message });
        console.error('control API failure', error);
        reply(res, 500, { ok: false, error: 'internal error' });
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const bound = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${host}:${bound}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
