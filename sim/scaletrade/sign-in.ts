import type { IncomingMessage, ServerResponse } from 'node:http';

/** [guess] The Client REST "Auth -> sign in" path; the docs do not give it. */
export const SIGN_IN_PATH = '/client-api/auth/sign-in';
const MAX_BODY_BYTES = 16 * 1024;

export interface SignInTarget {
  /** The token for these credentials, or null when they are wrong. Never logs either. */
  signIn(login: unknown, password: unknown): string | null;
}

function reply(res: ServerResponse, status: number, body?: unknown): void {
  res.writeHead(status, {
    // Test and demo only: any origin may sign in to the simulator.
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'POST, OPTIONS',
    'Access-Control-Allow-Headers': 'Content-Type',
    'Cache-Control': 'no-store',
    ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
  });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string | null> {
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

/**
 * `POST /client-api/auth/sign-in` with `{"login":2000009,"password":"..."}` -> 200 `{"token":"<JWT>"}`;
 * wrong credentials -> 401 `{"error":"INVALID_CREDENTIALS"}`; a body that is not that JSON -> 400
 * `{"error":"INVALID_REQUEST"}` [guess: the error shapes]. CORS `*`, preflight answered.
 */
export async function handleHttp(req: IncomingMessage, res: ServerResponse, target: SignInTarget): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (path !== SIGN_IN_PATH) return reply(res, 404, { error: 'NOT_FOUND' });
  if (req.method === 'OPTIONS') return reply(res, 204);
  if (req.method !== 'POST') return reply(res, 405, { error: 'METHOD_NOT_ALLOWED' });
  const text = await readBody(req);
  let body: unknown;
  try {
    body = text === null ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return reply(res, 400, { error: 'INVALID_REQUEST' });
  const { login, password } = body as Record<string, unknown>;
  const token = target.signIn(login, password);
  if (token === null) return reply(res, 401, { error: 'INVALID_CREDENTIALS' });
  reply(res, 200, { token });
}
