import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mintCoinSwitchSignature } from '../../relay/credentials';
import { ed25519FromSecretHex, signRequest } from './ed25519';
import { SEED_SIGNATURE_RESPONSE } from './seed-examples';
import { authText, callSignature, requestAuth, startCoinswitch, type CoinswitchUnderTest } from './test-support';

let sim: CoinswitchUnderTest;

beforeAll(async () => {
  sim = await startCoinswitch({ core: { publicRateScale: 0 } });
  sim.core.pause();
});

afterAll(async () => {
  await sim.stop();
});

const cred = () => sim.cs.credential('valid');

describe('CoinSwitch signature endpoint (GET /dma/api/v1/socket/signature)', () => {
  it('mints {api_key, expires, signature} for a correctly signed request, default lifetime 300 s', async () => {
    const before = Date.now();
    const { status, body, headers } = await callSignature(cred());
    expect(status).toBe(200);
    expect(Object.keys(body as object)).toEqual(Object.keys(SEED_SIGNATURE_RESPONSE));
    const minted = body as { api_key: string; expires: number; signature: string };
    expect(minted.api_key).toBe(cred().triple.apiKey);
    expect(minted.api_key).not.toBe(cred().apiKey); // the socket key is not the REST key
    expect(minted.expires).toBeGreaterThanOrEqual(before + 300_000);
    expect(minted.expires).toBeLessThanOrEqual(Date.now() + 300_000);
    expect(minted.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(headers.get('access-control-allow-origin')).toBe('*');
  });

  it('honours expires_in_seconds (signed with its query)', async () => {
    const { status, body } = await callSignature(cred(), {
      path: '/dma/api/v1/socket/signature?expires_in_seconds=60',
    });
    expect(status).toBe(200);
    const expires = (body as { expires: number }).expires;
    expect(expires - Date.now()).toBeGreaterThan(55_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(60_000);
  });

  it('the minted triple authenticates on the auth subject', async () => {
    const { body } = await callSignature(cred());
    const t = body as { api_key: string; expires: number; signature: string };
    const nc = await sim.connect();
    expect(
      await requestAuth(
        nc,
        sim.cs.authSubject,
        authText({ apiKey: t.api_key, expires: t.expires, signature: t.signature }),
      ),
    ).toEqual({ success: true });
    await sim.closeClients();
  });

  it("the relay's independent signer (relay/credentials.ts) gets a triple that authenticates", async () => {
    const c = cred();
    const venue = {
      venue: 'coinswitch' as const,
      id: 'cs-sim',
      signatureUrl: c.signatureUrl,
      apiKey: c.apiKey,
      secretKey: ed25519FromSecretHex(c.secretKeyHex).privateKey,
      expiresInSeconds: 120,
    };
    const minted = await mintCoinSwitchSignature(venue, { fetch, now: () => Date.now(), timeoutMs: 5_000 });
    expect(minted.expires - Date.now()).toBeGreaterThan(110_000);
    const nc = await sim.connect();
    expect(await requestAuth(nc, sim.cs.authSubject, authText(minted))).toEqual({ success: true });
    await sim.closeClients();
  });

  it('400 without X-AUTH-EPOCH', async () => {
    const { status, body } = await callSignature(cred(), { epoch: null });
    expect(status).toBe(400);
    expect(body).toEqual({ message: expect.stringContaining('X-AUTH-EPOCH') });
  });

  it('401 for a signature made with another key', async () => {
    const { status } = await callSignature(cred(), { secretKeyHex: randomBytes(32).toString('hex') });
    expect(status).toBe(401);
  });

  it('401 for a signature over another path (the query is signed)', async () => {
    const epoch = String(Date.now());
    const signedWithoutQuery = signRequest(cred().secretKeyHex, 'GET', '/dma/api/v1/socket/signature', epoch);
    const { status } = await callSignature(cred(), {
      path: '/dma/api/v1/socket/signature?expires_in_seconds=60',
      epoch,
      signature: signedWithoutQuery,
    });
    expect(status).toBe(401);
  });

  it('401 for an epoch more than 30 s off (correctly signed)', async () => {
    expect((await callSignature(cred(), { epoch: String(Date.now() - 60_000) })).status).toBe(401);
    expect((await callSignature(cred(), { epoch: String(Date.now() + 60_000) })).status).toBe(401);
  });

  it('401 for an unknown api key, 400 for a bad expires_in_seconds, 404 elsewhere, CORS preflight', async () => {
    expect((await callSignature(cred(), { apiKey: 'someone-else' })).status).toBe(401);
    expect((await callSignature(cred(), { path: '/dma/api/v1/socket/signature?expires_in_seconds=0' })).status).toBe(
      400,
    );
    expect((await callSignature(cred(), { path: '/dma/api/v1/socket/signature?expires_in_seconds=abc' })).status).toBe(
      400,
    );
    expect((await callSignature(cred(), { path: '/dma/api/v1/other' })).status).toBe(404);
    const origin = new URL(cred().signatureUrl).origin;
    const preflight = await fetch(cred().signatureUrl, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('X-AUTH-EPOCH');
    expect(origin).toBe(sim.cs.url.replace('ws://', 'http://'));
  });
});
