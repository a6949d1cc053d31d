import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonObject, reply, type Route } from './http';

/** [guess] The simulator's first sign-in path, kept for existing clients; the documented one is `/sign/in`. */
export const SIGN_IN_PATH = '/client-api/auth/sign-in';
/** Documented: scaletrade.com/client-api/rest/auth/signin (`POST https://{some_domain}/sign/in`). */
export const DOCUMENTED_SIGN_IN_PATH = '/sign/in';

export interface SignInTarget {
  /** The token for these credentials, or null when they are wrong. Never logs either. */
  signIn(login: unknown, password: unknown): string | null;
  /** The account's currency and leverage, for the documented answer's profile fields. */
  readonly currency: string;
}

/**
 * `POST /client-api/auth/sign-in` with `{"login":2000009,"password":"..."}` -> 200 `{"token":"<JWT>"}`;
 * wrong credentials -> 401 `{"error":"INVALID_CREDENTIALS"}`; a body that is not that JSON -> 400
 * `{"error":"INVALID_REQUEST"}` [guess: the error shapes].
 */
async function signIn(req: IncomingMessage, res: ServerResponse, target: SignInTarget): Promise<void> {
  const body = await readJsonObject(req);
  if (!body) return reply(res, 400, { error: 'INVALID_REQUEST' });
  const token = target.signIn(body.login, body.password);
  if (token === null) return reply(res, 401, { error: 'INVALID_CREDENTIALS' });
  reply(res, 200, { token });
}

/**
 * The documented sign-in: `POST /sign/in` `{"login":N,"password":"..."}` -> 200 with profile fields and
 * the JWT in `__token`; a login below 0 or a password outside 6..64 characters -> 400 `INVALID_DATA`;
 * wrong credentials -> 403 `USER_NOT_FOUND_OR_INCORRECT` (the documented codes). The cookie the docs
 * mention is not set.
 */
async function documentedSignIn(req: IncomingMessage, res: ServerResponse, target: SignInTarget): Promise<void> {
  const body = await readJsonObject(req);
  const { login, password } = body ?? {};
  const valid =
    typeof login === 'number' &&
    Number.isInteger(login) &&
    login >= 0 &&
    typeof password === 'string' &&
    password.length >= 6 &&
    password.length <= 64;
  if (!valid) return reply(res, 400, { error: 'INVALID_DATA', message: 'login or password has the wrong format' });
  const token = target.signIn(login, password);
  if (token === null) return reply(res, 403, { error: 'USER_NOT_FOUND_OR_INCORRECT' });
  reply(res, 200, { id: login, login, currency: target.currency, __token: token });
}

export function signInRoutes(target: SignInTarget): Route[] {
  return [
    { method: 'POST', path: SIGN_IN_PATH, handle: (req, res) => signIn(req, res, target) },
    { method: 'POST', path: DOCUMENTED_SIGN_IN_PATH, handle: (req, res) => documentedSignIn(req, res, target) },
  ];
}
