import type { ExchangeCore, ExchangeOptions } from '../core/exchange';
import { num } from '../core/num';
import { startFrontEndRig } from '../testing/front-end-rig';
import { isObject, WsTestClient, type ReceivedFrame } from '../testing/ws-test-client';
import { startScaletrade, type ScaletradeServer, type ScaletradeTuning } from './server';

/** Test support: this front end on its own core (nothing else in sim/ has to know it). */
export interface ScaletradeRig {
  core: ExchangeCore;
  server: ScaletradeServer;
  stop(): Promise<void>;
}

/**
 * A core whose trader never acts by itself (tests drive it with `act`), fast prices, no funding,
 * and this front end on a free port; alerts and notifications off unless asked for.
 */
export async function startRig(
  tuning: Partial<ScaletradeTuning> = {},
  core: Partial<ExchangeOptions> = {},
  paused = false,
): Promise<ScaletradeRig> {
  const rig = await startFrontEndRig(
    { core, run: false },
    { seed: 11, activityMs: 1_000_000_000, publicRateScale: 0.5 },
    (exchange) =>
      startScaletrade({
        core: exchange,
        seed: 11,
        host: '127.0.0.1',
        port: 0,
        tuning: { profitIntervalMs: 200, alertIntervalMs: 0, notificationIntervalMs: 0, ...tuning },
      }),
  );
  if (paused) rig.core.pause();
  rig.core.start();
  return { core: rig.core, server: rig.frontEnd, stop: rig.stop };
}

export type WireArray = (string | number | Record<string, unknown>)[];

export const arrayOf = (f: ReceivedFrame): WireArray | undefined =>
  Array.isArray(f.json) ? (f.json as WireArray) : undefined;
export const markerOf = (f: ReceivedFrame): string | undefined => arrayOf(f)?.[0] as string | undefined;
export const eventOf = (f: ReceivedFrame): string | undefined =>
  isObject(f.json) ? ((f.json as { event?: string }).event ?? undefined) : undefined;

/** Frames with this marker received after `from`. */
export function arrays(client: WsTestClient, marker: string, from = 0): WireArray[] {
  return client.frames
    .slice(from)
    .filter((f) => markerOf(f) === marker)
    .map((f) => arrayOf(f) as WireArray);
}

/** Waits for the first frame after `from` that matches. */
export async function next(
  client: WsTestClient,
  match: (f: ReceivedFrame) => boolean,
  from = 0,
  timeoutMs = 10_000,
): Promise<ReceivedFrame> {
  await client.until(() => client.frames.slice(from).some(match), timeoutMs);
  const found = client.frames.slice(from).find(match);
  if (!found) throw new Error('unreachable');
  return found;
}

/** Text ping, then its pong: every frame the server sent before has arrived (the docs: send order is kept). */
export async function flush(client: WsTestClient): Promise<number> {
  const from = client.frames.length;
  client.socket.send('ping');
  const pong = await next(client, (f) => f.text === 'pong', from);
  return pong.seq;
}

export async function connect(rig: ScaletradeRig, clients: WsTestClient[]): Promise<WsTestClient> {
  const client = await WsTestClient.connect(rig.server.url);
  clients.push(client);
  return client;
}

/** Connected, authorized and switched to the demo login; resolves after the initial-state marker. */
export async function switched(
  rig: ScaletradeRig,
  clients: WsTestClient[],
): Promise<{ client: WsTestClient; marker: ReceivedFrame }> {
  const client = await connect(rig, clients);
  client.send({ authorization: rig.server.credential('valid').token });
  await next(client, (f) => eventOf(f) === 'authorization');
  client.send({ event: 'account.switch', active_login: 2000009 });
  const marker = await next(client, (f) => eventOf(f) === 'account.state');
  return { client, marker };
}

/** The last mark of a core symbol (the ledger's marks are keyed by ScaleTrade name). */
export function markOf(rig: ScaletradeRig, name: string) {
  return num(rig.server.ledger().marks[name] ?? '0');
}

/** Core order id of the front end's latest order. */
export function lastCoreOrderId(rig: ScaletradeRig): string {
  const orders = rig.core.ledger(rig.server.accountId).orders;
  const id = orders[orders.length - 1]?.orderId;
  if (!id) throw new Error('no order');
  return id;
}
