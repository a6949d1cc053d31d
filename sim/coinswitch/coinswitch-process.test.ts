import { afterEach, describe, expect, it } from 'vitest';
import { ExchangeCore } from '../core/exchange';
import { NATS_SERVER_MISSING } from './nats-process';
import { CoinswitchServer, coinswitchFrontEnd } from './server';
import { callSignature } from './test-support';

const cores: ExchangeCore[] = [];
const servers: CoinswitchServer[] = [];

afterEach(async () => {
  for (const core of cores.splice(0)) core.stop();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

function newCore(): ExchangeCore {
  const core = new ExchangeCore({ seed: 11, publicRateScale: 0 });
  cores.push(core);
  return core;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('CoinSwitch front end lifecycle (nats-server child process)', () => {
  it('the definition: venue coinswitch, default port 7103; start on free ports exposes the URLs', async () => {
    expect(coinswitchFrontEnd).toMatchObject({ venue: 'coinswitch', defaultPort: 7103 });
    const front = await coinswitchFrontEnd.start({ core: newCore(), seed: 11, host: '127.0.0.1', port: 0, tuning: {} });
    servers.push(front as CoinswitchServer);
    expect(front.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const cs = front as CoinswitchServer;
    expect(cs.signatureUrl).toBe(`${front.url.replace('ws://', 'http://')}/dma/api/v1/socket/signature`);
    expect(cs.natsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(cs.natsUrl).not.toBe(front.url);
    expect(front.restUrl).toBe(front.url.replace('ws://', 'http://'));
    const cred = front.credential('valid');
    expect(Object.keys(cred).sort()).toEqual([
      'apiKey',
      'restUrl',
      'secretKeyHex',
      'signatureUrl',
      'subAccountId',
      'triple',
    ]);
    expect(cred.restUrl).toBe(front.restUrl);
    expect(cred.secretKeyHex).toMatch(/^[0-9a-f]{64}$/);
    expect(cred.subAccountId).toBe(front.accountId);
    expect(cred.triple.expires - Date.now()).toBeGreaterThan(290_000);
    expect(front.credential('expired').triple.expires).toBeLessThan(Date.now());
  });

  it('stop() kills nats-server and frees the port', async () => {
    const cs = await CoinswitchServer.start({ core: newCore(), seed: 11, host: '127.0.0.1', port: 0, tuning: {} });
    const pid = cs.natsPid as number;
    expect(alive(pid)).toBe(true);
    const cred = cs.credential('valid');
    await cs.stop();
    expect(alive(pid)).toBe(false);
    await expect(callSignature(cred)).rejects.toThrow();
  });

  it('stop() during a stall, and restart() after nats-server died on its own', async () => {
    const cs = await CoinswitchServer.start({ core: newCore(), seed: 11, host: '127.0.0.1', port: 0, tuning: {} });
    servers.push(cs);
    const first = cs.natsPid as number;
    process.kill(first, 'SIGKILL');
    await expect.poll(() => alive(first), { timeout: 5_000 }).toBe(false);
    await cs.restart();
    expect(alive(cs.natsPid as number)).toBe(true);
    cs.fault({ venue: 'coinswitch', fault: 'stall', durationMs: 60_000 });
    const pid = cs.natsPid as number;
    await cs.stop();
    expect(alive(pid)).toBe(false);
  });

  it('a given Ed25519 secret key and REST api key are the ones the endpoint checks', async () => {
    const secretKeyHex = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
    const cs = await CoinswitchServer.start({
      core: newCore(),
      seed: 11,
      host: '127.0.0.1',
      port: 0,
      tuning: { secretKeyHex, restApiKey: 'demo-key' },
    });
    servers.push(cs);
    const cred = cs.credential('valid');
    expect([cred.apiKey, cred.secretKeyHex]).toEqual(['demo-key', secretKeyHex]);
    expect((await callSignature(cred)).status).toBe(200);
  });

  it('a missing binary is a clear error (found before anything binds a port)', async () => {
    const start = CoinswitchServer.start({
      core: newCore(),
      seed: 11,
      host: '127.0.0.1',
      port: 0,
      tuning: { natsServerPath: '/nonexistent/nats-server' },
    });
    await expect(start).rejects.toThrow(NATS_SERVER_MISSING);
    expect(NATS_SERVER_MISSING).toContain('install the Debian package nats-server');
  });

  it('a taken port is reported with nats-server’s own words', async () => {
    const first = await CoinswitchServer.start({ core: newCore(), seed: 11, host: '127.0.0.1', port: 0, tuning: {} });
    servers.push(first);
    const taken = Number(new URL(first.natsUrl).port);
    const second = CoinswitchServer.start({
      core: newCore(),
      seed: 12,
      host: '127.0.0.1',
      port: 0,
      tuning: { natsWebsocketPort: taken },
    });
    await expect(second).rejects.toThrow(/address already in use/);
  });
});
