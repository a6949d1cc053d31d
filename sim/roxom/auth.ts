import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  timingSafeEqual,
  verify,
  type KeyObject,
} from 'node:crypto';

/** The one payload a WebSocket connection signs (no timestamp, no nonce). */
export const WS_SIGNED_PAYLOAD = 'GET:/ws';

/** A fresh RSA-2048 key pair; the private key as PKCS#8 PEM (what the docs' key files hold). */
export function generateRsaKeyPair(): { privateKeyPem: string; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey };
}

/** Base64 RSA PKCS#1 v1.5 signature over SHA-256 of `payload` (what the relay sends). */
export function signPayload(privateKeyPem: string, payload = WS_SIGNED_PAYLOAD): string {
  return sign('sha256', Buffer.from(payload, 'utf8'), privateKeyPem).toString('base64');
}

export type AuthCheck = { ok: true } | { ok: false; reason: 'missing headers' | 'unknown key' | 'bad signature' };

/**
 * The account's API key and RSA public key. The upgrade must carry `X-API-Key` (this key) and
 * `X-API-Signature`, a base64 RSA PKCS#1 v1.5 SHA-256 signature of "GET:/ws" that this public key
 * verifies; a REST request the same over `GET:<path>?<query>`. Nothing here logs a key or a signature.
 */
export class RoxomAuth {
  readonly publicKey: KeyObject;
  private otherKeyPem: string | undefined;

  constructor(
    readonly apiKey: string,
    readonly privateKeyPem: string,
  ) {
    this.publicKey = createPublicKey(createPrivateKey(privateKeyPem));
  }

  /** The WebSocket upgrade: the signature of `GET:/ws`. */
  check(apiKey: string | undefined, signature: string | undefined): AuthCheck {
    return this.checkPayload(apiKey, signature, WS_SIGNED_PAYLOAD);
  }

  /**
   * A REST request: the signature of `GET:<path>?<query>`, the request target exactly as sent (the
   * query included when present [guess: one doc revision signs the path only]).
   */
  checkRest(apiKey: string | undefined, signature: string | undefined, method: string, target: string): AuthCheck {
    return this.checkPayload(apiKey, signature, `${method}:${target}`);
  }

  private checkPayload(apiKey: string | undefined, signature: string | undefined, payload: string): AuthCheck {
    if (!apiKey || !signature) return { ok: false, reason: 'missing headers' };
    if (!sameText(apiKey, this.apiKey)) return { ok: false, reason: 'unknown key' };
    const bytes = Buffer.from(signature, 'base64');
    if (bytes.length === 0) return { ok: false, reason: 'bad signature' };
    const good = verify('sha256', Buffer.from(payload, 'utf8'), this.publicKey, bytes);
    return good ? { ok: true } : { ok: false, reason: 'bad signature' };
  }

  /** Another key pair's private key: its signatures never verify (generated once, on first use). */
  foreignPrivateKeyPem(): string {
    this.otherKeyPem ??= generateRsaKeyPair().privateKeyPem;
    return this.otherKeyPem;
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
