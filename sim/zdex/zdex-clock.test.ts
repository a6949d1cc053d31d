import { afterAll, expect, it } from 'vitest';
import type { Simulator } from '../index';
import { realScheduler, type Scheduler } from '../core/clock';
import { startTestSimulator } from '../testing/sim-for-tests';
import { WsTestClient } from '../testing/ws-test-client';
import { waitUntil } from '../testing/wait';
import { asFrame, isAccountFrame } from '../testing/zdex-frames';

/**
 * On a busy machine the clock moves while one price step fills several resting orders. The venue's
 * frames still go out in time order: the full state sent after a fill says the time of that fill, so
 * the next fill of the same step (stamped with the step's time) is not older than the state before it.
 * A client that drops position updates older than its last full state lost whole fills when it was not.
 */

let sim: Simulator | undefined;
afterAll(async () => sim?.stop());

/** Real timers, but every reading of the clock is a millisecond later than the last: a slow CPU. */
function slowClock(): Scheduler {
  let readings = 0;
  return { ...realScheduler, now: () => Date.now() + (readings += 1) };
}

it('account frames never go back in time, even when one step fills several orders on a slow clock', async () => {
  sim = await startTestSimulator({ scheduler: slowClock(), activityMs: 10, priceTickMs: 10 });
  const client = await WsTestClient.connect(sim.urls.zdex);
  client.send({ action: 'auth', token: sim.tokens('zdex').token });
  client.send({ action: 'subscribe', channel: 'account' });
  await client.waitFor((f) => f.event === 'subscribed' && f.channel === 'account');
  const fillsAtOnce = () => {
    const times = sim?.ledger('zdex').fills.map((f) => f.time) ?? [];
    return times.length - new Set(times).size;
  };
  await waitUntil(() => fillsAtOnce() >= 3, 30_000, 'several fills in one step');
  sim.pause();
  await client.flush();
  const stamps = client.frames
    .filter(isAccountFrame)
    .flatMap((f) => (asFrame(f).ts === undefined ? [] : [asFrame(f).ts ?? 0]));
  const backwards = stamps.flatMap((ts, i) =>
    i > 0 && ts < (stamps[i - 1] ?? 0) ? [`${stamps[i - 1]} -> ${ts}`] : [],
  );
  expect(stamps.length).toBeGreaterThan(10);
  expect(backwards).toEqual([]);
  client.close();
}, 60_000);
