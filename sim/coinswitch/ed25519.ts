import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows it. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface Ed25519KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** The key pair of a 32-byte secret key given as 64 hex digits (CoinSwitch hands the secret out in hex). */
export function ed25519FromSecretHex(secretKeyHex: string): Ed25519KeyPair {
  if (!/^[0-9a-fA-F]{64}$/.test(secretKeyHex)) throw new Error('an Ed25519 secret key is 32 bytes (64 hex digits)');
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(secretKeyHex, 'hex')]),
    format: 'der',
    type: 'pkcs8',
  });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** Text of a request path with its query, URL-decoded (percent escapes only; `+` stays `+` [guess]). */
export function decodedPath(pathWithQuery: string): string {
  try {
    return decodeURIComponent(pathWithQuery);
  } catch {
    return pathWithQuery;
  }
}

/** What a CoinSwitch HFT request signs: METHOD + URL-decoded path with query + epoch (ms, as sent). */
export function requestSigningText(method: string, pathWithQuery: string, epoch: string): string {
  return method.toUpperCase() + decodedPath(pathWithQuery) + epoch;
}

/**
 * The client side (what a relay or test does): hex Ed25519 signature for the X-AUTH-SIGNATURE header.
 * The simulator itself only verifies; this lives here so tests and `credential()` users sign the same way.
 */
export function signRequest(secretKeyHex: string, method: string, pathWithQuery: string, epoch: string): string {
  const { privateKey } = ed25519FromSecretHex(secretKeyHex);
  return sign(null, Buffer.from(requestSigningText(method, pathWithQuery, epoch), 'utf8'), privateKey).toString('hex');
}

/** Verify a hex Ed25519 signature; false for anything that is not 64 bytes of hex. */
export function verifyRequest(
  publicKey: KeyObject,
  method: string,
  pathWithQuery: string,
  epoch: string,
  signatureHex: string,
): boolean {
  if (!/^[0-9a-fA-F]{128}$/.test(signatureHex)) return false;
  return verify(
    null,
    Buffer.from(requestSigningText(method, pathWithQuery, epoch), 'utf8'),
    publicKey,
    Buffer.from(signatureHex, 'hex'),
  );
}
