import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The front end's HTTP side (the WebSocket shares the port): the Client REST paths this simulator
 * serves, each answered with CORS `*` (test and demo only) so a page can call them.
 */

const MAX_BODY_BYTES = 16 * 1024;

export function reply(res: ServerResponse, status: number, body?: unknown): void {
  res.writeHead(status, {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Allow-Headers': 'Authorization, Content-Type',
    'Cache-Control': 'no-store',
    ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
  });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

/** The request body as text; null when it is larger than 16 KiB or breaks off. */
export function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}

/** A JSON object body, `{}` for an empty one, undefined for anything else. */
export async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const text = await readBody(req);
  if (text === null) return undefined;
  if (text.trim() === '') return {};
  try {
    const body = JSON.parse(text) as unknown;
    return typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> | void;
}

/** Dispatch by path (404), then method (405; OPTIONS is the CORS preflight: 204). */
export async function route(req: IncomingMessage, res: ServerResponse, routes: readonly Route[]): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const matching = routes.filter((r) => r.path === url.pathname);
  if (matching.length === 0) return reply(res, 404, { error: 'NOT_FOUND' });
  if (req.method === 'OPTIONS') return reply(res, 204);
  const target = matching.find((r) => r.method === req.method);
  if (!target) return reply(res, 405, { error: 'METHOD_NOT_ALLOWED' });
  await target.handle(req, res, url);
}
