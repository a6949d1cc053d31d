import { ROXOM_ERROR_CODES } from './wire';

/**
 * Roxom's WebSocket error codes (docs/venues/roxom.md "Error codes"; seed 000 "Error Handling" for the
 * authentication failure), with what each means for a dashboard connected through the keyring relay.
 * The codes arrive as `{"event":"error","code":"60014","msg":"…","connId":"…"}`.
 */

export interface RoxomErrorMeaning {
  code: string;
  /** Short name as the docs give it. */
  name: string;
  /** What it means here, and what to do. Never quotes a secret. */
  meaning: string;
  /** Permanent: the session ends with `fatal` and the lifecycle does not retry. */
  fatal: boolean;
}

export const ROXOM_ERRORS: Readonly<Record<string, RoxomErrorMeaning>> = {
  [ROXOM_ERROR_CODES.authenticationFailed]: {
    code: ROXOM_ERROR_CODES.authenticationFailed,
    name: 'Authentication failed',
    meaning:
      "Roxom rejected the relay's API signature (600010 Authentication failed): check the key in the relay config",
    fatal: true,
  },
  [ROXOM_ERROR_CODES.unknownChannel]: {
    code: ROXOM_ERROR_CODES.unknownChannel,
    name: 'unknown channel',
    meaning: 'Roxom does not know a channel this connection subscribed to (60014); remove it from options.channels',
    fatal: false,
  },
  [ROXOM_ERROR_CODES.unknownSymbol]: {
    code: ROXOM_ERROR_CODES.unknownSymbol,
    name: 'unknown symbol',
    meaning: 'Roxom does not know a symbol in a subscription (60015)',
    fatal: false,
  },
  [ROXOM_ERROR_CODES.subscriptionLimit]: {
    code: ROXOM_ERROR_CODES.subscriptionLimit,
    name: 'subscription limit',
    meaning:
      'Roxom refused a subscription: the subscription limit is reached (60016); close other Roxom connections of this account',
    fatal: false,
  },
  [ROXOM_ERROR_CODES.badJson]: {
    code: ROXOM_ERROR_CODES.badJson,
    name: 'bad JSON',
    meaning: 'Roxom could not read a frame sent to it as JSON (60017)',
    fatal: false,
  },
  [ROXOM_ERROR_CODES.binaryNotSupported]: {
    code: ROXOM_ERROR_CODES.binaryNotSupported,
    name: 'binary not supported',
    meaning: 'Roxom received a binary frame, which it does not support (60018); check the relay',
    fatal: false,
  },
  [ROXOM_ERROR_CODES.internalError]: {
    code: ROXOM_ERROR_CODES.internalError,
    name: 'internal error',
    meaning: 'Roxom reported an internal error (60019); the stream goes on, but data may be missing until it recovers',
    fatal: false,
  },
};

/** The meaning of a code, or undefined for a code the docs do not list. */
export function roxomErrorMeaning(code: string): RoxomErrorMeaning | undefined {
  return Object.prototype.hasOwnProperty.call(ROXOM_ERRORS, code) ? ROXOM_ERRORS[code] : undefined;
}
